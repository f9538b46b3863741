"""Exports of designs to other tools' formats (data only; images and reports live in ``export``). No Qt."""

from __future__ import annotations

from caisa_studio.io.exporters.otm import dumps_otm, otm_document

__all__ = ["dumps_otm", "otm_document"]
