"""R-ENC-01 / R-ENC-02 on small hand-built designs, plus the validator engine they run in.

Each fixture is a minimal design so a failure points at exactly one reading of CATALOG.md B0/B3:
only ``implemented`` counts, ``not_applicable`` waives, ``planned`` does not; a flow crosses when its
endpoints sit in different drawn boundaries (even of one zone) or, outside boundaries, in different
zones; boundary controls count for member components but never for flows.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

import pytest

from caisa_studio.catalog import default_catalog
from caisa_studio.model import ControlState, ControlStatus, Design, DesignDocument, RiskEntry, RiskStatus
from caisa_studio.model.edits import MoveComponents, SetAttribute, SetControl, SetRiskEntry
from caisa_studio.rules import Finding, Severity, ValidationResult, Validator, builtin_rules

TODAY = date(2025, 6, 15)

# CATALOG.md B3 R-ENC-01: Stores (B2) ∪ {edge_device_runtime, notebook_workspace}.
ENC_01_KINDS = frozenset(
    {
        "training_data_store",
        "feature_store",
        "model_registry",
        "vector_db",
        "agent_memory",
        "prompt_cache",
        "enterprise_data_source",
        "logging_siem",
        "edge_device_runtime",
        "notebook_workspace",
        "generic_store",  # not in B3: our DFD data store for imports is a store too
    }
)


def control(status: str, justification: str = "") -> dict[str, str]:
    return {"status": status, "justification": justification}


def asset(asset_id: str, classification: str = "confidential", *tags: str) -> dict[str, Any]:
    return {"id": asset_id, "name": f"Asset {asset_id}", "classification": classification, "tags": list(tags)}


def component(
    component_id: str,
    kind: str,
    boundary: str | None = None,
    holds: Iterable[str] = (),
    controls: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "id": component_id,
        "kind": kind,
        "name": f"The {component_id}",
        "boundary": boundary,
        "holds": list(holds),
        "controls": controls or {},
    }


def flow(
    flow_id: str,
    source: str,
    target: str,
    carries: Iterable[str] = (),
    controls: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    return {
        "id": flow_id,
        "source": source,
        "target": target,
        "carries": list(carries),
        "controls": controls or {},
    }


def boundary(
    boundary_id: str, zone: str, controls: dict[str, dict[str, str]] | None = None
) -> dict[str, Any]:
    return {"id": boundary_id, "name": f"Boundary {boundary_id}", "zone": zone, "controls": controls or {}}


def make_design(
    components: list[dict[str, Any]],
    flows: list[dict[str, Any]] | None = None,
    boundaries: list[dict[str, Any]] | None = None,
    assets: list[dict[str, Any]] | None = None,
    risk_tracking: dict[str, dict[str, Any]] | None = None,
) -> Design:
    return Design.model_validate(
        {
            "id": "t-design",
            "title": "Test design",
            "components": components,
            "flows": flows or [],
            "boundaries": boundaries or [],
            "data_assets": assets or [],
            "risk_tracking": risk_tracking or {},
        }
    )


def run(design: Design) -> ValidationResult:
    """All built-in rules, as the CLI runs them; per-rule tests filter with ``of_rule``."""
    return Validator(today=TODAY).full(design)


def enc_validator() -> Validator:
    """Only the two encryption rules, so engine tests do not change as other rules are written."""
    return Validator(rules=[r for r in builtin_rules() if r.meta.id.startswith("R-ENC-")], today=TODAY)


def of_rule(result: ValidationResult, rule: str) -> list[Finding]:
    return [f for f in result.findings if f.rule == rule]


# --- R-ENC-01 -------------------------------------------------------------------------------------------


def store_design(
    kind: str = "vector_db",
    holds: Iterable[str] = ("da-1",),
    controls: dict[str, dict[str, str]] | None = None,
    assets: list[dict[str, Any]] | None = None,
    boundary_controls: dict[str, dict[str, str]] | None = None,
) -> Design:
    return make_design(
        components=[component("store", kind, "b-data", holds, controls)],
        boundaries=[boundary("b-data", "DATA", boundary_controls)],
        assets=assets if assets is not None else [asset("da-1", "confidential")],
    )


def test_enc01_fires_on_vector_db_with_confidential_asset() -> None:
    """The core positive case: a confidential asset at rest with no encryption."""
    findings = of_rule(run(store_design()), "R-ENC-01")
    assert [f.id for f in findings] == ["R-ENC-01@store"]
    finding = findings[0]
    assert finding.severity is Severity.HIGH
    assert finding.subjects == ("store",)
    assert finding.status is RiskStatus.OPEN
    assert "The store" in finding.message
    assert "Asset da-1" in finding.message
    assert "without encryption at rest" in finding.message
    assert "assumed" not in finding.message


@pytest.mark.parametrize("status", ["implemented", "not_applicable"])
def test_enc01_satisfied_by_implemented_or_waived(status: str) -> None:
    """``implemented`` counts and ``not_applicable`` (justified) waives the finding."""
    design = store_design(controls={"enc_at_rest": control(status, "managed by the platform")})
    assert of_rule(run(design), "R-ENC-01") == []


def test_enc01_planned_does_not_count() -> None:
    """B0: a control that is only planned is not present, so the store is still exposed."""
    design = store_design(controls={"enc_at_rest": control("planned", "next quarter")})
    assert [f.id for f in of_rule(run(design), "R-ENC-01")] == ["R-ENC-01@store"]


def test_enc01_boundary_control_counts_for_members() -> None:
    """B0: controls set on a boundary count for every member component."""
    design = store_design(boundary_controls={"enc_at_rest": control("implemented")})
    assert of_rule(run(design), "R-ENC-01") == []


def test_enc01_other_control_does_not_count() -> None:
    """Only enc_at_rest suppresses R-ENC-01; an unrelated implemented control does not."""
    design = store_design(
        controls={"authz": control("implemented"), "enc_in_transit": control("implemented")}
    )
    assert len(of_rule(run(design), "R-ENC-01")) == 1


@pytest.mark.parametrize(
    ("tags", "severity"),
    [
        (("credentials",), Severity.CRITICAL),
        (("spi",), Severity.CRITICAL),
        (("pii", "spi"), Severity.CRITICAL),
        (("pii",), Severity.HIGH),
        (("model_weights",), Severity.HIGH),
        ((), Severity.HIGH),
    ],
)
def test_enc01_severity_by_tag(tags: tuple[str, ...], severity: Severity) -> None:
    """Critical only for credentials/spi (B3); other sensitive data stays high."""
    design = store_design(assets=[asset("da-1", "confidential", *tags)])
    findings = of_rule(run(design), "R-ENC-01")
    assert len(findings) == 1
    assert findings[0].severity is severity


def test_enc01_critical_when_any_held_asset_is_critical() -> None:
    """Severity looks at all held assets together, not just the first one."""
    design = store_design(
        holds=("da-1", "da-2"),
        assets=[asset("da-1", "internal"), asset("da-2", "public", "credentials")],
    )
    findings = of_rule(run(design), "R-ENC-01")
    assert [f.severity for f in findings] == [Severity.CRITICAL]
    assert "Asset da-1 and Asset da-2" in findings[0].message


def test_enc01_sensitive_tag_makes_public_data_sensitive() -> None:
    """B0: ``pii`` makes data sensitive whatever its classification level."""
    design = store_design(assets=[asset("da-1", "public", "pii")])
    assert len(of_rule(run(design), "R-ENC-01")) == 1


@pytest.mark.parametrize("classification", ["public", "internal"])
def test_enc01_quiet_for_declared_non_sensitive_data(classification: str) -> None:
    """Declared assets replace the kind's assumption: non-sensitive declared data raises nothing."""
    design = store_design(assets=[asset("da-1", classification, "embeddings", "telemetry")])
    assert of_rule(run(design), "R-ENC-01") == []


