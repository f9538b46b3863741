"""R-ID-05: a component keeps credentials itself instead of getting them from a secrets manager."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.analysis import DesignFacts
from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_a import is_human, join_names

META = RuleMeta(
    id="R-ID-05",
    title="Credentials held outside a secrets manager",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Provider API keys, service tokens and signing keys that live in code, configuration files, "
        "environment variables or notebooks end up in repositories, container images, logs and prompts, "
        "and are rarely rotated. One leaked model-provider or deployment key lets an outsider spend your "
        "budget, read your traffic or push a model into production."
    ),
    fix=(
        "Keep the secrets in a vault or key management service, inject them at run time with a workload "
        "identity, rotate them automatically, and give every service its own narrowly scoped key."
    ),
    references=(
        Reference("atlas", "AML.T0055"),
        Reference("atlas", "AML.T0083"),
        Reference("owasp-agentic", "ASI03"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskSensitiveDataDisclosure"),
    ),
)

# The secrets manager itself, and the identity provider whose job is to hold credentials, are not asked
# to fetch their keys from elsewhere.
_CREDENTIAL_AUTHORITIES = ("key_management", "identity_service")
# What a call needs a key for: hosted models, external business services and third-party tools.
_KEYED_SERVICES = ("serves_model", "acts_externally", "tool")


def candidates(ctx: RuleContext) -> frozenset[str]:
    """What ``check`` excludes first, for all components at once: people, third parties, credential
    authorities, and components that use a secrets manager (ticked, or linked to one)."""
    facts = ctx.facts
    excluded = (
        facts.capable_of_any("human", *_CREDENTIAL_AUTHORITIES)
        | facts.third_party_ids()
        | facts.satisfying("secrets_mgmt")[0]
        | _vault_users(facts)
    )
    return frozenset(ctx.design.components.keys() - excluded)


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if is_human(facts, component) or facts.is_third_party(component):
        return
    if any(facts.capable(component, c) for c in _CREDENTIAL_AUTHORITIES):
        return
    if facts.satisfied(component, "secrets_mgmt") or _linked_to_vault(ctx, component):
        return
    reason = _why_it_holds_secrets(ctx, component)
    if reason is None:
        return
    text, related = reason
    message = (
        f"{facts.label(component.id)} keeps its own secrets ({text}); they can leak through code, "
        "config or logs."
    )
    yield ctx.finding(META, component.id, message, subjects=(component.id, *related))


def _linked_to_vault(ctx: RuleContext, component: Component) -> bool:
    """A flow links it to a secrets manager (either direction)."""
    return component.id in _vault_users(ctx.facts)


def _vault_users(facts: DesignFacts) -> frozenset[str]:
    """Components linked to a secrets manager by a flow (structure only: kept with the topology)."""
    graph = facts.topo.graph

    def compute() -> frozenset[str]:
        linked: set[str] = set()
        for vault in facts.capable_ids("key_management"):
            linked.update(node for _, node in graph.successors[vault])
            linked.update(node for _, node in graph.predecessors[vault])
        return frozenset(linked)

    return facts.topo.cached(("R-ID-05", "linked to a vault"), compute)


def _why_it_holds_secrets(ctx: RuleContext, component: Component) -> tuple[str, tuple[str, ...]] | None:
    facts = ctx.facts
    held = facts.held_data(component)
    if "credentials" in held.tags and not held.assumed:
        credentials = [
            a.name or a.id
            for a in (ctx.design.data_assets.get(i) for i in component.holds)
            if a is not None and "credentials" in a.tags
        ]
        return f"it holds {join_names(credentials)}", ()
    if "credentials" in held.tags or facts.capable(component, "holds_credentials"):
        return "components of this kind hold access keys or tokens", ()
    called = [
        other.id
        for flow in facts.outbound(component)
        if facts.is_third_party(other := facts.other_end(flow, component.id))
        and any(facts.capable(other, c) for c in _KEYED_SERVICES)
    ]
    if called:
        return f"it needs a key to call {join_names([facts.label(i) for i in called])}", tuple(called)
    sent = [flow.id for flow in facts.outbound(component) if "credentials" in facts.carried_data(flow).tags]
    if sent:
        return f"it sends credentials over {join_names([facts.label(i) for i in sent])}", tuple(sent)
    return None
