"""What the renderer shows for each element, derived once from the design, catalog and findings.

Pure Python (no Qt): the canvas and every exporter draw from the same view model, so a flow that is
dashed red on screen is dashed red in the PDF too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caisa_studio.analysis import DesignFacts
from caisa_studio.catalog import Catalog
from caisa_studio.model import Design, Zone
from caisa_studio.rules import Finding, Severity, ValidationResult


@dataclass(frozen=True)
class Badge:
    severity: Severity
    count: int
    tooltip: str


@dataclass(frozen=True)
class ComponentView:
    id: str
    name: str
    kind: str
    kind_name: str
    category: str
    x: float
    y: float
    zone: Zone
    badge: Badge | None = None


@dataclass(frozen=True)
class FlowView:
    id: str
    source: str
    target: str
    label: str
    bidirectional: bool
    encrypted: bool
    exposed: bool  # crosses a trust boundary without encryption: drawn dashed in the warning colour
    badge: Badge | None = None


@dataclass(frozen=True)
class BoundaryView:
    id: str
    name: str
    zone: Zone
    rect: tuple[float, float, float, float]
    badge: Badge | None = None


@dataclass(frozen=True)
class DiagramView:
    title: str
    components: tuple[ComponentView, ...]
    flows: tuple[FlowView, ...]
    boundaries: tuple[BoundaryView, ...]
    highlighted_path: tuple[str, ...] = field(default=())


def badges_from(result: ValidationResult | None) -> dict[str, Badge]:
    """Worst open severity and count of open findings per subject."""
    if result is None:
        return {}
    grouped: dict[str, list[Finding]] = {}
    for finding in result.open_findings:
        grouped.setdefault(finding.subject, []).append(finding)
    badges: dict[str, Badge] = {}
    for subject, findings in grouped.items():
        worst = max(findings, key=lambda f: f.severity.rank)
        lines = [f"{f.severity.value.upper()} {f.rule}: {f.message}" for f in findings]
        badges[subject] = Badge(worst.severity, len(findings), "\n".join(lines))
    return badges


def build_view(
    design: Design,
    catalog: Catalog,
    result: ValidationResult | None = None,
    *,
    show_badges: bool = True,
    highlighted_path: tuple[str, ...] = (),
) -> DiagramView:
    facts = DesignFacts(design, catalog)
    badges = badges_from(result) if show_badges else {}
    components = []
    for component in design.components.values():
        kind = catalog.kind(component.kind)
        components.append(
            ComponentView(
                id=component.id,
                name=component.name or component.id,
                kind=component.kind,
                kind_name=kind.name if kind else component.kind,
                category=kind.category if kind else "",
                x=component.position[0],
                y=component.position[1],
                zone=facts.zone_of(component),
                badge=badges.get(component.id),
            )
        )
    flows = []
    for flow in design.flows.values():
        encrypted = facts.has(flow, "enc_in_transit")
        flows.append(
            FlowView(
                id=flow.id,
                source=flow.source,
                target=flow.target,
                label=flow.protocol,
                bidirectional=flow.bidirectional,
                encrypted=encrypted,
                exposed=facts.crosses(flow) and not facts.satisfied(flow, "enc_in_transit"),
                badge=badges.get(flow.id),
            )
        )
    boundaries = [
        BoundaryView(b.id, b.name, b.zone, tuple(b.rect), badges.get(b.id))  # type: ignore[arg-type]
        for b in design.boundaries.values()
    ]
    boundaries.sort(key=lambda b: (-(b.rect[2] * b.rect[3]), b.id))
    return DiagramView(
        title=design.title or design.id,
        components=tuple(sorted(components, key=lambda c: c.id)),
        flows=tuple(sorted(flows, key=lambda f: f.id)),
        boundaries=tuple(boundaries),
        highlighted_path=highlighted_path,
    )
