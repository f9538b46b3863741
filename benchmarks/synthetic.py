"""Realistic synthetic designs for benchmarks: deterministic for a given seed and size.

Why not random graphs: the validator's cost depends on what real designs look like — many
application and data components, few security services; components grouped in boundaries per trust
zone; flows mostly between neighbouring tiers; stores holding classified data that flows carry; some
controls ticked and some not. A uniform random graph would over- or under-state path searches and
crossings, so the generator follows the proportions below.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Any

from caisa_studio.catalog import Catalog, default_catalog
from caisa_studio.catalog.schema import KindSpec, PropertySpec
from caisa_studio.model import Design, Zone

# Trust tiers (CATALOG.md B0): flows mostly connect a tier with itself or its neighbours.
ZONE_LEVEL: dict[Zone, int] = {
    Zone.PUBLIC: 0,
    Zone.EXTERNAL: 1,
    Zone.DEVICE: 1,
    Zone.EDGE: 2,
    Zone.CORP: 2,
    Zone.APP: 3,
    Zone.DATA: 4,
    Zone.MGMT: 5,
}

# Relative frequency of each kind in a typical enterprise AI estate (kinds missing here weigh 1.0).
KIND_WEIGHTS: dict[str, float] = {
    "human_user": 3.0,
    "privileged_user": 1.5,
    "human_approver": 0.5,
    "external_data_source": 2.0,
    "enterprise_data_source": 4.0,
    "data_pipeline": 4.0,
    "training_data_store": 2.5,
    "feature_store": 1.5,
    "notebook_workspace": 1.5,
    "training_job": 2.0,
    "evaluation_harness": 1.0,
    "fl_aggregator": 0.3,
    "external_model_source": 1.0,
    "model_registry": 1.5,
    "mlops_pipeline": 1.0,
    "inference_endpoint": 4.0,
    "llm_api": 3.0,
    "edge_device_runtime": 0.7,
    "api_gateway": 3.0,
    "ai_gateway": 2.0,
    "web_app": 5.0,
    "orchestrator": 4.0,
    "guardrail": 3.0,
    "prompt_cache": 1.5,
    "embedding_service": 2.5,
    "vector_db": 3.0,
    "rag_retriever": 3.0,
    "agent": 3.0,
    "agent_tool": 5.0,
    "mcp_server": 2.0,
    "agent_memory": 1.5,
    "external_service": 2.5,
    "identity_provider": 1.0,
    "kms": 1.0,
    "logging_siem": 1.0,
    "model_monitor": 1.0,
}

# Kinds that often live outside their default zone, with the alternative and its probability.
ALTERNATIVE_ZONES: dict[str, tuple[Zone, float]] = {
    "human_user": (Zone.CORP, 0.25),
    "web_app": (Zone.APP, 0.3),
    "inference_endpoint": (Zone.DATA, 0.3),
    "embedding_service": (Zone.EXTERNAL, 0.2),
    "agent_tool": (Zone.EXTERNAL, 0.25),
    "mcp_server": (Zone.EXTERNAL, 0.25),
    "notebook_workspace": (Zone.DATA, 0.4),
}

CLASSIFICATION_WEIGHTS = {"public": 0.10, "internal": 0.35, "confidential": 0.40, "restricted": 0.15}
TAG_WEIGHTS = {
    "pii": 0.30,
    "spi": 0.05,
    "credentials": 0.08,
    "model_weights": 0.08,
    "system_prompt": 0.05,
    "training_data": 0.15,
    "prompts": 0.20,
    "embeddings": 0.10,
    "telemetry": 0.10,
    "business_records": 0.20,
}
ASSET_NOUNS = [
    "customer records",
    "chat transcripts",
    "support articles",
    "fine-tuning set",
    "feature vectors",
    "model checkpoint",
    "API keys",
    "audit trail",
    "claims history",
    "product catalogue",
    "health notes",
    "embeddings",
]
PROTOCOLS = ["HTTPS", "HTTPS", "HTTPS", "gRPC", "gRPC", "HTTP", "JDBC", "AMQP", "MCP", "syslog"]

BOUNDARY_SIZE = (6, 14)  # components per drawn boundary
UNBOUNDED_SHARE = 0.08  # components drawn outside any boundary
NEIGHBOUR_SHARE = 0.8  # flows to the same or an adjacent tier
SAME_BOUNDARY_SHARE = 0.35  # of neighbour flows, those that stay inside the source's boundary
CONTROL_IMPLEMENTED, CONTROL_PLANNED, CONTROL_NOT_APPLICABLE = 0.35, 0.06, 0.02
FLOW_TLS = 0.7
PROPERTY_SET_SHARE = 0.3
CELL = 120  # layout grid, in scene units


def _state(status: str) -> dict[str, str]:
    justification = {
        "implemented": "",
        "planned": "Scheduled for the next hardening sprint.",
        "not_applicable": "Handled by the hosting platform.",
    }[status]
    return {"status": status, "justification": justification}


def _pick_status(rng: random.Random, implemented: float, planned: float, waived: float) -> str | None:
    roll = rng.random()
    if roll < implemented:
        return "implemented"
    if roll < implemented + planned:
        return "planned"
    if roll < implemented + planned + waived:
        return "not_applicable"
    return None


def _property_value(rng: random.Random, spec: PropertySpec) -> Any:
    if spec.type == "bool":
        return rng.random() < 0.5
    if spec.type == "enum" and spec.values:
        return rng.choice(spec.values)
    if spec.type == "set" and spec.values:
        return sorted(rng.sample(spec.values, rng.randint(1, min(3, len(spec.values)))))
    return None


def _zone_for(rng: random.Random, kind: KindSpec) -> Zone:
    alternative = ALTERNATIVE_ZONES.get(kind.id)
    if alternative is not None and rng.random() < alternative[1]:
        return alternative[0]
    return kind.default_zone


def generate_design(components: int, seed: int = 20250101, catalog: Catalog | None = None) -> Design:
    """A design with ``components`` components, ~2 outgoing flows each, boundaries and data assets."""
    if components < 2:
        raise ValueError("a synthetic design needs at least two components")
    catalog = catalog or default_catalog()
    rng = random.Random(f"{seed}:{components}")
    kinds = list(catalog.kinds.values())
    weights = [KIND_WEIGHTS.get(kind.id, 1.0) for kind in kinds]
    drawn = rng.choices(kinds, weights=weights, k=components)

    # Data assets: about one per four components.
    assets: list[dict[str, Any]] = []
    tag_ids = [t.id for t in catalog.classifications.data_tags]
    for index in range(max(3, components // 4)):
        tags = {rng.choices(tag_ids, weights=[TAG_WEIGHTS.get(t, 0.1) for t in tag_ids])[0]}
        if rng.random() < 0.4:
            tags.add(rng.choices(tag_ids, weights=[TAG_WEIGHTS.get(t, 0.1) for t in tag_ids])[0])
        assets.append(
            {
                "id": f"da-{index:05d}",
                "name": f"{rng.choice(ASSET_NOUNS).capitalize()} {index}",
                "classification": rng.choices(
                    list(CLASSIFICATION_WEIGHTS), weights=list(CLASSIFICATION_WEIGHTS.values())
                )[0],
                "tags": sorted(tags),
            }
        )
    asset_ids = [a["id"] for a in assets]

    # Components, each placed in a zone (its kind's default, sometimes a common alternative).
    comps: list[dict[str, Any]] = []
    zones: list[Zone] = []
    for index, kind in enumerate(drawn):
        unbounded = rng.random() < UNBOUNDED_SHARE
        zone = kind.default_zone if unbounded else _zone_for(rng, kind)
        holds: list[str] = []
        if "persists_data" in kind.capabilities:
            if rng.random() < 0.7:
                holds = sorted(set(rng.sample(asset_ids, rng.randint(1, min(3, len(asset_ids))))))
        elif rng.random() < 0.1:
            holds = [rng.choice(asset_ids)]
        controls: dict[str, dict[str, str]] = {}
        for spec in catalog.controls_for_kind(kind.id):
            status = _pick_status(rng, CONTROL_IMPLEMENTED, CONTROL_PLANNED, CONTROL_NOT_APPLICABLE)
            if status is not None:
                controls[spec.id] = _state(status)
        properties: dict[str, Any] = {}
        for property_id in kind.properties:
            spec = catalog.component_properties.get(property_id)
            if spec is not None and rng.random() < PROPERTY_SET_SHARE:
                value = _property_value(rng, spec)
                if value is not None:
                    properties[property_id] = value
        comps.append(
            {
                "id": f"c-{index:05d}",
                "kind": kind.id,
                "name": f"{kind.name} {index}",
                "boundary": None if unbounded else "",
                "position": [0, 0],
                "properties": properties,
                "holds": holds,
                "controls": controls,
            }
        )
        zones.append(zone)

    # Boundaries: the bounded components of each zone, in chunks of BOUNDARY_SIZE.
    boundaries: list[dict[str, Any]] = []
    by_zone: dict[Zone, list[int]] = defaultdict(list)
    for index, comp in enumerate(comps):
        if comp["boundary"] is not None:
            by_zone[zones[index]].append(index)
    column_of = {zone: column for column, zone in enumerate(sorted(ZONE_LEVEL, key=ZONE_LEVEL.__getitem__))}
    column_height: dict[int, int] = defaultdict(int)
    for zone in sorted(by_zone, key=lambda z: (ZONE_LEVEL[z], z.value)):
        members = by_zone[zone]
        rng.shuffle(members)
        start = 0
        while start < len(members):
            size = rng.randint(*BOUNDARY_SIZE)
            chunk = members[start : start + size]
            start += size
            boundary_id = f"b-{zone.value.lower()}-{len(boundaries):04d}"
            column = column_of[zone]
            per_row = 4
            rows = (len(chunk) + per_row - 1) // per_row
            x, y = column * (per_row * CELL + 80), column_height[column]
            width, height = per_row * CELL + 40, rows * CELL + 60
            column_height[column] += height + 40
            controls = {}
            if zone in (Zone.DATA, Zone.MGMT) and rng.random() < 0.5:
                controls["segmentation"] = _state("implemented")
            boundaries.append(
                {
                    "id": boundary_id,
                    "name": f"{zone.value.title()} segment {len(boundaries)}",
                    "zone": zone.value,
                    "rect": [x, y, width, height],
                    "controls": controls,
                }
            )
            for slot, member in enumerate(chunk):
                comps[member]["boundary"] = boundary_id
                column_x, row_y = slot % per_row, slot // per_row
                comps[member]["position"] = [x + 20 + column_x * CELL, y + 40 + row_y * CELL]
    floor = max(column_height.values(), default=0) + 200
    for index, comp in enumerate(comps):
        if comp["boundary"] is None:
            comp["position"] = [(index % 40) * CELL, floor + (index // 40) * CELL]

    # Flows: ~2 outgoing per component, mostly to the same or a neighbouring tier.
    by_level: dict[int, list[int]] = defaultdict(list)
    by_boundary: dict[str, list[int]] = defaultdict(list)
    for index, zone in enumerate(zones):
        by_level[ZONE_LEVEL[zone]].append(index)
        if comps[index]["boundary"]:
            by_boundary[comps[index]["boundary"]].append(index)
    holds_of = [comp["holds"] for comp in comps]
    flows: list[dict[str, Any]] = []
    pairs: set[tuple[int, int]] = set()
    for source in range(components):
        for _ in range(rng.choice((1, 2, 2, 2, 3))):
            target = _pick_target(rng, source, zones, comps, by_level, by_boundary, components)
            if target == source or (source, target) in pairs:
                continue
            pairs.add((source, target))
            nearby = sorted(set(holds_of[source]) | set(holds_of[target]))
            carries: set[str] = set()
            for _ in range(rng.choice((0, 1, 1, 2))):
                pool = nearby if nearby and rng.random() < 0.6 else asset_ids
                carries.add(rng.choice(pool))
            controls = {}
            status = _pick_status(rng, FLOW_TLS, 0.08, 0.02)
            if status is not None:
                controls["enc_in_transit"] = _state(status)
            if rng.random() < 0.4:
                controls["authn"] = _state("implemented")
            flows.append(
                {
                    "id": f"f-{len(flows):06d}",
                    "source": comps[source]["id"],
                    "target": comps[target]["id"],
                    "protocol": rng.choice(PROTOCOLS),
                    "bidirectional": rng.random() < 0.15,
                    "carries": sorted(carries),
                    "properties": {},
                    "controls": controls,
                }
            )

    # Risk tracking: a few decisions, some of them about findings that no longer fire.
    tracking: dict[str, dict[str, Any]] = {}
    for flow in rng.sample(flows, max(1, len(flows) // 50)):
        tracking[f"R-ENC-02@{flow['id']}"] = {
            "status": "accepted",
            "justification": "Private link; encryption terminates at the provider edge.",
            "owner": "platform-security",
            "date": "2025-03-01",
            "expires": rng.choice(["2030-12-31", "2024-12-31", None]),
        }

    return Design.model_validate(
        {
            "id": f"synthetic-{components}",
            "title": f"Synthetic estate with {components} components (seed {seed})",
            "description": "Generated by benchmarks/synthetic.py for performance measurements.",
            "properties": {"risk_class": "limited"},
            "boundaries": boundaries,
            "components": comps,
            "flows": flows,
            "data_assets": assets,
            "risk_tracking": tracking,
        }
    )


def _pick_target(
    rng: random.Random,
    source: int,
    zones: list[Zone],
    comps: list[dict[str, Any]],
    by_level: dict[int, list[int]],
    by_boundary: dict[str, list[int]],
    total: int,
) -> int:
    if rng.random() >= NEIGHBOUR_SHARE:
        return rng.randrange(total)
    boundary = comps[source]["boundary"]
    if boundary and rng.random() < SAME_BOUNDARY_SHARE and len(by_boundary[boundary]) > 1:
        return rng.choice(by_boundary[boundary])
    level = ZONE_LEVEL[zones[source]]
    candidates = [lvl for lvl in (level - 1, level, level + 1) if by_level.get(lvl)]
    return rng.choice(by_level[rng.choice(candidates)])
