"""What an applied edit changed: the unit the UI, the validator and undo work with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from caisa_studio.model.edits import Edit


class InvariantError(ValueError):
    """An edit would break the design's integrity (duplicate ID, dangling reference, ...)."""


@dataclass
class EffectRecorder:
    """Collects the IDs an edit touches while it is applied."""

    added: set[str] = field(default_factory=set)
    removed: set[str] = field(default_factory=set)
    modified: set[str] = field(default_factory=set)
    moved: set[str] = field(default_factory=set)
    risk_keys: set[str] = field(default_factory=set)
    design_modified: bool = False

    def add(self, element_id: str) -> None:
        if element_id in self.removed:
            self.removed.discard(element_id)
            self.modified.add(element_id)
        else:
            self.added.add(element_id)

    def remove(self, element_id: str) -> None:
        if element_id in self.added:
            self.added.discard(element_id)
        else:
            self.removed.add(element_id)
        self.modified.discard(element_id)
        self.moved.discard(element_id)

    def modify(self, element_id: str) -> None:
        if element_id not in self.added:
            self.modified.add(element_id)

    def move(self, element_id: str) -> None:
        if element_id not in self.added:
            self.moved.add(element_id)


@dataclass(frozen=True)
class ChangeSet:
    """The result of ``DesignDocument.apply``: what changed and the edit that undoes it exactly."""

    edit: Edit
    inverse: Edit
    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()
    modified: frozenset[str] = frozenset()
    moved: frozenset[str] = frozenset()
    risk_keys: frozenset[str] = frozenset()
    design_modified: bool = False

    @property
    def geometry_only(self) -> bool:
        """True when only positions or boundary rectangles changed: nothing to re-validate."""
        return not (self.added or self.removed or self.modified or self.risk_keys or self.design_modified)

    @property
    def touched(self) -> frozenset[str]:
        return self.added | self.removed | self.modified | self.moved

    @classmethod
    def from_recorder(cls, edit: Edit, inverse: Edit, recorder: EffectRecorder) -> ChangeSet:
        return cls(
            edit=edit,
            inverse=inverse,
            added=frozenset(recorder.added),
            removed=frozenset(recorder.removed),
            modified=frozenset(recorder.modified - recorder.added),
            moved=frozenset(recorder.moved - recorder.modified - recorder.added),
            risk_keys=frozenset(recorder.risk_keys),
            design_modified=recorder.design_modified,
        )
