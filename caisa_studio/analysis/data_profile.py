"""What an element holds or carries, summarised for the B0 ``sensitive(x)`` predicate."""

from __future__ import annotations

from dataclasses import dataclass

from caisa_studio.model.enums import CLASSIFICATION_LEVEL, Classification

SENSITIVE_LEVEL = CLASSIFICATION_LEVEL[Classification.CONFIDENTIAL]


@dataclass(frozen=True)
class DataProfile:
    """What an element holds or carries: highest classification, tags, and whether it was assumed."""

    classification: Classification | None
    tags: frozenset[str]
    asset_names: tuple[str, ...]
    assumed: bool = False

    def is_sensitive(self, sensitive_tags: frozenset[str]) -> bool:
        level = CLASSIFICATION_LEVEL[self.classification] if self.classification else -1
        return level >= SENSITIVE_LEVEL or bool(self.tags & sensitive_tags)

    @property
    def level(self) -> int:
        return CLASSIFICATION_LEVEL[self.classification] if self.classification else -1


EMPTY_PROFILE = DataProfile(None, frozenset(), ())
