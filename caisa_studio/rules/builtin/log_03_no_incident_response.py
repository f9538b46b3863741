"""R-LOG-03: nobody can stop, roll back or report the AI system (design-level)."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Design
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_agent, join_names

META = RuleMeta(
    id="R-LOG-03",
    title="No AI incident response or kill switch",
    severity=Severity.MEDIUM,
    scope="design",
    why=(
        "AI incidents look different from classic outages: a model starts giving harmful answers, a "
        "poisoned version is deployed, an agent takes actions nobody intended. Without a prepared way to "
        "switch the feature or agent off, roll back to a known-good model and tell owners, users and "
        "regulators, the damage grows while people work out who may pull the plug."
    ),
    fix=(
        "Write AI incident playbooks: a disable switch for each model feature and agent, rollback to a "
        "signed earlier model version, and a notification chain to owners, affected users and, for "
        "serious incidents, the regulator. Tick incident response on the component that provides it."
    ),
    references=(
        Reference("nist-ai-rmf", "MANAGE 2.3"),
        Reference("nist-ai-rmf", "MANAGE 2.4"),
        Reference("nist-ai-rmf", "MANAGE 4.3"),
        Reference("owasp-agentic", "ASI10"),
        Reference("eu-ai-act", "Art. 73"),
        Reference("iso-42001", "A.8.4"),
        Reference("cosai", "controlIncidentResponseManagement"),
    ),
    reach="global",
)


def check(ctx: RuleContext, design: Design) -> Iterator[Finding]:
    facts = ctx.facts
    production: list[str] = []
    autonomous: list[str] = []
    for component in sorted(design.components.values(), key=lambda c: c.id):
        model, agent = facts.capable(component, "serves_model"), is_agent(facts, component)
        if not (model or agent):
            continue
        if facts.prop(component, "production") is True:
            production.append(component.id)
        elif agent and facts.prop(component, "autonomy") == "autonomous":
            autonomous.append(component.id)
    if not (production or autonomous):
        return
    if any(facts.satisfied(c, "incident_response") for c in design.components.values()):
        return
    context = []
    if production:
        verb = "is" if len(production) == 1 else "are"
        context.append(f"{join_names([facts.label(c) for c in production])} {verb} in production")
    if autonomous:
        verb = "acts" if len(autonomous) == 1 else "act"
        context.append(f"{join_names([facts.label(c) for c in autonomous])} {verb} autonomously")
    message = f"There is no defined way to stop, roll back or report this AI system ({'; '.join(context)})."
    yield ctx.finding(META, design.id, message, subjects=(design.id, *production, *autonomous))
