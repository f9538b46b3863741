"""Deterministic, diff-friendly JSON text: 2-space indent, short lists of scalars on one line.

A small writer of its own because the standard library's indenting encoder is pure Python and slow;
strings go through the C string encoder ``json.encoder.encode_basestring``.
"""

from __future__ import annotations

import math
from json.encoder import encode_basestring  # type: ignore[attr-defined]
from typing import Any

_INLINE_LIMIT = 100


def dumps_stable(value: Any) -> str:
    """Serialise plain JSON data; dict key order is kept as given (callers choose a stable one)."""
    out: list[str] = []
    _write(value, "", out)
    out.append("\n")
    return "".join(out)


def _scalar(value: Any) -> str:
    if isinstance(value, str):
        return encode_basestring(value)  # type: ignore[no-any-return]
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value!r} cannot be written to a design file")
        return float.__repr__(value)
    raise TypeError(f"cannot write {type(value).__name__} as JSON")


def _write(value: Any, indent: str, out: list[str]) -> None:
    if isinstance(value, dict):
        if not value:
            out.append("{}")
            return
        inner = indent + "  "
        out.append("{\n")
        last = len(value) - 1
        for position, (key, item) in enumerate(value.items()):
            out.append(f"{inner}{encode_basestring(str(key))}: ")
            _write(item, inner, out)
            out.append(",\n" if position < last else "\n")
        out.append(indent + "}")
    elif isinstance(value, list | tuple):
        if not value:
            out.append("[]")
            return
        if not any(isinstance(item, dict | list | tuple) for item in value):
            inline = "[" + ", ".join(_scalar(item) for item in value) + "]"
            if len(inline) <= _INLINE_LIMIT:
                out.append(inline)
                return
        inner = indent + "  "
        out.append("[\n")
        last = len(value) - 1
        for position, item in enumerate(value):
            out.append(inner)
            _write(item, inner, out)
            out.append(",\n" if position < last else "\n")
        out.append(indent + "]")
    else:
        out.append(_scalar(value))
