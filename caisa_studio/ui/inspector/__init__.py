"""The inspector dock: edits the selected component, flow or boundary, or the design itself."""

from __future__ import annotations

from caisa_studio.ui.inspector.panel import InspectorPanel

__all__ = ["InspectorPanel"]
