"""Deterministic, diff-friendly JSON text: 2-space indent, short lists of scalars on one line."""

from __future__ import annotations

import json
from typing import Any

_INLINE_LIMIT = 100


def dumps_stable(value: Any) -> str:
    """Serialise plain JSON data; dict key order is kept as given (callers choose a stable one)."""
    parts: list[str] = []
    _write(value, 0, parts)
    parts.append("\n")
    return "".join(parts)


def _scalar(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


def _write(value: Any, indent: int, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        pad = "  " * (indent + 1)
        out.append("{\n")
        for position, (key, item) in enumerate(value.items()):
            out.append(f"{pad}{_scalar(str(key))}: ")
            _write(item, indent + 1, out)
            out.append(",\n" if position < len(value) - 1 else "\n")
        out.append("  " * indent + "}")
    elif isinstance(value, list):
        if not value:
            out.append("[]")
            return
        if all(not isinstance(item, dict | list) for item in value):
            inline = "[" + ", ".join(_scalar(item) for item in value) + "]"
            if len(inline) <= _INLINE_LIMIT:
                out.append(inline)
                return
        pad = "  " * (indent + 1)
        out.append("[\n")
        for position, item in enumerate(value):
            out.append(pad)
            _write(item, indent + 1, out)
            out.append(",\n" if position < len(value) - 1 else "\n")
        out.append("  " * indent + "]")
    else:
        out.append(_scalar(value))
