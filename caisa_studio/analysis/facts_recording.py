"""What a rule read, recorded as aspects (``control:…``, ``property:…``, ``name:…``), and the memos
that replay it.

The engine re-runs a global rule only when an aspect it read has been edited; memoised values carry
the aspects their computation read, so sharing one between rules never hides a dependency.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

# Entries and untrusted sources follow these properties (``TOPOLOGY_PROPERTIES``): reading the sets is
# recorded as reading the property, so an edit of it re-runs exactly the rules that used them.
ENTRY_ASPECT = "property:internet_facing"
UNTRUSTED_ASPECT = "property:reads_untrusted_content"
T = TypeVar("T")


class Memos:
    """Values ``DesignFacts.memo`` computed, each with the aspects (``control:…``, ``property:…``,
    ``name:…``) it read. They stay valid across edits that change none of those aspects and not the
    structure; the engine keeps them from one run to the next (``surviving``). Values nobody asked for
    in the last ``MAX_IDLE_RUNS`` runs are let go: a search from sources an edit has since changed is
    never asked for again, and would otherwise be kept for the rest of the session."""

    MAX_IDLE_RUNS = 32
    __slots__ = ("_run", "_used", "_values")

    def __init__(self) -> None:
        self._values: dict[Hashable, tuple[Any, frozenset[str]]] = {}
        self._used: dict[Hashable, int] = {}
        self._run = 0

    def __len__(self) -> int:
        return len(self._values)

    def get(self, key: Hashable) -> tuple[Any, frozenset[str]] | None:
        found = self._values.get(key)
        if found is not None:
            self._used[key] = self._run
        return found

    def put(self, key: Hashable, value: Any, reads: frozenset[str]) -> None:
        self._values[key] = (value, reads)
        self._used[key] = self._run

    def surviving(self, aspects: Iterable[str]) -> Memos:
        """For the next run: the memos that read none of ``aspects`` (what an edit changed) and were
        asked for lately."""
        changed = frozenset(aspects)
        kept = Memos()
        kept._run = self._run + 1
        oldest = kept._run - self.MAX_IDLE_RUNS
        used = self._used
        for key, entry in self._values.items():
            if used[key] >= oldest and not entry[1] & changed:
                kept._values[key] = entry
                kept._used[key] = used[key]
        return kept


class RecordsReads:
    """Dependency recording for ``DesignFacts`` (lets the engine re-run a global rule only when what
    it read changes). The facts dataclass declares both attributes as fields."""

    memos: Memos
    _reads: set[str] | None

    def start_recording(self) -> None:
        self._reads = set()

    def stop_recording(self) -> frozenset[str]:
        reads, self._reads = self._reads or set(), None
        return frozenset(reads)

    def memo(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` once, shared by every rule that asks for ``key``: within a validation run, and
        across incremental runs for as long as nothing it read has been edited.

        What the computation read (controls, properties, names) is replayed into the recording of each
        later caller, so incremental validation re-runs every rule that depends on it. ``compute`` must
        read the design only through these facts (or the topology's structure).
        """
        hit = self.memos.get(key)
        if hit is not None:
            value, reads = hit
            if self._reads is not None:
                self._reads.update(reads)
            return value  # type: ignore[no-any-return]
        outer, self._reads = self._reads, set()
        try:
            value = compute()
        finally:
            reads = frozenset(self._reads or ())
            self._reads = outer
            if outer is not None:
                outer.update(reads)
        self.memos.put(key, value, reads)
        return value

    def _note(self, aspect: str) -> None:
        reads = self._reads
        if reads is not None:
            reads.add(aspect)
