"""Edits of the design as a whole rather than of one element: its title, description, risk class
and declared reference architecture, and the team's recorded decisions on findings.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from caisa_studio.model.changes import EffectRecorder, InvariantError
from caisa_studio.model.design import Design, DesignProperties
from caisa_studio.model.edit_support import Edit, replaced
from caisa_studio.model.elements import RiskEntry

__all__ = ["SetDesignInfo", "SetRiskEntry"]


_DESIGN_FIELDS = frozenset({"title", "description", "risk_class", "reference"})


@dataclass(frozen=True)
class SetDesignInfo:
    """Changes the design's title, description, risk class or declared reference architecture."""

    field: str
    value: Any

    @property
    def label(self) -> str:
        return f"Change design {self.field}"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        if self.field not in _DESIGN_FIELDS:
            raise InvariantError(f"design field {self.field!r} cannot be edited")
        if self.field in ("title", "description"):
            if not isinstance(self.value, str):
                raise InvariantError(f"design {self.field} must be text")
            previous = getattr(design, self.field)
            setattr(design, self.field, self.value)
        else:
            previous = getattr(design.properties, self.field)
            design.properties = replaced(design.properties, **{self.field: self.value})
            assert isinstance(design.properties, DesignProperties)
        record.design_modified = True
        return SetDesignInfo(self.field, previous)


@dataclass(frozen=True)
class SetRiskEntry:
    """Records (or with ``None`` forgets) the team's decision on finding ``rule@subject``."""

    key: str
    entry: RiskEntry | None

    @property
    def label(self) -> str:
        return "Change finding status"

    def apply(self, design: Design, record: EffectRecorder) -> Edit:
        rule, _, subject = self.key.partition("@")
        if not rule or not subject:
            raise InvariantError(f"risk key {self.key!r} must look like RULE@SUBJECT")
        previous = design.risk_tracking.get(self.key)
        if self.entry is None:
            design.risk_tracking.pop(self.key, None)
        else:
            design.risk_tracking[self.key] = self.entry
        record.risk_keys.add(self.key)
        return SetRiskEntry(self.key, previous)
