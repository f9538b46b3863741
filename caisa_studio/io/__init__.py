"""Reading and writing design files and other tools' models. No Qt."""

from __future__ import annotations

from caisa_studio.io.design_file import DESIGN_SUFFIX, dumps_design, load_design, loads_design, save_design
from caisa_studio.io.errors import DesignFileError

__all__ = ["DESIGN_SUFFIX", "DesignFileError", "dumps_design", "load_design", "loads_design", "save_design"]
