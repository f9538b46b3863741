"""``DesignDocument``: the single writer of a design, and the source of change notifications."""

from __future__ import annotations

from collections.abc import Callable

from caisa_studio.model.changes import ChangeSet, EffectRecorder, InvariantError
from caisa_studio.model.design import Design
from caisa_studio.model.edit_support import Edit

ChangeListener = Callable[[ChangeSet], None]
# Checks beyond the model's own invariants (e.g. kinds and controls the catalog knows), supplied by
# layers above: returns problems found in the elements a change touched.
IntegrityCheck = Callable[[Design, ChangeSet], list[str]]


class DesignDocument:
    """Owns one design; every change goes through ``apply`` so undo and validation stay exact."""

    def __init__(self, design: Design, integrity_check: IntegrityCheck | None = None) -> None:
        self._design = design
        self._integrity_check = integrity_check
        self._listeners: list[ChangeListener] = []
        self.revision = 0

    @property
    def design(self) -> Design:
        """The current design. Read it freely; never mutate it directly."""
        return self._design

    def apply(self, edit: Edit) -> ChangeSet:
        """Apply an edit atomically; raises ``InvariantError`` (and changes nothing) if it is invalid."""
        recorder = EffectRecorder()
        inverse = edit.apply(self._design, recorder)
        changes = ChangeSet.from_recorder(edit, inverse, recorder)
        if self._integrity_check is not None:
            problems = self._integrity_check(self._design, changes)
            if problems:
                inverse.apply(self._design, EffectRecorder())
                raise InvariantError(problems[0])
        self.revision += 1
        for listener in list(self._listeners):
            listener(changes)
        return changes

    def subscribe(self, listener: ChangeListener) -> Callable[[], None]:
        """Call ``listener`` after every applied edit; returns a function that unsubscribes."""
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe
