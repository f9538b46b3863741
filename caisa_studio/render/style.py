"""Design tokens (UI.md): sizes and colours, one source for the canvas, exports and reports."""

from __future__ import annotations

from dataclasses import dataclass

from caisa_studio.model import Zone
from caisa_studio.rules import Severity

GRID = 8
COMPONENT_WIDTH = 168
COMPONENT_HEIGHT = 64
COMPONENT_RADIUS = 8
ICON_SIZE = 32
BADGE_DIAMETER = 20
BOUNDARY_RADIUS = 12
BOUNDARY_MIN_WIDTH = 240
BOUNDARY_MIN_HEIGHT = 160
BOUNDARY_TAB_HEIGHT = 24
FLOW_WIDTH = 1.5
ATTACK_PATH_WIDTH = 3.0
ARROW_LENGTH = 10.0
ARROW_HALF_WIDTH = 5.0

ZONE_COLOURS: dict[Zone, str] = {
    Zone.PUBLIC: "#D64545",
    Zone.EXTERNAL: "#E07B39",
    Zone.DEVICE: "#9C6ADE",
    Zone.EDGE: "#C9A227",
    Zone.CORP: "#3B82C4",
    Zone.APP: "#2A9D8F",
    Zone.DATA: "#3A7D44",
    Zone.MGMT: "#6B7280",
}

SEVERITY_COLOURS: dict[Severity, str] = {
    Severity.CRITICAL: "#B42318",
    Severity.HIGH: "#DC6803",
    Severity.MEDIUM: "#CA8504",
    Severity.LOW: "#2E90FA",
    Severity.INFO: "#667085",
}

SELECTION_COLOUR = "#2563EB"
ATTACK_PATH_COLOUR = "#B42318"


@dataclass(frozen=True)
class Theme:
    """Surface colours; zone and severity colours are shared by both themes."""

    name: str
    canvas: str
    grid: str
    component_fill: str
    component_border: str
    text: str
    muted_text: str
    flow: str
    label_fill: str
    boundary_fill_alpha: float

    @property
    def dark(self) -> bool:
        return self.name == "dark"


LIGHT = Theme(
    name="light",
    canvas="#FFFFFF",
    grid="#EEF0F3",
    component_fill="#FFFFFF",
    component_border="#C4CAD4",
    text="#1F2937",
    muted_text="#5B6472",
    flow="#4B5563",
    label_fill="#FFFFFF",
    boundary_fill_alpha=0.06,
)

DARK = Theme(
    name="dark",
    canvas="#16181D",
    grid="#22262E",
    component_fill="#23272F",
    component_border="#4A5260",
    text="#E8EAED",
    muted_text="#A3ABB8",
    flow="#AEB6C2",
    label_fill="#23272F",
    boundary_fill_alpha=0.10,
)
