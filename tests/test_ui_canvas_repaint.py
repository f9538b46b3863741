"""The canvas repaints only what an edit changes (a strip along a flow, a label, a badge). These tests
compare what is on screen after each edit with a full repaint of the same state: a missed or too
small dirty area leaves stale pixels and makes them differ."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QLineF, QPoint, QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from caisa_studio.model import ControlState, RiskEntry
from caisa_studio.model.edits import AssignToBoundary, MoveComponents, SetAttribute, SetControl, SetRiskEntry
from caisa_studio.render.geometry import pieces_along, segment_meets_box
from caisa_studio.render.painters import flow_label_bounds, paint_flow_label
from caisa_studio.render.style import LIGHT
from caisa_studio.render.view_model import FlowView
from caisa_studio.ui.main_window import MainWindow

from .ui_support import isolated_settings, open_window


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolated_settings(tmp_path)


def _settle() -> None:
    for _ in range(3):
        QApplication.processEvents()


def _on_screen(window: MainWindow) -> QImage:
    """The canvas as the window system shows it (the backing store), not a fresh render."""
    assert window.view is not None
    viewport = window.view.viewport()
    corner = viewport.mapTo(window, QPoint(0, 0))
    pixmap = window.screen().grabWindow(
        window.winId(), corner.x(), corner.y(), viewport.width(), viewport.height()
    )
    return pixmap.toImage()


def _fully_repainted(window: MainWindow) -> QImage:
    assert window.view is not None
    window.view.viewport().update()
    _settle()
    return _on_screen(window)


EDITS: dict[str, Callable[[MainWindow], object]] = {
    # encrypting an exposed crossing: the line's colour and dashes change along its whole length
    "encrypt a crossing": lambda w: SetControl(
        "f-aigw-llm", "enc_in_transit", ControlState(status="implemented")
    ),
    # accepting a finding: only a badge changes
    "accept a finding": lambda w: SetRiskEntry(
        "R-ENC-02@f-orchestrator-siem",
        RiskEntry(status="accepted", justification="internal network", owner="sec", expires=None),
    ),
    # a longer protocol: the label plate grows past the flow's old bounding rect
    "longer protocol": lambda w: SetAttribute(
        "f-orchestrator-siem", "protocol", "syslog over a very long named transport"
    ),
    "two-way flow": lambda w: SetAttribute("f-aigw-llm", "bidirectional", True),
    "move a component": lambda w: MoveComponents((("siem", (520.0, 752.0)),)),
    # the logging sink joins the orchestrator's boundary: the flow between them no longer crosses
    # one, so it turns from dashed warning colour to a plain line (its label stays the same)
    "flow stops crossing": lambda w: AssignToBoundary((("siem", "b-app"),)),
    "rename a component": lambda w: SetAttribute("llm", "name", "Hosted LLM (a much longer name)"),
    # boundaries are cached as device pixels: their tab and size must still follow the model
    "rename a boundary": lambda w: SetAttribute("b-app", "name", "Application tier (production)"),
    "resize a boundary": lambda w: SetAttribute("b-vendor", "rect", (616.0, 608.0, 520.0, 220.0)),
}


FOCUS = {"rename a boundary": QPointF(760, 40), "resize a boundary": QPointF(1080, 730)}


@pytest.mark.parametrize("zoom", ["fit", 1.0])
@pytest.mark.parametrize("name", sorted(EDITS))
def test_what_an_edit_repaints_equals_a_full_repaint(
    qtbot: QtBot, example_copy: Path, name: str, zoom: object
) -> None:
    window = open_window(qtbot, example_copy)
    session, view = window.session, window.view
    assert session is not None and view is not None
    if zoom == "fit":
        view.fit_to_view()
    else:
        view.set_zoom(1.0)
        flow = window.scene.flows["f-orchestrator-siem"]  # type: ignore[union-attr]
        view.centerOn(FOCUS.get(name, flow.sceneBoundingRect().center()))  # where the edit shows
    _settle()
    before = _fully_repainted(window)
    assert session.push(EDITS[name](window))  # type: ignore[arg-type]
    session.validate_now()
    _settle()
    after_edit = _on_screen(window)
    assert after_edit != before, "the edit should change what the canvas shows"
    assert after_edit == _fully_repainted(window), f"stale pixels after '{name}'"
    session.undo_stack.undo()
    session.validate_now()
    _settle()
    assert _on_screen(window) == _fully_repainted(window), f"stale pixels after undoing '{name}'"


def test_flow_labels_are_left_out_where_they_would_be_illegible() -> None:
    view = FlowView("f", "a", "b", "HTTPS", bidirectional=False, encrypted=True, exposed=False)
    line = QLineF(10, 50, 190, 50)

    def painted(lod: float) -> int:
        image = QImage(200, 100, QImage.Format.Format_ARGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        paint_flow_label(painter, view, line, LIGHT, lod=lod)
        painter.end()
        return sum(1 for x in range(200) for y in range(100) if image.pixelColor(x, y) != QColor("#FFFFFF"))

    assert painted(1.0) > 100  # plate, padlock and text
    assert painted(0.2) == 0  # 2 px text would be a smudge
    plate = flow_label_bounds(view, line)
    assert plate.contains(line.pointAt(0.5)) and plate.height() >= 18


def _meets(line: QLineF, rect: QRectF) -> bool:
    return segment_meets_box((line.x1(), line.y1(), line.x2(), line.y2()), rect.getCoords())


def test_segment_meets_box_agrees_with_sampling() -> None:
    import random

    chance = random.Random(7)
    for _ in range(3000):
        line = QLineF(*(chance.uniform(-50, 150) for _ in range(4)))
        rect = QRectF(
            chance.uniform(0, 80), chance.uniform(0, 80), chance.uniform(1, 40), chance.uniform(1, 40)
        )
        sampled = any(rect.contains(line.pointAt(k / 2000)) for k in range(2001))
        if sampled:
            assert _meets(line, rect), (line, rect)
        grown = rect.adjusted(-0.5, -0.5, 0.5, 0.5)
        if not any(grown.contains(line.pointAt(k / 8000)) for k in range(8001)):
            assert not _meets(line, rect), (line, rect)


def test_pieces_along_a_line_cover_it() -> None:
    line = QLineF(QPointF(0, 0), QPointF(3000, 7000))
    pieces = pieces_along(line, 240, 12)
    assert 1 < len(pieces) <= 24
    for k in range(1001):
        point = line.pointAt(k / 1000)
        assert any(piece.contains(point) for piece in pieces), point
    area = sum(p.width() * p.height() for p in pieces)
    assert area < 0.25 * 3000 * 7000  # much less than the bounding rect


@pytest.mark.parametrize("exposed_flow", [False, True])
def test_a_flow_skipped_for_a_repaint_area_would_have_painted_nothing_there(
    qtbot: QtBot, exposed_flow: bool
) -> None:
    """Painting is skipped when the line and label miss the exposed area: for random areas, what is
    painted inside them must be the same as when the flow paints in full."""
    import random

    from PySide6.QtWidgets import QStyleOptionGraphicsItem

    from caisa_studio.render.view_model import Badge
    from caisa_studio.rules import Severity
    from caisa_studio.ui.canvas.items import FlowItem

    view = FlowView(
        "f",
        "a",
        "b",
        "gRPC",
        bidirectional=True,
        encrypted=not exposed_flow,
        exposed=exposed_flow,
        badge=Badge(Severity.HIGH, 2, "two findings"),
    )
    item = FlowItem(view, LIGHT)
    item.set_line(QLineF(30, 170, 250, 40))

    def painted(area: QRectF, culled: bool) -> QImage:
        image = QImage(300, 220, QImage.Format.Format_ARGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setClipRect(area)
        option = QStyleOptionGraphicsItem()
        option.exposedRect = area if culled else item.boundingRect()
        item.paint(painter, option, None)
        painter.end()
        return image

    # Small areas just beside the line (where strokes, arrowheads and the label reach) and anywhere.
    chance = random.Random(11)
    line = item.line
    normal = line.normalVector().unitVector()
    nx, ny = normal.dx(), normal.dy()
    blank = painted(QRectF(), False)
    empty_areas = 0
    for index in range(600):
        if index % 3:
            back = chance.uniform(0, 12) / line.length()  # arrowheads are 10 long, 10 wide
            point = line.pointAt(chance.choice([back, 1.0 - back, chance.random()]))
            offset = chance.uniform(-14, 14)
            size = chance.uniform(2, 5)
            area = QRectF(point.x() + nx * offset - size / 2, point.y() + ny * offset - size / 2, size, size)
        else:
            area = QRectF(
                chance.uniform(0, 280), chance.uniform(0, 200), chance.uniform(2, 30), chance.uniform(2, 30)
            )
        culled, full = painted(area, True), painted(area, False)
        assert culled == full, area
        empty_areas += full == blank
    assert 0 < empty_areas < 600  # some areas miss the flow, some do not
