"""Fresh element IDs that never collide with what a design already uses."""

from __future__ import annotations

import re

from caisa_studio.model.design import Design

_SAFE = re.compile(r"[^a-z0-9]+")


def slug(text: str, fallback: str = "item") -> str:
    """``"Vector DB (EU)"`` → ``vector-db-eu``: readable IDs make files and findings easier to read."""
    cleaned = _SAFE.sub("-", text.lower()).strip("-")[:40].strip("-")
    return cleaned or fallback


def new_id(design: Design, base: str, taken: set[str] | None = None) -> str:
    """``base`` if free, else ``base-2``, ``base-3`` … (also avoiding IDs in ``taken``)."""
    used = design.all_ids() | (taken or set())
    if base not in used:
        return base
    number = 2
    while f"{base}-{number}" in used:
        number += 1
    return f"{base}-{number}"