def test_enc01_restricted_counts_as_sensitive() -> None:
    design = store_design(assets=[asset("da-1", "restricted")])
    findings = of_rule(run(design), "R-ENC-01")
    assert len(findings) == 1
    assert "restricted" in findings[0].message


def test_enc01_assumed_from_kind_when_no_assets_declared() -> None:
    """A store with no declared assets is judged by its kind's typical data, and says so."""
    design = store_design(holds=(), assets=[])
    findings = of_rule(run(design), "R-ENC-01")
    assert len(findings) == 1
    assert "assumed" in findings[0].message
    assert "confidential" in findings[0].message
    assert findings[0].severity is Severity.HIGH


def test_enc01_assumed_credentials_are_critical() -> None:
    """notebook_workspace typically holds credentials, so the assumed finding is critical."""
    design = store_design(kind="notebook_workspace", holds=(), assets=[])
    findings = of_rule(run(design), "R-ENC-01")
    assert [f.severity for f in findings] == [Severity.CRITICAL]
    assert "assumed" in findings[0].message


def test_enc01_ignores_kinds_that_do_not_persist_data() -> None:
    """A web app holding confidential data is not a store; ENC-01 is for data at rest."""
    design = make_design(
        components=[component("app", "web_app", holds=["da-1"])],
        assets=[asset("da-1", "restricted", "credentials")],
    )
    assert not default_catalog().has_capability("web_app", "persists_data")
    assert of_rule(run(design), "R-ENC-01") == []


