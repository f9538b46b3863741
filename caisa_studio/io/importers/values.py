"""Lenient readers for values in foreign files.

Real files deviate from their schemas (nulls where text is expected, sizes as strings, scores as text or
numbers). These helpers read what is clearly meant and fall back to a default otherwise, so one odd field
never aborts an import; structural problems are reported by the importers themselves.
"""

from __future__ import annotations

import math
import re
from typing import Any

_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(?:px)?\s*$")
_WHITESPACE = re.compile(r"\s+")
_HTML_TAG = re.compile(r"<[^>]{0,200}>")
COORDINATE_LIMIT = 1_000_000.0


def mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def items(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def text(value: Any, default: str = "") -> str:
    """Strings as they are, plain numbers as text, anything else (null, lists, objects) as ``default``."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return default
    if isinstance(value, int | float) and math.isfinite(value):
        return str(value)
    return default


def label(value: Any, limit: int = 200) -> str:
    """One display line: whitespace (Threat Dragon names hold newlines) collapsed, HTML tags removed."""
    plain = _HTML_TAG.sub("", text(value))
    single = _WHITESPACE.sub(" ", plain).strip()
    return single if len(single) <= limit else single[: limit - 1].rstrip() + "…"


def number(value: Any) -> float | None:
    """A finite number within the coordinate range, from a number or numeric text ("120", "80px")."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        match = _NUMBER.match(value)
        if not match:
            return None
        value = float(match.group(1))
    if not isinstance(value, int | float):
        return None
    result = float(value)
    if not math.isfinite(result) or abs(result) > COORDINATE_LIMIT:
        return None
    return result


def flag(value: Any) -> bool:
    """True for ``true``, ``"true"``, ``"yes"``, ``1``; everything else is false."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value == 1
    if isinstance(value, str):
        return value.strip().lower() in {"true", "yes", "y", "1", "on"}
    return False


def strings(value: Any) -> list[str]:
    """The non-empty strings of a list (OTM and Threagile write ``null`` for empty lists)."""
    return [item.strip() for item in items(value) if isinstance(item, str) and item.strip()]
