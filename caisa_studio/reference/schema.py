"""The shape of a reference architecture file (``reference_architectures/RA-n.yaml``).

Role selectors are a closed union of typed classes: data chooses among them, never evaluates code.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from caisa_studio.model import Zone
from caisa_studio.reference.edit_ops import EditOp


class _Strict(BaseModel):
    # defer_build: validators are built on the first reference load, not at import (the studio
    # imports this before its first paint and loads references only after it).
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class KindSelector(_Strict):
    """Components of any of these kinds."""

    type: Literal["kinds"] = "kinds"
    kinds: list[str] = Field(min_length=1)


class CapabilitySelector(_Strict):
    """Components whose kind has this capability (so new kinds qualify without editing the file)."""

    type: Literal["capability"] = "capability"
    capability: str


Selector = Annotated[KindSelector | CapabilitySelector, Field(discriminator="type")]


class Source(_Strict):
    title: str
    url: str = ""


class Role(_Strict):
    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    name: str
    select: Selector
    min_count: int = Field(default=1, ge=0)
    controls: list[str] = Field(default_factory=list)
    description: str = ""


class RequiredFlow(_Strict):
    """Every member of ``source`` reaches a member of ``target``; with ``through``, only via those roles."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    description: str
    source: str
    target: str
    through: list[str] = Field(default_factory=list)


class ForbiddenFlow(_Strict):
    """No direct flow from a member of ``source`` to a member of ``target`` (a bypass)."""

    id: str = Field(pattern=r"^[a-z][a-z0-9_-]*$")
    description: str
    source: str
    target: str


class Gap(_Strict):
    """One deliberate weakness of an exercise: what the student should find."""

    description: str
    edits: list[EditOp] = Field(default_factory=list)
    expect: list[str] = Field(min_length=1)


class Exercise(_Strict):
    title: str
    goal: str
    gaps: list[Gap] = Field(min_length=5, max_length=10)


class ReferenceArchitecture(_Strict):
    id: str = Field(pattern=r"^RA-[0-9]+$")
    title: str
    summary: str
    sources: list[Source] = Field(default_factory=list)
    roles: list[Role]
    required_flows: list[RequiredFlow] = Field(default_factory=list)
    forbidden_flows: list[ForbiddenFlow] = Field(default_factory=list)
    required_zones: list[Zone] = Field(default_factory=list)
    blocking_rules: list[str] = Field(default_factory=list)
    template: dict[str, Any]
    exercise: Exercise
