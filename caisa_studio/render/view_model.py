"""What the renderer shows for each element, derived once from the design, catalog and findings.

Pure Python (no Qt): the canvas and every exporter draw from the same view model, so a flow that is
dashed red on screen is dashed red in the PDF too.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from caisa_studio.catalog import Catalog
from caisa_studio.model import Component, ControlStatus, DataFlow, Design, TrustBoundary, Zone
from caisa_studio.rules import Finding, FindingsDelta, Severity, ValidationResult


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
    return {subject: badge_of(findings) for subject, findings in grouped.items()}


def badge_of(findings: list[Finding]) -> Badge:
    """The badge for one subject's open findings (in finding-ID order)."""
    worst = max(findings, key=lambda f: f.severity.rank)
    lines = [f"{f.severity.value.upper()} {f.rule}: {f.message}" for f in findings]
    return Badge(worst.severity, len(findings), "\n".join(lines))


class BadgeBook:
    """The badges of a result, kept up to date from findings deltas.

    Recomputing every badge after each edit costs tens of milliseconds on a design with thousands
    of findings; a delta touches a handful of subjects. ``apply`` returns the subjects whose badge
    changed, and ``badges`` always equals ``badges_from`` of the latest result.
    """

    def __init__(self) -> None:
        self.badges: dict[str, Badge] = {}
        self._open: dict[str, dict[str, Finding]] = {}  # subject -> open findings by ID
        self._subject_of: dict[str, str] = {}  # finding ID -> subject, for removals

    def reset(self, result: ValidationResult | None) -> set[str]:
        before = self.badges
        self._open, self._subject_of = {}, {}
        for finding in result.findings if result is not None else ():
            self._subject_of[finding.id] = finding.subject
            if finding.is_open:
                self._open.setdefault(finding.subject, {})[finding.id] = finding
        self.badges = {subject: self._badge(subject) for subject in self._open}
        return {k for k in before.keys() | self.badges.keys() if before.get(k) != self.badges.get(k)}

    def apply(self, result: ValidationResult, delta: FindingsDelta) -> set[str]:
        """Follow one validation step; the subjects whose badge changed."""
        touched: set[str] = set()
        for finding_id in delta.removed:
            subject = self._subject_of.pop(finding_id, None)
            if subject is not None:
                self._open.get(subject, {}).pop(finding_id, None)
                touched.add(subject)
        # A delta compares findings without tracking details; the result's objects carry them.
        for finding in (*delta.added, *delta.changed):
            current = result.get(finding.id) or finding
            self._subject_of[current.id] = current.subject
            bucket = self._open.setdefault(current.subject, {})
            if current.is_open:
                bucket[current.id] = current
            else:
                bucket.pop(current.id, None)
            touched.add(current.subject)
        if sum(len(bucket) for bucket in self._open.values()) != len(result.open_findings):
            return self.reset(result)  # the delta did not describe the step (it never should)
        changed = set()
        for subject in touched:
            badge = self._badge(subject)
            if badge is None:
                self._open.pop(subject, None)
            if badge != self.badges.get(subject):
                changed.add(subject)
                if badge is None:
                    del self.badges[subject]
                else:
                    self.badges[subject] = badge
        return changed

    def _badge(self, subject: str) -> Badge | None:
        findings = self._open.get(subject)
        if not findings:
            return None
        return badge_of([findings[key] for key in sorted(findings)])


def zone_of(design: Design, catalog: Catalog, component: Component) -> Zone:
    """Boundary zone, else the kind's default (same reading as the analysis layer, without a graph)."""
    boundary = design.boundaries.get(component.boundary) if component.boundary else None
    if boundary is not None:
        return boundary.zone
    kind = catalog.kind(component.kind)
    return kind.default_zone if kind else Zone.APP


def component_view(
    design: Design, catalog: Catalog, component: Component, badge: Badge | None
) -> ComponentView:
    kind = catalog.kind(component.kind)
    return ComponentView(
        id=component.id,
        name=component.name or component.id,
        kind=component.kind,
        kind_name=kind.name if kind else component.kind,
        category=kind.category if kind else "",
        x=component.position[0],
        y=component.position[1],
        zone=zone_of(design, catalog, component),
        badge=badge,
    )


def flow_view(design: Design, catalog: Catalog, flow: DataFlow, badge: Badge | None) -> FlowView:
    source, target = design.components[flow.source], design.components[flow.target]
    if source.boundary and target.boundary:
        crosses = source.boundary != target.boundary
    else:
        crosses = zone_of(design, catalog, source) != zone_of(design, catalog, target)
    state = flow.controls.get("enc_in_transit")
    status = state.status if state else None
    return FlowView(
        id=flow.id,
        source=flow.source,
        target=flow.target,
        label=flow.protocol,
        bidirectional=flow.bidirectional,
        encrypted=status is ControlStatus.IMPLEMENTED,
        exposed=crosses and status not in (ControlStatus.IMPLEMENTED, ControlStatus.NOT_APPLICABLE),
        badge=badge,
    )


def boundary_view(boundary: TrustBoundary, badge: Badge | None) -> BoundaryView:
    x, y, w, h = boundary.rect
    return BoundaryView(boundary.id, boundary.name, boundary.zone, (x, y, w, h), badge)


def build_view(
    design: Design,
    catalog: Catalog,
    result: ValidationResult | None = None,
    *,
    show_badges: bool = True,
    highlighted_path: tuple[str, ...] = (),
) -> DiagramView:
    badges = badges_from(result) if show_badges else {}
    components = [component_view(design, catalog, c, badges.get(c.id)) for c in design.components.values()]
    flows = [flow_view(design, catalog, f, badges.get(f.id)) for f in design.flows.values()]
    boundaries = [boundary_view(b, badges.get(b.id)) for b in design.boundaries.values()]
    boundaries.sort(key=lambda b: (-(b.rect[2] * b.rect[3]), b.id))
    return DiagramView(
        title=design.title or design.id,
        components=tuple(sorted(components, key=lambda c: c.id)),
        flows=tuple(sorted(flows, key=lambda f: f.id)),
        boundaries=tuple(boundaries),
        highlighted_path=highlighted_path,
    )
