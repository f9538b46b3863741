"""Derived, never-persisted facts about a design (zones, crossings, graph, attack paths). No Qt."""

from __future__ import annotations

from caisa_studio.analysis.facts import DataProfile, DesignFacts

__all__ = ["DataProfile", "DesignFacts"]
