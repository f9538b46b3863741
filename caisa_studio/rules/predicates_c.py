"""Small predicates shared by the agent, logging and governance rules (group "c").

Pure functions over ``DesignFacts``; controls and properties are read only through facts (``satisfied``,
``prop``) so that the engine's dependency recording stays exact. Structure (kinds, flows) is read from the
topology, whose changes make the engine re-run every global rule anyway.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass

from caisa_studio.analysis import DesignFacts, Path, shortest_paths
from caisa_studio.model import Component

# Tool capabilities (property ``capabilities``) that have an effect beyond returning data, and how messages
# say them.
SIDE_EFFECTS: dict[str, str] = {
    "payment": "make payments",
    "send_external": "send data outside the organisation",
    "delete": "delete data",
    "write": "change records",
    "execute": "run code",
}


# -- kinds of components (by capability) -------------------------------------------------------------------
def is_agent(facts: DesignFacts, component: Component) -> bool:
    return facts.capable(component, "plans_actions")


def is_tool(facts: DesignFacts, component: Component) -> bool:
    """Something an agent calls to act: a tool, a tool server, or a business service it acts on."""
    return facts.capable(component, "tool") or facts.capable(component, "acts_externally")


def is_tool_server(facts: DesignFacts, component: Component) -> bool:
    return facts.capable(component, "tool_server")


def is_approver(facts: DesignFacts, component: Component) -> bool:
    return facts.capable(component, "approver")


def is_model_registry(facts: DesignFacts, component: Component) -> bool:
    """A store of versioned weights (model registry / artifact store)."""
    return facts.capable(component, "data_store") and facts.capable(component, "stores_model_weights")


_AI_TRAFFIC = ("serves_model", "ai_broker", "orchestrates", "plans_actions")


def is_ai_traffic_node(facts: DesignFacts, component: Component) -> bool:
    """Where model traffic passes: models, AI gateways, orchestrators and agents (R-LOG-01)."""
    return any(facts.capable(component, c) for c in _AI_TRAFFIC)


# -- tool properties ---------------------------------------------------------------------------------------
def tool_capabilities(facts: DesignFacts, component: Component) -> frozenset[str]:
    """The declared ``capabilities`` of a tool (empty when not stated)."""
    value = facts.prop(component, "capabilities")
    if isinstance(value, str):
        return frozenset({value})
    if isinstance(value, list | tuple | set | frozenset):
        return frozenset(str(v) for v in value)
    return frozenset()


def side_effects(facts: DesignFacts, component: Component) -> list[str]:
    """The tool's side-effect capabilities, in the order of ``SIDE_EFFECTS`` (worst first)."""
    declared = tool_capabilities(facts, component)
    return [capability for capability in SIDE_EFFECTS if capability in declared]


def describe_effects(capabilities: Iterable[str]) -> str:
    chosen = set(capabilities)
    return join_names([phrase for capability, phrase in SIDE_EFFECTS.items() if capability in chosen])


# -- an agent's tools ----------------------------------------------------------------------------------------
def tool_routes(facts: DesignFacts, agent: Component, *, approval_stops: bool = False) -> dict[str, Path]:
    """The tools an agent calls, directly or through tool (MCP) servers, each with the route it takes.

    Routes follow flows out of the agent and continue only through tool servers and human approvers.
    With ``approval_stops`` a route ends where a person approves: at an approver component, or at a flow
    or tool server with ``human_approval`` (implemented or not applicable). Tools with approval on
    themselves are still returned; callers check the tool itself.
    """
    components = facts.design.components
    routes: dict[str, Path] = {}
    seen = {agent.id}
    queue: deque[tuple[str, Path]] = deque([(agent.id, (agent.id,))])
    while queue:
        node_id, route = queue.popleft()
        for flow in sorted(facts.outbound(components[node_id]), key=lambda f: f.id):
            other = facts.other_end(flow, node_id)
            if other.id in seen:
                continue
            if approval_stops and facts.satisfied(flow, "human_approval"):
                continue
            hop = (*route, flow.id, other.id)
            if is_approver(facts, other):
                if not approval_stops:
                    seen.add(other.id)
                    queue.append((other.id, hop))
                continue
            if not is_tool(facts, other) or is_agent(facts, other):
                continue
            seen.add(other.id)
            routes[other.id] = hop
            if is_tool_server(facts, other) and not (
                approval_stops and facts.satisfied(other, "human_approval")
            ):
                queue.append((other.id, hop))
    return routes


