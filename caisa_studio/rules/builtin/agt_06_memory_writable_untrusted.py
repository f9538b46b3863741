"""R-AGT-06: persistent agent memory can be written with untrusted content, or is shared across users."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_agent, join_names

META = RuleMeta(
    id="R-AGT-06",
    title="Persistent memory writable from untrusted content",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "Whatever lands in an agent's long-term memory is read back as trusted context in later sessions. "
        "An instruction smuggled in through a web page, an e-mail or a user's message therefore keeps "
        "steering the agent long after the original conversation, and in memory shared between users it "
        "steers other people's sessions and exposes what they stored."
    ),
    fix=(
        "Validate and attribute every memory write, keep memory separate per user or tenant with access "
        "checks, expire entries, and review stored instructions before they can influence later sessions."
    ),
    references=(
        Reference("atlas", "AML.T0080.000"),
        Reference("atlas", "AML.T0080.001"),
        Reference("atlas", "AML.T0092"),
        Reference("atlas", "AML.M0031"),
        Reference("owasp-agentic", "ASI06"),
        Reference("owasp-llm", "LLM04:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("owasp-agentic-threats", "T1"),
    ),
    reach="global",
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only agent memories can raise it."""
    return ctx.facts.capable_of_any("agent_memory")


def check(ctx: RuleContext, memory: Component) -> Iterator[Finding]:
    facts = ctx.facts
    if not facts.capable(memory, "agent_memory"):
        return
    name = facts.label(memory.id)
    reasons: list[str] = []
    concerned: list[str] = []
    if not facts.satisfied(memory, "memory_integrity"):
        writers = _unchecked_tainted_writers(ctx, memory)
        if writers:
            origins = [o for o in dict.fromkeys(writers.values()) if o not in writers]
            writer_names = join_names([facts.label(w) for w in writers])
            if origins:
                origin_names = join_names([facts.label(o) for o in origins])
                reasons.append(
                    f"{writer_names} can store content that comes from {origin_names} without validation"
                )
            else:
                reasons.append(f"{writer_names} can store untrusted content in it without validation")
            concerned += [*writers, *origins]
    sharers = _shared_by(ctx, memory)
    if sharers is not None and not (
        facts.satisfied(memory, "authz") or facts.satisfied(memory, "memory_integrity")
    ):
        reasons.append(
            "it is shared between users without access control, so what one user plants reaches others"
        )
        concerned += [s for s in sharers if s not in concerned]
    if not reasons:
        return
    message = f"Instructions planted in {name} will steer future sessions: {'; and '.join(reasons)}."
    yield ctx.finding(META, memory.id, message, subjects=(memory.id, *concerned))


def _unchecked_tainted_writers(ctx: RuleContext, memory: Component) -> dict[str, str]:
    """Components whose flows into the memory can carry untrusted content and that do not validate the
    writes themselves (memory hardening on the writing agent counts), each with where that content
    originates."""
    facts = ctx.facts
    writers: dict[str, str] = {}
    for flow in sorted(facts.inbound(memory), key=lambda f: f.id):
        if not facts.is_tainted_flow(flow):
            continue
        writer = facts.other_end(flow, memory.id)
        taint = facts.taint_path(writer)
        # Skip a flow that is tainted only through the memory itself, and writers that validate.
        if writer.id in writers or taint is None or facts.satisfied(writer, "memory_integrity"):
            continue
        writers[writer.id] = taint[0]
    return writers


def _shared_by(ctx: RuleContext, memory: Component) -> list[str] | None:
    """None unless the memory serves several users: flagged multi-tenant, or (not stated) used by an agent
    flagged multi-tenant; then the multi-tenant agents using it."""
    facts = ctx.facts
    flagged = facts.prop(memory, "multi_tenant")
    agents = []
    for flow in (*facts.inbound(memory), *facts.outbound(memory)):
        other = facts.other_end(flow, memory.id)
        if is_agent(facts, other) and facts.prop(other, "multi_tenant") is True and other.id not in agents:
            agents.append(other.id)
    if flagged is True or (flagged is None and agents):
        return sorted(agents)
    return None
