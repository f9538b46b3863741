"""Severity colours from the design tokens (UI.md), shared by every widget that shows findings."""

from __future__ import annotations

from caisa_studio.rules import Severity

SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.CRITICAL: "#B42318",
    Severity.HIGH: "#DC6803",
    Severity.MEDIUM: "#CA8504",
    Severity.LOW: "#2E90FA",
    Severity.INFO: "#667085",
}
