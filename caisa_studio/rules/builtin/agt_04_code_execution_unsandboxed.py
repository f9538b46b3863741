"""R-AGT-04: code chosen by a model runs without a sandbox."""

from __future__ import annotations

from collections.abc import Iterator

from caisa_studio.model import Component
from caisa_studio.rules.context import RuleContext
from caisa_studio.rules.finding import Finding, Reference, RuleMeta, Severity
from caisa_studio.rules.predicates_c import is_agent, is_tool, tool_capabilities

META = RuleMeta(
    id="R-AGT-04",
    title="Code execution without a sandbox",
    severity=Severity.HIGH,
    scope="component",
    why=(
        "A code interpreter, shell or browser-automation tool runs whatever the model writes, and the "
        "model writes whatever its input steers it to. Without isolation that code shares the host with "
        "credentials, the cloud metadata endpoint, other workloads and an open network, so one injected "
        "instruction becomes remote code execution inside your environment."
    ),
    fix=(
        "Run generated code in a throw-away micro-VM or hardened container: no host mounts, no metadata "
        "or credential access, outbound traffic limited to an allow-list, and CPU, memory and time limits."
    ),
    references=(
        Reference("atlas", "AML.T0050"),
        Reference("atlas", "AML.T0105"),
        Reference("atlas", "AML.T0072"),
        Reference("atlas", "AML.M0032"),
        Reference("owasp-agentic", "ASI05"),
        Reference("owasp-llm", "LLM05:2025"),
        Reference("nist-ai-rmf", "MEASURE 2.7"),
        Reference("cosai", "riskInsecureIntegratedComponent"),
    ),
)


def candidates(ctx: RuleContext) -> frozenset[str]:
    """Only tools and agents can raise it."""
    return ctx.facts.capable_of_any("tool", "acts_externally", "plans_actions")


def check(ctx: RuleContext, component: Component) -> Iterator[Finding]:
    facts = ctx.facts
    executing_tool = is_tool(facts, component) and "execute" in tool_capabilities(facts, component)
    executing_agent = is_agent(facts, component) and facts.prop(component, "runs_generated_code") is True
    if not (executing_tool or executing_agent) or facts.satisfied(component, "sandbox"):
        return
    name = facts.label(component.id)
    if executing_tool:
        message = f"Code chosen by a model runs in {name} without isolation."
    else:
        message = f"Code written by the model runs inside {name} itself, without isolation."
    yield ctx.finding(META, component.id, message)
