"""The design model: pure data (pydantic), edits and the document that applies them. No Qt here."""

from __future__ import annotations

from caisa_studio.model.changes import ChangeSet, InvariantError
from caisa_studio.model.design import SCHEMA_VERSION, Design, DesignProperties
from caisa_studio.model.document import DesignDocument
from caisa_studio.model.elements import (
    Component,
    ControlState,
    DataAsset,
    DataFlow,
    RiskEntry,
    TrustBoundary,
)
from caisa_studio.model.enums import Classification, ControlStatus, RiskClass, RiskStatus, Zone

__all__ = [
    "SCHEMA_VERSION",
    "ChangeSet",
    "Classification",
    "Component",
    "ControlState",
    "ControlStatus",
    "DataAsset",
    "DataFlow",
    "Design",
    "DesignDocument",
    "DesignProperties",
    "InvariantError",
    "RiskClass",
    "RiskEntry",
    "RiskStatus",
    "TrustBoundary",
    "Zone",
]