def agents_reaching(facts: DesignFacts, tool: Component) -> dict[str, Path]:
    """The agents whose calls reach ``tool`` with no person approving on the way (the reverse of
    ``tool_routes(..., approval_stops=True)``), each with its route from the agent to the tool."""
    components = facts.design.components
    found: dict[str, Path] = {}
    seen = {tool.id}
    queue: deque[tuple[str, Path]] = deque([(tool.id, (tool.id,))])
    while queue:
        node_id, route = queue.popleft()
        for flow in sorted(facts.inbound(components[node_id]), key=lambda f: f.id):
            other = facts.other_end(flow, node_id)
            if other.id in seen or facts.satisfied(flow, "human_approval"):
                continue
            seen.add(other.id)
            hop = (other.id, flow.id, *route)
            if is_agent(facts, other):
                found[other.id] = hop
            elif (
                is_tool_server(facts, other)
                and not is_approver(facts, other)
                and not facts.satisfied(other, "human_approval")
            ):
                queue.append((other.id, hop))
    return found


def agent_powers(facts: DesignFacts, agent: Component) -> frozenset[str]:
    """Everything with an effect an agent can do: its tools' side effects, and running generated code."""
    powers: set[str] = set()
    components = facts.design.components
    for tool_id in tool_routes(facts, agent):
        powers.update(side_effects(facts, components[tool_id]))
    if facts.prop(agent, "runs_generated_code") is True:
        powers.add("execute")
    return frozenset(powers)


def route_is_approved(facts: DesignFacts, route: Path) -> bool:
    """A person confirms somewhere on the route: an approver after its start, or ``human_approval`` on
    any of its components or flows (the agent at its start included)."""
    components, flows = facts.design.components, facts.design.flows
    for position, element_id in enumerate(route):
        if position % 2:
            if facts.satisfied(flows[element_id], "human_approval"):
                return True
            continue
        component = components[element_id]
        if facts.satisfied(component, "human_approval") or (position and is_approver(facts, component)):
            return True
    return False


# -- logging ------------------------------------------------------------------------------------------------
def log_sinks(facts: DesignFacts) -> list[str]:
    return _components_with(facts, ("log_sink",))


def ai_traffic_nodes(facts: DesignFacts) -> list[str]:
    return _components_with(facts, _AI_TRAFFIC)


def _components_with(facts: DesignFacts, capabilities: tuple[str, ...]) -> list[str]:
    """IDs of the components whose kind has any of ``capabilities``, sorted (a copy: callers may keep it)."""
    found = facts.topo.cached(
        ("predicates_c", "with capabilities", capabilities),
        lambda: tuple(sorted(frozenset().union(*(facts.capable_ids(c) for c in capabilities)))),
    )
    return list(found)


def central_log_missing(facts: DesignFacts) -> bool:
    """R-LOG-01's condition: the design has model traffic and none of it reaches a central log sink."""

    def compute() -> bool:
        nodes = ai_traffic_nodes(facts)
        if not nodes:
            return False
        sinks = log_sinks(facts)
        if not sinks:
            return True
        reached = facts.reachable(nodes)
        return not any(sink in reached for sink in sinks)

    return facts.memo(("predicates_c", "central log missing"), compute)


def nodes_reaching_log_sink(facts: DesignFacts) -> frozenset[str]:
    """Components with a path to a central log sink (one backward search from the sinks, memoised)."""
    return facts.memo(
        ("predicates_c", "reaching a log sink"),
        lambda: frozenset(shortest_paths(facts.topo.graph, log_sinks(facts), reverse=True)),
    )


# -- searches facts does not offer ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Regions:
    """The design split into connected regions (components linked by flows in either direction)."""

    of: dict[str, int]  # component → its region's index
    members: list[tuple[set[str], set[str]]]  # per region: its components and flows


def connected_regions(facts: DesignFacts) -> Regions:
    """Every component's ``connected_region``, found in one pass over the design (structure only: kept
    across control edits)."""

    def compute() -> Regions:
        of: dict[str, int] = {}
        members: list[tuple[set[str], set[str]]] = []
        for component_id in facts.design.components:
            if component_id not in of:
                nodes, flows = connected_region(facts, [component_id])
                of.update(dict.fromkeys(nodes, len(members)))
                members.append((nodes, flows))
        return Regions(of, members)

    return facts.topo.cached(("predicates_c", "connected regions"), compute)


def connected_region(facts: DesignFacts, start: Iterable[str]) -> tuple[set[str], set[str]]:
    """The components and flows linked to ``start`` by flows in either direction."""
    graph = facts.topo.graph
    nodes = set(start)
    flows: set[str] = set()
    queue = deque(nodes)
    while queue:
        node = queue.popleft()
        for flow_id, neighbour in (*graph.successors.get(node, ()), *graph.predecessors.get(node, ())):
            flows.add(flow_id)
            if neighbour not in nodes:
                nodes.add(neighbour)
                queue.append(neighbour)
    return nodes, flows


# -- wording -------------------------------------------------------------------------------------------------
def join_names(names: list[str], limit: int = 4) -> str:
    """``A``, ``A and B``, ``A, B and C``, or ``A, B, C, D and 3 more``."""
    if len(names) > limit:
        return f"{', '.join(names[:limit])} and {len(names) - limit} more"
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def labels(facts: DesignFacts, ids: Iterable[str]) -> list[str]:
    return [facts.label(i) for i in ids]
