"""Turn pydantic error locations into the JSON paths users see (``components[3].controls.authn``)."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError


def json_path(location: Sequence[int | str]) -> str:
    """``("components", 3, "kind")`` → ``components[3].kind``; empty → ``$`` (the document root)."""
    path = ""
    for part in location:
        if isinstance(part, int):
            path += f"[{part}]"
        else:
            path += f".{part}" if path else str(part)
    return path or "$"


def first_problem(error: ValidationError) -> tuple[str, str]:
    """The JSON path and message of the first problem pydantic found, in plain words."""
    problem = error.errors(include_url=False)[0]
    location = [part for part in problem["loc"] if not _is_union_branch(part)]
    message = problem["msg"]
    if problem["type"] == "extra_forbidden":
        message = "unknown field"
    elif problem["type"] == "missing":
        message = "required field is missing"
    return json_path(location), message


def _is_union_branch(part: int | str) -> bool:
    """Pydantic names the union member it tried (``function-after[...]``, ``str``); users don't care."""
    return isinstance(part, str) and ("[" in part or part in {"bool", "int", "float", "str", "list[str]"})