@pytest.mark.parametrize("kind", sorted(default_catalog().kinds))
def test_enc01_fires_exactly_for_b3_store_kinds(kind: str) -> None:
    """Every catalog kind: ENC-01 applies to Stores ∪ {edge_device_runtime, notebook_workspace} only."""
    design = make_design(
        components=[component("n", kind, holds=["da-1"])], assets=[asset("da-1", "confidential")]
    )
    fired = [f.id for f in of_rule(run(design), "R-ENC-01")]
    assert fired == (["R-ENC-01@n"] if kind in ENC_01_KINDS else [])


# --- R-ENC-02 -------------------------------------------------------------------------------------------


def two_box_design(
    flow_controls: dict[str, dict[str, str]] | None = None,
    carries: Iterable[str] = (),
    assets: list[dict[str, Any]] | None = None,
    first_box_controls: dict[str, dict[str, str]] | None = None,
    second_box_controls: dict[str, dict[str, str]] | None = None,
) -> Design:
    """Two APP components in two different drawn APP boundaries, one flow between them."""
    return make_design(
        components=[component("orch", "orchestrator", "b-one"), component("ret", "rag_retriever", "b-two")],
        flows=[flow("f-1", "orch", "ret", carries, flow_controls)],
        boundaries=[
            boundary("b-one", "APP", first_box_controls),
            boundary("b-two", "APP", second_box_controls),
        ],
        assets=assets or [],
    )


def test_enc02_fires_between_two_boundaries_of_the_same_zone() -> None:
    """B0: different drawn boundaries cross even when both are the same zone."""
    findings = of_rule(run(two_box_design()), "R-ENC-02")
    assert [f.id for f in findings] == ["R-ENC-02@f-1"]
    finding = findings[0]
    assert finding.severity is Severity.HIGH
    assert finding.subjects == ("f-1", "orch", "ret")
    assert "The orch" in finding.message and "The ret" in finding.message
    assert "Boundary b-two" in finding.message
    assert "clear text" in finding.message


def test_enc02_fires_between_unbounded_components_of_different_default_zones() -> None:
    """With no boundaries drawn, the kinds' default zones decide (orchestrator APP → vector_db DATA)."""
    design = make_design(
        components=[component("orch", "orchestrator"), component("vec", "vector_db")],
        flows=[flow("f-1", "orch", "vec")],
    )
    findings = of_rule(run(design), "R-ENC-02")
    assert [f.id for f in findings] == ["R-ENC-02@f-1"]
    assert "APP zone into the DATA zone" in findings[0].message


def test_enc02_quiet_between_unbounded_components_of_the_same_default_zone() -> None:
    design = make_design(
        components=[component("orch", "orchestrator"), component("ret", "rag_retriever")],
        flows=[flow("f-1", "orch", "ret")],
    )
    assert of_rule(run(design), "R-ENC-02") == []


def test_enc02_quiet_inside_one_boundary_even_across_default_zones() -> None:
    """A drawn boundary overrides default zones: orchestrator and vector_db together do not cross."""
    design = make_design(
        components=[component("orch", "orchestrator", "b-1"), component("vec", "vector_db", "b-1")],
        flows=[flow("f-1", "orch", "vec")],
        boundaries=[boundary("b-1", "APP")],
    )
    assert of_rule(run(design), "R-ENC-02") == []


@pytest.mark.parametrize(("outside_kind", "crosses"), [("rag_retriever", False), ("vector_db", True)])
def test_enc02_one_endpoint_outside_any_boundary_compares_zones(outside_kind: str, crosses: bool) -> None:
    """B0: when either endpoint is in no boundary, the zones decide (boundary zone vs default zone)."""
    design = make_design(
        components=[component("orch", "orchestrator", "b-1"), component("other", outside_kind)],
        flows=[flow("f-1", "orch", "other")],
        boundaries=[boundary("b-1", "APP")],
    )
    assert len(of_rule(run(design), "R-ENC-02")) == (1 if crosses else 0)


