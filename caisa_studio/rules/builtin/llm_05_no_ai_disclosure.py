"""R-LLM-05: an application shows generative output to people without saying it is AI."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_b import answer_paths, generative_ids, producer_ids

META = RuleMeta(
    id="R-LLM-05",
    title="Users are not told they are dealing with AI",
    severity=Severity.LOW,
    scope="component",
    why=(
        "People weigh an answer differently when they know a machine wrote it, and they cannot judge "
        "its limits otherwise. Chatbots and generated content must be recognisable as such; without a "
        "disclosure, users may over-trust answers or share more than they would with a person."
    ),
    fix=(
        "Tell users visibly that they are interacting with an AI system, mark generated text, images "
        "and audio as synthetic, and state the intended use and known limits."
    ),
    references=(
        Reference("nist-ai-rmf", "MEASURE 2.8"),
        Reference("nist-ai-600-1", "Human-AI Configuration"),
        Reference("eu-ai-act", "Art. 50"),
        Reference("iso-42001", "A.8.2"),
        Reference("cosai", "controlUserTransparencyAndControls"),
    ),
    reach="global",
)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    # The application users see (web_app): an ingress that also handles prompts.
    if not (facts.capable(component, "ingress") and facts.capable(component, "processes_prompts")):
        return
    if facts.satisfied(component, "transparency"):
        return
    design = ctx.design
    # Name the model itself where its answers can be traced to the app, else the orchestrator or agent.
    served = answer_paths(facts, generative_ids(facts)).get(component.id) or answer_paths(
        facts, producer_ids(facts)
    ).get(component.id)
    if served is None:
        return
    users = sorted(cid for cid, c in design.components.items() if c.kind == "human_user")
    user = next((u for u in users if _talks_to(ctx, u, component.id)), None)
    if user is None:
        return
    message = (
        f"{facts.label(component.id)} does not disclose to {facts.label(user)} that responses are "
        f"AI-generated (they come from {facts.label(served[0])})."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, user, served[0]))


def _talks_to(ctx: RuleContext, user_id: str, app_id: str) -> bool:
    facts = ctx.facts
    return app_id in facts.reachable((user_id,)) or user_id in facts.reachable((app_id,))
