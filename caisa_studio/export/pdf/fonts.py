"""Fonts for the report: a Unicode TrueType family found on the system, else reportlab's bundled Vera.

reportlab's built-in Helvetica only covers Latin-1, so names like "Zoë → Ωmega" would print as
boxes. ``safe_text`` replaces anything the chosen font cannot draw with a readable stand-in.
"""

from __future__ import annotations

import os
import sys
import threading
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

# (regular, bold, italic, bold italic) file names, searched in each font folder, best first.
FAMILIES: tuple[tuple[str, str, str, str], ...] = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSans-BoldOblique.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf", "NotoSans-Italic.ttf", "NotoSans-BoldItalic.ttf"),
    (
        "LiberationSans-Regular.ttf",
        "LiberationSans-Bold.ttf",
        "LiberationSans-Italic.ttf",
        "LiberationSans-BoldItalic.ttf",
    ),
    ("segoeui.ttf", "segoeuib.ttf", "segoeuii.ttf", "segoeuiz.ttf"),
    ("arial.ttf", "arialbd.ttf", "ariali.ttf", "arialbi.ttf"),
    ("Arial.ttf", "Arial Bold.ttf", "Arial Italic.ttf", "Arial Bold Italic.ttf"),
)
VERA = ("Vera.ttf", "VeraBd.ttf", "VeraIt.ttf", "VeraBI.ttf")
FALLBACKS = {
    "→": "->",
    "←": "<-",
    "↔": "<->",
    "—": "-",
    "–": "-",
    "…": "...",
    "·": "-",
    "•": "-",
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "✓": "v",
    "✗": "x",
    "\u00a0": " ",
}
_lock = threading.Lock()


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    glyphs: frozenset[int]


def _font_folders() -> list[Path]:
    folders = [Path(p) for p in os.environ.get("CAISA_REPORT_FONT_DIRS", "").split(os.pathsep) if p]
    if sys.platform.startswith("win"):
        folders.append(Path(os.environ.get("WINDIR", r"C:\Windows")) / "Fonts")
    elif sys.platform == "darwin":
        folders += [
            Path("/System/Library/Fonts/Supplemental"),
            Path("/Library/Fonts"),
            Path.home() / "Library/Fonts",
        ]
    else:
        folders += [
            Path("/usr/share/fonts/truetype/dejavu"),
            Path("/usr/share/fonts/dejavu"),
            Path("/usr/share/fonts/TTF"),
            Path("/usr/share/fonts/truetype/noto"),
            Path("/usr/share/fonts/noto"),
            Path("/usr/share/fonts/truetype/liberation"),
            Path("/usr/share/fonts/liberation"),
            Path.home() / ".local/share/fonts",
        ]
    return folders


def _find_family() -> tuple[Path, ...]:
    for names in FAMILIES:
        for folder in _font_folders():
            paths = tuple(folder / name for name in names)
            if all(p.is_file() for p in paths):
                return paths
    import reportlab

    bundled = Path(reportlab.__file__).parent / "fonts"
    return tuple(bundled / name for name in VERA)


@cache
def report_fonts() -> FontSet:
    """Register the report family with reportlab once per process (thread-safe) and return its names."""
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFError, TTFont

    with _lock:
        names = ("CaisaSans", "CaisaSans-Bold", "CaisaSans-Italic", "CaisaSans-BoldItalic")
        try:
            fonts = [TTFont(name, str(path)) for name, path in zip(names, _find_family(), strict=True)]
        except (TTFError, OSError):
            import reportlab

            bundled = Path(reportlab.__file__).parent / "fonts"
            fonts = [TTFont(name, str(bundled / file)) for name, file in zip(names, VERA, strict=True)]
        for font in fonts:
            pdfmetrics.registerFont(font)
        addMapping("CaisaSans", 0, 0, names[0])
        addMapping("CaisaSans", 1, 0, names[1])
        addMapping("CaisaSans", 0, 1, names[2])
        addMapping("CaisaSans", 1, 1, names[3])
        glyphs = frozenset(fonts[0].face.charToGlyph) & frozenset(fonts[1].face.charToGlyph)
        return FontSet(*names, glyphs=glyphs)


@lru_cache(maxsize=8192)
def safe_text(text: str) -> str:
    """``text`` with characters the report font lacks replaced (control characters dropped)."""
    glyphs = report_fonts().glyphs
    out = []
    for char in text:
        code = ord(char)
        if code in glyphs:
            out.append(char)
        elif char in "\t\n\r":
            out.append(" ")
        elif code < 32 or 0x7F <= code < 0xA0:
            continue
        else:
            replacement = FALLBACKS.get(char, "?")
            out.append(replacement if all(ord(c) in glyphs for c in replacement) else "?")
    return "".join(out)