@pytest.mark.parametrize("status", ["implemented", "not_applicable"])
def test_enc02_satisfied_by_implemented_or_waived(status: str) -> None:
    design = two_box_design(flow_controls={"enc_in_transit": control(status, "private link")})
    assert of_rule(run(design), "R-ENC-02") == []


def test_enc02_planned_does_not_count() -> None:
    design = two_box_design(flow_controls={"enc_in_transit": control("planned", "later")})
    assert len(of_rule(run(design), "R-ENC-02")) == 1


def test_enc02_boundary_level_control_does_not_count_for_flows() -> None:
    """Boundary controls cover member components, never the flows between boundaries."""
    implemented = {"enc_in_transit": control("implemented")}
    design = two_box_design(first_box_controls=implemented, second_box_controls=implemented)
    assert [f.id for f in of_rule(run(design), "R-ENC-02")] == ["R-ENC-02@f-1"]


def test_enc02_endpoint_component_control_does_not_count_for_flows() -> None:
    """enc_in_transit ticked on a component is not the flow's encryption."""
    design = make_design(
        components=[
            component("orch", "orchestrator", "b-one", controls={"enc_in_transit": control("implemented")}),
            component("ret", "rag_retriever", "b-two", controls={"enc_in_transit": control("implemented")}),
        ],
        flows=[flow("f-1", "orch", "ret")],
        boundaries=[boundary("b-one", "APP"), boundary("b-two", "APP")],
    )
    assert len(of_rule(run(design), "R-ENC-02")) == 1


@pytest.mark.parametrize(
    ("tags", "severity"),
    [
        (("credentials",), Severity.CRITICAL),
        (("spi",), Severity.CRITICAL),
        (("model_weights",), Severity.CRITICAL),
        (("pii",), Severity.HIGH),
        (("prompts",), Severity.HIGH),
    ],
)
def test_enc02_severity_by_carried_tag(tags: tuple[str, ...], severity: Severity) -> None:
    design = two_box_design(carries=["da-1"], assets=[asset("da-1", "internal", *tags)])
    findings = of_rule(run(design), "R-ENC-02")
    assert [f.severity for f in findings] == [severity]


def test_enc02_critical_when_any_carried_asset_is_critical() -> None:
    design = two_box_design(
        carries=["da-1", "da-2"],
        assets=[asset("da-1", "public"), asset("da-2", "internal", "model_weights")],
    )
    assert [f.severity for f in of_rule(run(design), "R-ENC-02")] == [Severity.CRITICAL]


def test_enc02_held_data_of_endpoints_does_not_raise_severity() -> None:
    """Severity is about what the flow carries, not what its endpoints store."""
    design = make_design(
        components=[
            component("orch", "orchestrator", "b-one"),
            component(
                "vec", "vector_db", "b-two", holds=["da-1"], controls={"enc_at_rest": control("implemented")}
            ),
        ],
        flows=[flow("f-1", "orch", "vec")],
        boundaries=[boundary("b-one", "APP"), boundary("b-two", "DATA")],
        assets=[asset("da-1", "restricted", "credentials")],
    )
    assert [f.severity for f in of_rule(run(design), "R-ENC-02")] == [Severity.HIGH]


# --- engine ---------------------------------------------------------------------------------------------


def busy_design() -> Design:
    """Several findings of both rules, inserted in reverse ID order to catch unsorted output."""
    return make_design(
        components=[
            component("z-store", "vector_db", holds=["da-1"]),
            component("m-store", "feature_store", holds=["da-1"]),
            component("a-store", "agent_memory", holds=["da-1"]),
            component("orch", "orchestrator"),
        ],
        flows=[
            flow("f-z", "orch", "z-store"),
            flow("f-m", "orch", "m-store"),
            flow("f-a", "orch", "a-store", controls={"enc_in_transit": control("implemented")}),
        ],
        assets=[asset("da-1", "confidential")],
    )


def test_findings_sorted_by_id() -> None:
    ids = [f.id for f in enc_validator().full(busy_design()).findings]
    assert ids == [
        "R-ENC-01@a-store",
        "R-ENC-01@m-store",
        "R-ENC-01@z-store",
        "R-ENC-02@f-m",
        "R-ENC-02@f-z",
    ]


