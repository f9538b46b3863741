"""Guard against Qt bindings that corrupt reference counts (PySide6 6.12.0 on Python 3.11 decrements
``None`` on every void call such as ``QPainter.save``; the studio then crashes after a few thousand
paints). If this fails after an upgrade, pin the bindings below the broken release."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage, QPainter


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="None is immortal from Python 3.12 on")
def test_painter_calls_keep_none_alive(qapp: QGuiApplication) -> None:
    image = QImage(16, 16, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    before = sys.getrefcount(None)
    for _ in range(500):
        painter.save()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#123456"))
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.restore()
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100, f"None lost {before - after} references in 500 painter rounds"
