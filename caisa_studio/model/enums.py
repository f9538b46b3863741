"""Closed vocabularies of the design file format (a contract: values are spelled exactly as stored)."""

from __future__ import annotations

from enum import StrEnum


class Zone(StrEnum):
    """Trust zones, from least to most trusted (see CATALOG B0)."""

    PUBLIC = "PUBLIC"
    EXTERNAL = "EXTERNAL"
    DEVICE = "DEVICE"
    EDGE = "EDGE"
    CORP = "CORP"
    APP = "APP"
    DATA = "DATA"
    MGMT = "MGMT"


class ControlStatus(StrEnum):
    """Only ``implemented`` counts; ``not_applicable`` suppresses the findings that need the control."""

    IMPLEMENTED = "implemented"
    PLANNED = "planned"
    NOT_APPLICABLE = "not_applicable"


class Classification(StrEnum):
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    RESTRICTED = "restricted"


class RiskClass(StrEnum):
    """EU AI Act risk class the design declares."""

    HIGH = "high"
    LIMITED = "limited"
    MINIMAL = "minimal"


class RiskStatus(StrEnum):
    OPEN = "open"
    ACCEPTED = "accepted"
    MITIGATED = "mitigated"
    FALSE_POSITIVE = "false_positive"


CLASSIFICATION_LEVEL: dict[Classification, int] = {
    Classification.PUBLIC: 0,
    Classification.INTERNAL: 1,
    Classification.CONFIDENTIAL: 2,
    Classification.RESTRICTED: 3,
}
