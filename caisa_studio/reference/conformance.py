"""Conformance of a design to a reference architecture: which requirements it meets, and findings
``R-RA-0n@subject`` (same shape as rule findings) for the ones it does not."""

from __future__ import annotations

from dataclasses import dataclass

from caisa_studio.analysis import DesignFacts
from caisa_studio.model import Component
from caisa_studio.reference.schema import CapabilitySelector, ReferenceArchitecture, Role
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity

_REFERENCES = (Reference("nist-ai-rmf", "MAP 4.2"), Reference("iso-42001", "A.6.2.2"))


def _meta(rule_id: str, title: str, severity: Severity, why: str, fix: str) -> RuleMeta:
    return RuleMeta(rule_id, title, severity, "design", why, fix, _REFERENCES, reach="global")


MISSING_ROLE = _meta(
    "R-RA-01",
    "Design claims a reference architecture but lacks one of its components",
    Severity.HIGH,
    "The chosen reference architecture relies on this component to enforce part of its security; without "
    "it, the protections the reference promises are not there.",
    "Add the component (the reference's template shows where it sits and how it connects).",
)
MISSING_ROUTE = _meta(
    "R-RA-02",
    "Required data route of the reference architecture is missing",
    Severity.HIGH,
    "The reference expects data to travel along a specific route so that each hop can apply its controls.",
    "Connect the components as the reference prescribes.",
)
BYPASS = _meta(
    "R-RA-03",
    "Flow bypasses a control point the reference architecture requires",
    Severity.HIGH,
    "A direct connection around a gateway, guardrail or approval step means the controls placed there are "
    "skipped for that traffic — exactly what attackers look for.",
    "Remove the bypass and route the traffic through the required component.",
)
MISSING_CONTROLS = _meta(
    "R-RA-04",
    "Component lacks controls its reference architecture role requires",
    Severity.MEDIUM,
    "Each role in the reference carries specific controls; a component playing the role without them "
    "leaves that part of the architecture below the reference's baseline.",
    "Implement the listed controls, or record why they do not apply (not applicable with a justification).",
)
MISSING_ZONE = _meta(
    "R-RA-05",
    "Trust zone required by the reference architecture is not drawn",
    Severity.MEDIUM,
    "The reference separates components into trust zones so that crossings can be encrypted, authenticated "
    "and monitored; without the boundary those crossings are invisible.",
    "Draw a trust boundary of this zone and place its components inside it.",
)
CONFORMANCE_METAS = (MISSING_ROLE, MISSING_ROUTE, BYPASS, MISSING_CONTROLS, MISSING_ZONE)


@dataclass(frozen=True)
class Requirement:
    id: str
    description: str
    met: bool


@dataclass(frozen=True)
class ConformanceReport:
    reference_id: str
    title: str
    requirements: tuple[Requirement, ...]
    findings: tuple[Finding, ...]
    roles: dict[str, tuple[str, ...]]

    @property
    def score(self) -> float:
        """Share of requirements met, 0.0–1.0 (1.0 when the reference asks for nothing)."""
        if not self.requirements:
            return 1.0
        return sum(r.met for r in self.requirements) / len(self.requirements)


def role_members(facts: DesignFacts, role: Role) -> tuple[str, ...]:
    selector = role.select
    members = []
    for component in facts.design.components.values():
        if isinstance(selector, CapabilitySelector):
            matched = facts.capable(component, selector.capability)
        else:
            matched = component.kind in selector.kinds
        if matched:
            members.append(component.id)
    return tuple(sorted(members))