def test_validation_is_deterministic() -> None:
    """Same design → identical findings, messages included, across runs and validators."""
    design = busy_design()
    first = run(design)
    again = run(busy_design())
    assert first.findings == again.findings
    assert [f.message for f in first.findings] == [f.message for f in again.findings]
    assert Validator(today=TODAY).full(design).findings == first.findings
    assert len(first.findings) >= 5


def test_all_rules_output_sorted_by_id() -> None:
    """With every built-in rule enabled the engine still returns one sorted, duplicate-free list."""
    ids = [f.id for f in run(busy_design()).findings]
    assert ids == sorted(set(ids))
    assert {"R-ENC-01@a-store", "R-ENC-02@f-z"} <= set(ids)


def test_update_after_move_only_edit_reuses_result() -> None:
    """Moving components cannot change findings, so update must not re-run rules."""
    document = DesignDocument(busy_design())
    validator = enc_validator()
    before = validator.full(document.design)
    changes = document.apply(MoveComponents((("z-store", (400.0, 300.0)), ("orch", (10.0, 20.0)))))
    assert changes.geometry_only
    result, delta = validator.update(document.design, changes)
    assert result is before
    assert delta.empty
    assert document.design.components["z-store"].position == (400.0, 300.0)


def test_update_after_boundary_resize_reuses_result() -> None:
    document = DesignDocument(two_box_design())
    validator = enc_validator()
    before = validator.full(document.design)
    changes = document.apply(SetAttribute("b-one", "rect", (5.0, 5.0, 700.0, 400.0)))
    result, delta = validator.update(document.design, changes)
    assert result is before
    assert delta.empty


def test_update_after_control_change_reports_delta() -> None:
    """Ticking encryption removes exactly that finding; unticking another adds exactly one."""
    document = DesignDocument(busy_design())
    validator = enc_validator()
    before = validator.full(document.design)
    changes = document.apply(
        SetControl("m-store", "enc_at_rest", ControlState(status=ControlStatus.IMPLEMENTED))
    )
    result, delta = validator.update(document.design, changes)
    assert result is not before
    assert delta.removed == ("R-ENC-01@m-store",)
    assert delta.added == ()
    assert delta.changed == ()
    assert result.get("R-ENC-01@m-store") is None

    changes = document.apply(SetControl("f-a", "enc_in_transit", None))
    result, delta = validator.update(document.design, changes)
    assert [f.id for f in delta.added] == ["R-ENC-02@f-a"]
    assert delta.removed == ()
    assert result.get("R-ENC-02@f-a") is not None


def test_update_reports_severity_change_as_changed() -> None:
    """Adding a credentials tag keeps the finding ID but raises it to critical: a change, not add/remove."""
    document = DesignDocument(store_design())
    validator = enc_validator()
    validator.full(document.design)
    changes = document.apply(SetAttribute("da-1", "tags", ["credentials"]))
    _, delta = validator.update(document.design, changes)
    assert delta.added == () and delta.removed == ()
    assert [(f.id, f.severity) for f in delta.changed] == [("R-ENC-01@store", Severity.CRITICAL)]


def test_first_update_reports_everything_as_added() -> None:
    document = DesignDocument(busy_design())
    validator = enc_validator()
    changes = document.apply(MoveComponents((("orch", (1.0, 1.0)),)))
    result, delta = validator.update(document.design, changes)
    assert len(result.findings) == 5
    assert delta.added == result.findings


@pytest.mark.parametrize(
    ("expires", "status"),
    [
        (None, RiskStatus.ACCEPTED),
        ("2025-06-15", RiskStatus.ACCEPTED),
        ("2025-06-14", RiskStatus.OPEN),
        ("not a date", RiskStatus.OPEN),
    ],
)
def test_acceptance_expiry(expires: str | None, status: RiskStatus) -> None:
    """An acceptance holds through its expiry day, then (or when unreadable) the finding reopens."""
    entry = RiskEntry(status=RiskStatus.ACCEPTED, justification="ok", expires=expires)
    document = DesignDocument(store_design())
    document.apply(SetRiskEntry("R-ENC-01@store", entry))
    result = enc_validator().full(document.design)
    finding = result.get("R-ENC-01@store")
    assert finding is not None
    assert finding.status is status
    assert finding.tracking["justification"] == "ok"
    assert ("note" in finding.tracking) == (status is RiskStatus.OPEN)
