"""Pure, undoable edits of a design.

Each edit validates against the current design *before* mutating it, so a failing edit changes
nothing, and returns the exact inverse edit computed from the state it replaced. Only
``DesignDocument.apply`` calls ``Edit.apply``.

The edits live by kind: ``structure_edits`` (elements added and removed), ``element_edits``
(existing elements changed in place) and ``design_edits`` (the design as a whole); this module
gathers them, with the shared ``Edit``, ``Batch`` and ``UNSET``, under one import path.
"""

from __future__ import annotations

from caisa_studio.model.design_edits import SetDesignInfo, SetRiskEntry
from caisa_studio.model.edit_support import UNSET, Batch, Edit
from caisa_studio.model.element_edits import (
    AssignToBoundary,
    MoveComponents,
    SetAttribute,
    SetControl,
    SetProperty,
)
from caisa_studio.model.structure_edits import (
    AddBoundary,
    AddComponent,
    AddDataAsset,
    Connect,
    Disconnect,
    RemoveBoundary,
    RemoveComponent,
    RemoveDataAsset,
)

__all__ = [
    "UNSET",
    "AddBoundary",
    "AddComponent",
    "AddDataAsset",
    "AssignToBoundary",
    "Batch",
    "Connect",
    "Disconnect",
    "Edit",
    "MoveComponents",
    "RemoveBoundary",
    "RemoveComponent",
    "RemoveDataAsset",
    "SetAttribute",
    "SetControl",
    "SetDesignInfo",
    "SetProperty",
    "SetRiskEntry",
]