def check_conformance(facts: DesignFacts, reference: ReferenceArchitecture) -> ConformanceReport:
    design = facts.design
    ra = reference.id
    members = {role.id: role_members(facts, role) for role in reference.roles}
    names = {role.id: role.name for role in reference.roles}
    roles = {role.id: role for role in reference.roles}
    requirements: list[Requirement] = []
    findings: dict[str, Finding] = {}

    def add(
        meta: RuleMeta,
        subject: str,
        message: str,
        subjects: tuple[str, ...] = (),
        path: tuple[str, ...] | None = None,
    ) -> None:
        finding = Finding(
            meta.id,
            subject,
            meta.severity,
            meta.title,
            message,
            meta.fix,
            subjects or (subject,),
            meta.references,
            path,
        )
        findings.setdefault(finding.id, finding)

    for role in reference.roles:
        met = len(members[role.id]) >= role.min_count
        requirements.append(Requirement(f"role:{role.id}", f"{role.name} (at least {role.min_count})", met))
        if not met:
            add(
                MISSING_ROLE,
                f"{ra}:{role.id}",
                f"The design claims {ra} ({reference.title}) but has no {role.name.lower()}.",
            )
    for role in reference.roles:
        for component_id in members[role.id]:
            component = design.components[component_id]
            missing = [c for c in role.controls if not facts.satisfied(component, c)]
            for control in role.controls:
                requirements.append(
                    Requirement(
                        f"control:{component_id}:{control}",
                        f"{control} on {component_id}",
                        control not in missing,
                    )
                )
            if missing:
                listed = ", ".join(facts.catalog.controls[c].name.lower() for c in missing)
                add(
                    MISSING_CONTROLS,
                    component_id,
                    f"{facts.label(component_id)} plays the {role.name.lower()} role of {ra} "
                    f"but lacks {listed}.",
                )
    for flow in reference.required_flows:
        sources, targets = members[flow.source], set(members[flow.target])
        if not sources or not targets:
            optional = any(roles[r].min_count == 0 and not members[r] for r in (flow.source, flow.target))
            if not optional:  # a route between optional roles the design does not use is not required
                requirements.append(Requirement(f"flow:{flow.id}", flow.description, False))
            continue
        reach = facts.reachable(sources)
        unreached = [s for s in sources if not any(t in targets for t in _reachable_from(facts, s))]
        met = not unreached and any(t in reach for t in targets)
        requirements.append(Requirement(f"flow:{flow.id}", flow.description, met))
        if not met:
            add(
                MISSING_ROUTE,
                f"{ra}:{flow.id}",
                f"{ra} requires: {flow.description} — "
                f"no such route from {_names(facts, unreached or sources)}.",
                subjects=tuple(unreached or sources),
            )
        if flow.through:
            gate_members = {m for role_id in flow.through for m in members[role_id]}
            bypass = _bypass(facts, sources, targets, gate_members)
            requirements.append(Requirement(f"through:{flow.id}", flow.description, bypass is None))
            if bypass is not None:
                gates = " or ".join(names[r].lower() for r in flow.through)
                add(
                    BYPASS,
                    _bypass_edge(facts, sources, targets, gate_members, bypass),
                    f"{_route(facts, bypass)} reaches {facts.label(bypass[-1])} without passing the {gates} "
                    f"that {ra} requires ({flow.description}).",
                    subjects=(
                        _bypass_edge(facts, sources, targets, gate_members, bypass),
                        bypass[0],
                        bypass[-1],
                    ),
                    path=bypass,
                )
    for forbidden in reference.forbidden_flows:
        sources, targets = set(members[forbidden.source]), set(members[forbidden.target])
        offending = sorted(f.id for f in design.flows.values() if f.source in sources and f.target in targets)
        requirements.append(Requirement(f"forbid:{forbidden.id}", forbidden.description, not offending))
        for flow_id in offending:
            flow = design.flows[flow_id]
            add(
                BYPASS,
                flow_id,
                f"{facts.label(flow.source)} talks to {facts.label(flow.target)} directly, "
                f"which {ra} forbids: {forbidden.description}.",
                subjects=(flow_id, flow.source, flow.target),
                path=(flow.source, flow_id, flow.target),
            )
    drawn = {b.zone for b in design.boundaries.values()}
    for zone in reference.required_zones:
        met = zone in drawn
        requirements.append(Requirement(f"zone:{zone.value}", f"a {zone.value} trust boundary", met))
        if not met:
            add(
                MISSING_ZONE,
                f"{ra}:{zone.value}",
                f"{ra} separates a {zone.value} zone, but no {zone.value} boundary is drawn.",
            )
    return ConformanceReport(
        ra,
        reference.title,
        tuple(requirements),
        tuple(sorted(findings.values(), key=lambda f: f.id)),
        members,
    )


def _reachable_from(facts: DesignFacts, source: str) -> set[str]:
    return set(facts.reachable([source]))


def _bypass_edge(
    facts: DesignFacts, sources: tuple[str, ...], targets: set[str], gates: set[str], path: tuple[str, ...]
) -> str:
    """The flow that makes the bypass: the first one on the path whose removal leaves no ungated route
    (the shortcut someone drew); when several routes bypass the gate, the path's last hop."""
    from caisa_studio.analysis.paths import shortest_paths

    starts = [s for s in sources if s not in gates]
    for flow_id in path[1::2]:
        rest = shortest_paths(
            facts.topo.graph, starts, blocked_node=gates.__contains__, blocked_flow=flow_id.__eq__
        )
        if not any(t in rest and rest.hops(t) > 0 for t in targets):
            return flow_id
    return path[-2]


def _bypass(
    facts: DesignFacts, sources: tuple[str, ...], targets: set[str], gates: set[str]
) -> tuple[str, ...] | None:
    """A path from a source to a target that touches no gate, if any (the gates' own flows excluded)."""
    from caisa_studio.analysis.paths import shortest_paths

    paths = shortest_paths(
        facts.topo.graph, [s for s in sources if s not in gates], blocked_node=gates.__contains__
    )
    hits = sorted((len(p), p) for t, p in paths.items() if t in targets and len(p) > 1)
    return hits[0][1] if hits else None


def _names(facts: DesignFacts, ids: list[str] | tuple[str, ...]) -> str:
    labels = [facts.label(i) for i in ids]
    return labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]


def _route(facts: DesignFacts, path: tuple[str, ...]) -> str:
    return " → ".join(facts.label(n) for n in path[0::2])


def is_member(component: Component, members: dict[str, tuple[str, ...]]) -> bool:
    return any(component.id in ids for ids in members.values())
