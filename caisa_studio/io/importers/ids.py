"""Foreign IDs made valid CAISA IDs, deterministically, with a record of every change.

Other tools allow any string as an ID (spaces, slashes, 150-character Terraform paths). Ours must match
``ID_PATTERN``; the same input always gives the same ID so re-importing a file gives the same design.
"""

from __future__ import annotations

import hashlib
import re

from caisa_studio.model.elements import ID_PATTERN

_INVALID_RUN = re.compile(r"[^A-Za-z0-9_.:\-]+")
_MAX_LENGTH = 128


def sanitise_id(raw: str, fallback: str) -> str:
    """``raw`` as a valid ID: invalid runs become ``-``; over-long IDs keep a hash so they stay distinct."""
    text = _INVALID_RUN.sub("-", raw.strip()).strip("-_.:")
    if not text:
        text = fallback
    if len(text) > _MAX_LENGTH:
        digest = hashlib.sha1(raw.encode("utf-8")).hexdigest()[:10]
        text = text[: _MAX_LENGTH - len(digest) - 1].rstrip("-_.:") + "-" + digest
    return text


class IdAllocator:
    """Hands out unique IDs across the whole design and remembers which foreign IDs had to change."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self.renamed: dict[str, str] = {}

    def allocate(self, raw: str, fallback: str) -> str:
        base = sanitise_id(raw, fallback)
        candidate = base
        counter = 2
        while candidate in self._used:
            suffix = f"-{counter}"
            candidate = base[: _MAX_LENGTH - len(suffix)] + suffix
            counter += 1
        assert ID_PATTERN.match(candidate), candidate
        self._used.add(candidate)
        if raw and candidate != raw:
            self.renamed[raw] = candidate
        return candidate
