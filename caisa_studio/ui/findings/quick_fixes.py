"""Quick fixes: findings that one control on the finding's own subject clears, set with one click.

``QUICK_FIXES`` maps a rule to the control (or the few alternative controls) that answer it on the
subject, the component or flow the finding is about. The offline check (``tests/test_ui_findings.py``)
applies each mapping to every positive case of the rule's fixtures and re-validates. Rules answered
only by a new component, a new flow, a property, or controls elsewhere on a path (R-LOG-01/03,
R-SUP-01/04, R-GOV-03, R-LLM-03/04, R-AGT-02/08, the R-RA conformance checks) have none.

A mapping is never trusted blindly: before the button is offered, ``QuickFixer.evaluate`` applies the
edit to a copy of the current design and re-runs the rule; only when the finding is gone is the fix
available. Otherwise the fix is disabled and its ``reason`` says why. No Qt here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from caisa_studio.catalog import Catalog
from caisa_studio.model import ControlState, ControlStatus, Design, InvariantError
from caisa_studio.model.changes import EffectRecorder
from caisa_studio.model.edits import SetControl
from caisa_studio.rules import Finding, Rule, Validator
from caisa_studio.ui.findings.docs import subject_name


@dataclass(frozen=True)
class QuickFixSpec:
    """One of ``controls``, set to implemented on the finding's subject, clears findings of ``rule``.

    Most rules name one control. A rule that asks for two safeguards on its subject (e.g. provider
    terms *and* retention) names both: when the design already has one, setting the other clears the
    finding, and the per-finding check picks the one that does. ``always``: the rule has one reason to
    fire and the control answers it, so it clears every case (the fixtures check this). ``False``: the
    rule can also fire for a reason no single control on the subject answers (a wildcard tool scope, a
    missing central log, both safeguards missing); then the button is disabled and says why.
    """

    rule: str
    controls: tuple[str, ...]
    always: bool = True


def _spec(rule: str, *controls: str, always: bool = True) -> QuickFixSpec:
    return QuickFixSpec(rule, controls, always)


QUICK_FIXES: dict[str, QuickFixSpec] = {
    spec.rule: spec
    for spec in (
        _spec("R-AGT-01", "human_approval"),
        _spec("R-AGT-03", "tool_least_privilege", always=False),
        _spec("R-AGT-04", "sandbox"),
        _spec("R-AGT-05", "exec_bounds"),
        _spec("R-AGT-06", "memory_integrity"),
        _spec("R-AGT-07", "tool_provenance", always=False),
        _spec("R-AGT-09", "audit_logging", always=False),
        _spec("R-DATA-01", "data_validation", "provenance", always=False),
        _spec("R-DATA-02", "provenance"),
        _spec("R-EDGE-01", "enc_at_rest", "artifact_signing", always=False),
        _spec("R-EDGE-02", "data_validation", "pet", always=False),
        _spec("R-ENC-01", "enc_at_rest"),
        _spec("R-ENC-02", "enc_in_transit"),
        _spec("R-GOV-01", "evaluation_gate"),
        _spec("R-GOV-02", "vendor_assurance"),
        _spec("R-GOV-04", "transparency"),
        _spec("R-ID-01", "authn"),
        _spec("R-ID-02", "authn"),
        _spec("R-ID-03", "authz"),
        _spec("R-ID-04", "authn"),
        _spec("R-ID-05", "secrets_mgmt"),
        _spec("R-ID-06", "agent_identity"),
        _spec("R-INF-01", "rate_limit"),
        _spec("R-INF-02", "monitoring", "output_minimization", always=False),
        _spec("R-INF-03", "robustness_testing"),
        _spec("R-LLM-01", "input_filter"),
        _spec("R-LLM-02", "output_filter", always=False),
        _spec("R-LLM-05", "transparency"),
        _spec("R-LOG-02", "monitoring"),
        _spec("R-NET-01", "segmentation"),
        _spec("R-NET-02", "egress_control"),
        _spec("R-PRIV-01", "pii_redaction"),
        _spec("R-PRIV-02", "vendor_assurance", "data_retention", always=False),
        _spec("R-PRIV-03", "data_retention", "pii_redaction", always=False),
        _spec("R-PRIV-04", "pet"),
        _spec("R-RAG-01", "provenance", "data_validation", always=False),
        _spec("R-RAG-02", "authz"),
        _spec("R-RAG-03", "untrusted_isolation"),
        _spec("R-SUP-02", "artifact_signing"),
        _spec("R-SUP-03", "artifact_signing"),
    )
}


@dataclass(frozen=True)
class QuickFix:
    """What the Quick fix button does for one finding, or why it is disabled."""

    finding_id: str
    label: str
    reason: str
    edit: SetControl | None = None

    @property
    def available(self) -> bool:
        return self.edit is not None


NO_FIX_LABEL = "Quick fix"
NO_FIX_AVAILABLE = "No quick fix — see How to fix"


class QuickFixer:
    """Finds and verifies the quick fix of a finding; remembers answers per design revision."""

    def __init__(self, catalog: Catalog, rules: Iterable[Rule]) -> None:
        self.catalog = catalog
        self._rules = {rule.meta.id: rule for rule in rules}
        self._cache: dict[str, QuickFix] = {}
        self._cache_revision: object = None

    def evaluate(self, design: Design, finding: Finding, revision: object = None) -> QuickFix:
        """The verified fix for ``finding`` in ``design`` (``revision``: cache key, e.g. the document's)."""
        if revision is not None:
            if revision != self._cache_revision:
                self._cache.clear()
                self._cache_revision = revision
            cached = self._cache.get(finding.id)
            if cached is not None:
                return cached
        fix = self._evaluate(design, finding)
        if revision is not None:
            self._cache[finding.id] = fix
        return fix

    def _evaluate(self, design: Design, finding: Finding) -> QuickFix:
        spec = QUICK_FIXES.get(finding.rule)
        subject = subject_name(design, finding.subject)
        if spec is None:
            return QuickFix(
                finding.id,
                NO_FIX_AVAILABLE,
                f"No one-click fix: {finding.rule} is not cleared by setting one control on {subject}. "
                "Follow “How to fix”.",
            )
        label = NO_FIX_AVAILABLE  # until a candidate is verified
        element = design.components.get(finding.subject) or design.flows.get(finding.subject)
        rule = self._rules.get(finding.rule)
        if element is None or rule is None:
            return QuickFix(finding.id, label, f"{subject} is not a component or flow.")
        candidates = [c for c in spec.controls if self._applies(design, finding.subject, c)]
        if not candidates:
            names = _either([self._name(c) for c in spec.controls])
            return QuickFix(finding.id, label, f"{names} does not apply to {subject} in the catalog.")
        unset = [c for c in candidates if not _satisfied(element.controls.get(c))]
        if not unset:
            names = _either([self._name(c) for c in candidates])
            return QuickFix(
                finding.id,
                label,
                f"{names} is already set on {subject}; the finding has another cause. Follow “How to fix”.",
            )
        for control in unset:
            edit = SetControl(finding.subject, control, ControlState(status=ControlStatus.IMPLEMENTED))
            if self.verify(design, edit, rule, finding.id):
                name = self._name(control)
                return QuickFix(
                    finding.id,
                    f"Quick fix: {name}",
                    f"Mark “{name}” as implemented on {subject}. Verified: the finding goes away. "
                    "Undo reverts it.",
                    edit,
                )
        names = _either([self._name(c) for c in unset])
        return QuickFix(
            finding.id,
            label,
            f"Setting {names} on {subject} alone would not clear this finding (checked on a copy of "
            "the design). Follow “How to fix”.",
        )

    def _name(self, control_id: str) -> str:
        control = self.catalog.controls.get(control_id)
        return control.name if control is not None else control_id

    def _applies(self, design: Design, element_id: str, control_id: str) -> bool:
        control = self.catalog.controls.get(control_id)
        if control is None:
            return False
        if element_id in design.flows:
            return control.applies_to.flows
        return self.catalog.control_applies(control_id, design.components[element_id].kind)

    def verify(self, design: Design, edit: SetControl, rule: Rule, finding_id: str) -> bool:
        """Apply ``edit`` to a copy of ``design`` and re-run ``rule``: is ``finding_id`` gone?"""
        trial = copy_design(design)
        try:
            edit.apply(trial, EffectRecorder())
        except InvariantError:
            return False
        result = Validator(self.catalog, rules=(rule,)).full(trial)
        return result.get(finding_id) is None


def _satisfied(state: ControlState | None) -> bool:
    """Implemented, or declared not applicable: either way no rule asks for it again."""
    return state is not None and state.status in (ControlStatus.IMPLEMENTED, ControlStatus.NOT_APPLICABLE)


def _either(names: list[str]) -> str:
    quoted = [f"“{name}”" for name in names]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} or {quoted[-1]}"


def copy_design(design: Design) -> Design:
    """A copy that edits can change without touching ``design``: elements are frozen, so copying the
    tables (not the elements) is enough, and cheap even for thousands of components."""
    tables = ("boundaries", "components", "flows", "data_assets", "risk_tracking")
    return design.model_copy(update={name: dict(getattr(design, name)) for name in tables})
