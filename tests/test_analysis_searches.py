"""The searches that answer "nearest" and "reaches which" questions for all components at once give
exactly what a full breadth-first search from each component gives (random graphs, random blocks), and
the k shortest simple paths are networkx's."""

from __future__ import annotations

import random
from itertools import islice, pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from caisa_studio.analysis.graph import FlowGraph
from caisa_studio.analysis.paths import LevelSearch, nearest, shortest_paths
from caisa_studio.analysis.reach import ReachMasks
from caisa_studio.analysis.simple_paths import SimpleGraph, k_shortest_simple_paths


def _graph(seed: int, size: int) -> FlowGraph:
    rng = random.Random(seed)
    nodes = [f"n{i:02d}" for i in range(size)]
    successors: dict[str, list[tuple[str, str]]] = {n: [] for n in nodes}
    predecessors: dict[str, list[tuple[str, str]]] = {n: [] for n in nodes}
    for index in range(rng.randint(0, size * 3)):
        source, target = rng.choice(nodes), rng.choice(nodes)
        flow = f"f{index:03d}"
        successors[source].append((flow, target))
        predecessors[target].append((flow, source))
        if rng.random() < 0.2:
            successors[target].append((flow, source))
            predecessors[source].append((flow, target))
    return FlowGraph(successors, predecessors)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 25), reverse=st.booleans())
def test_level_search_and_nearest_match_shortest_paths(seed: int, size: int, reverse: bool) -> None:
    rng = random.Random(seed + 1)
    graph = _graph(seed, size)
    nodes = sorted(graph.successors)
    blocked = {n for n in nodes if rng.random() < 0.2}
    stops = {n for n in nodes if rng.random() < 0.2}
    closed = {f for hops in graph.successors.values() for f, _ in hops if rng.random() < 0.2}
    goals = {n for n in nodes if rng.random() < 0.3}
    sources = rng.sample(nodes, rng.randint(1, min(3, len(nodes))))
    options = {
        "blocked_node": blocked.__contains__,
        "blocked_flow": closed.__contains__,
        "stop_node": stops.__contains__,
        "reverse": reverse,
    }
    full = shortest_paths(graph, sources, **options)
    search = LevelSearch(graph, sources, **options)
    assert dict(search.finish().items()) == dict(full.items())
    expected = min(((len(p), n) for n, p in full.items() if n in goals), default=None)
    found = nearest(graph, sources, goals.__contains__, **options)
    if expected is None:
        assert found is None
    else:
        assert found == (expected[1], full[expected[1]])


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(1, 25), reverse=st.booleans())
def test_reach_masks_match_a_search_from_each_component(seed: int, size: int, reverse: bool) -> None:
    rng = random.Random(seed + 2)
    graph = _graph(seed, size)
    nodes = sorted(graph.successors)
    blocked = {n for n in nodes if rng.random() < 0.2}
    closed = {f for hops in graph.successors.values() for f, _ in hops if rng.random() < 0.2}
    marked = [n for n in nodes if rng.random() < 0.4]
    masks = ReachMasks(
        graph, marked, blocked_node=blocked.__contains__, blocked_flow=closed.__contains__, reverse=reverse
    )
    for node in nodes:
        reached = shortest_paths(
            graph,
            [node],
            blocked_node=blocked.__contains__,
            blocked_flow=closed.__contains__,
            reverse=reverse,
        )
        expected = [m for m in marked if m in reached and m != node]
        assert list(masks.members(masks.from_source(node))) == expected
        assert masks.first(masks.from_source(node)) == (expected[0] if expected else None)


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10**6), size=st.integers(2, 18), k=st.integers(1, 4))
def test_k_shortest_simple_paths_match_networkx(seed: int, size: int, k: int) -> None:
    import networkx as nx

    graph = _graph(seed, size)
    simple = SimpleGraph.of(graph)
    reference = graph.as_networkx()
    rng = random.Random(seed + 3)
    nodes = sorted(graph.successors)
    for _ in range(3):
        source, target = rng.sample(nodes, 2)
        try:
            expected = list(islice(nx.shortest_simple_paths(reference, source, target), k))
        except nx.NetworkXNoPath:
            expected = []
        assert k_shortest_simple_paths(simple, source, target, k) == expected
        for nodes_path in expected:
            flows = [sorted(reference[a][b]["flows"])[0] for a, b in pairwise(nodes_path)]
            assert simple.with_flows(nodes_path)[1::2] == tuple(flows)
