"""One strict JSON reader for every file the studio opens (designs and other tools' models): UTF-8,
no duplicate keys, no NaN/Infinity, bounded nesting — each problem a one-line error naming the file."""

from __future__ import annotations

import json
from typing import Any

from caisa_studio.io.errors import DesignFileError


class _DuplicateKey(ValueError):
    pass


class _BadConstant(ValueError):
    pass


def decode_utf8(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DesignFileError(source, f"not UTF-8 text (byte {error.start})") from None


def parse_strict_json(text: str, source: str) -> Any:
    try:
        return json.loads(text, object_pairs_hook=_reject_duplicate_keys, parse_constant=_reject_constant)
    except json.JSONDecodeError as error:
        raise DesignFileError(
            source, f"not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    except RecursionError:
        raise DesignFileError(source, "JSON is nested too deeply") from None
    except _DuplicateKey as error:
        raise DesignFileError(source, f"key {error.args[0]!r} appears twice in one object") from None
    except _BadConstant as error:
        raise DesignFileError(
            source, f"{error.args[0]} is not a valid number (JSON has no NaN or Infinity)"
        ) from None


def _reject_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)
