"""Attack paths: how an attacker at an entry point can reach the crown jewels, and what stands in
the way. Bounded so it never explodes on large designs:

* crown jewels: components holding model weights, training data, credentials or personal data;
* for each jewel, the ``entries_per_jewel`` nearest entry points (one reverse BFS per jewel);
* for each (entry, jewel) pair, the ``k`` shortest simple paths (Yen's algorithm via networkx,
  stopped after ``k``), and at most ``max_paths`` paths overall, worst first.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import islice, pairwise

from caisa_studio.analysis.facts import DesignFacts
from caisa_studio.analysis.paths import Path, shortest_paths

CROWN_JEWEL_TAGS = frozenset({"model_weights", "training_data", "credentials", "pii", "spi"})
# What a path to a crown jewel should meet on the way; the report says which ones it lacks.
PATH_DEFENCES = ("authn", "authz", "enc_in_transit", "input_filter", "segmentation")


@dataclass(frozen=True)
class AttackPath:
    entry: str
    target: str
    path: Path  # alternating component and flow IDs
    jewel_tags: tuple[str, ...]
    missing: tuple[str, ...]  # defences from PATH_DEFENCES found nowhere on the path

    @property
    def hops(self) -> int:
        return len(self.path) // 2

    @property
    def id(self) -> str:
        return "→".join(self.path[0::2])


def crown_jewels(facts: DesignFacts) -> dict[str, tuple[str, ...]]:
    jewels: dict[str, tuple[str, ...]] = {}
    for component_id, component in facts.design.components.items():
        tags = facts.held_data(component).tags & CROWN_JEWEL_TAGS
        if tags:
            jewels[component_id] = tuple(sorted(tags))
    return jewels


def find_attack_paths(
    facts: DesignFacts, k: int = 3, entries_per_jewel: int = 3, max_paths: int = 100
) -> list[AttackPath]:
    """Attack paths worst first: fewest defences on the way, then fewest hops."""
    entries = facts.entries()
    jewels = crown_jewels(facts)
    if not entries or not jewels:
        return []
    graph = facts.topo.graph
    found: dict[Path, AttackPath] = {}
    for jewel, tags in sorted(jewels.items()):
        backwards = shortest_paths(graph, [jewel], reverse=True)
        nearest = sorted((len(p), e) for e, p in backwards.items() if e in entries and e != jewel)
        for _, entry in nearest[:entries_per_jewel]:
            for path in _k_shortest(facts, entry, jewel, k):
                found[path] = AttackPath(entry, jewel, path, tags, _missing_defences(facts, path))
    kept = [p for p in found.values() if not _extends_another(p, found)]
    ranked = sorted(kept, key=lambda p: (-len(p.missing), p.hops, p.path))
    return ranked[:max_paths]


def _extends_another(candidate: AttackPath, found: dict[Path, AttackPath]) -> bool:
    """A path that is the tail of a longer found path adds nothing: the longer one starts further out."""
    return any(
        len(other) > len(candidate.path) and other[-len(candidate.path) :] == candidate.path
        for other in found
    )


def _k_shortest(facts: DesignFacts, source: str, target: str, k: int) -> list[Path]:
    import networkx as nx

    graph = facts.topo.graph.as_networkx()
    paths: list[Path] = []
    try:
        for nodes in islice(nx.shortest_simple_paths(graph, source, target), k):
            steps: list[str] = [nodes[0]]
            for a, b in pairwise(nodes):
                steps.extend((sorted(graph[a][b]["flows"])[0], b))
            paths.append(tuple(steps))
    except nx.NetworkXNoPath:
        return []
    return paths


def _missing_defences(facts: DesignFacts, path: Path) -> tuple[str, ...]:
    design = facts.design
    elements = [design.components[n] for n in path[2::2]] + [design.flows[f] for f in path[1::2]]
    return tuple(c for c in PATH_DEFENCES if not any(facts.has(e, c) for e in elements))
