"""Foreign element types and names → CAISA kinds, boundary names → zones, asset texts → data tags.

The table is data (``resources/catalog/import_mapping.yaml``) so that a wrong guess is fixed by editing
one line, and every decision carries the keyword that caused it for the import report. Matching is on
whole words after normalisation, longest keyword first, so results never depend on dict order or luck.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from caisa_studio.catalog import Catalog, CatalogError, default_catalog
from caisa_studio.catalog.catalog import load_data_file
from caisa_studio.catalog.resources import catalog_dir
from caisa_studio.model.enums import Zone

MAPPING_FILE_NAME = "import_mapping.yaml"

Shape = Literal["actor", "external", "process", "store", "unknown"]
SHAPES: tuple[Shape, ...] = ("actor", "external", "process", "store", "unknown")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


Keywords = list[str]


class FallbackKinds(_Strict):
    actor: str
    external: str
    process: str
    store: str
    unknown: str


class KindRule(_Strict):
    kind: str
    keywords: Keywords = Field(min_length=1)
    shapes: list[Shape] = Field(default_factory=lambda: list(SHAPES))


class ZoneRule(_Strict):
    zone: Zone
    keywords: Keywords = Field(min_length=1)


class TagRule(_Strict):
    tag: str
    keywords: Keywords = Field(min_length=1)


class ImportMappingFile(_Strict):
    fallback_kinds: FallbackKinds
    kind_rules: list[KindRule]
    zone_rules: list[ZoneRule]
    data_tag_rules: list[TagRule]
    encrypted_protocol_keywords: Keywords


@dataclass(frozen=True)
class Choice:
    """A mapping result and the reason shown in the import report."""

    value: str
    reason: str


@dataclass(frozen=True)
class _Keyword:
    rule: int
    words: str
    length: int


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NON_WORD = re.compile(r"[^a-z0-9]+")


def words(text: str) -> str:
    """``"OpenAI-API v2"`` → ``"openai api v2"``: lower-case words separated by single spaces."""
    return _NON_WORD.sub(" ", text.lower()).strip()


def _variants(text: str) -> tuple[str, ...]:
    """The plain words and, when different, the camelCase-split words ("VectorDB" → "vector db")."""
    plain = words(text)
    split = words(_CAMEL.sub(" ", text))
    return (plain,) if split == plain else (plain, split)


class _KeywordIndex:
    """Keywords indexed by their first word: a text is only compared with keywords that can match it."""

    def __init__(self, rules: Sequence[Sequence[str]]) -> None:
        self._by_first: dict[str, list[_Keyword]] = {}
        for index, keywords in enumerate(rules):
            for keyword in keywords:
                normal = words(keyword)
                if normal:
                    entry = _Keyword(index, normal, len(normal.split()))
                    self._by_first.setdefault(normal.split()[0], []).append(entry)

    def matches(self, text: str) -> list[_Keyword]:
        found: list[_Keyword] = []
        for variant in _variants(text):
            padded = f" {variant} "
            for token in set(variant.split()):
                for keyword in self._by_first.get(token, ()):
                    if f" {keyword.words} " in padded:
                        found.append(keyword)
        return found


def _best(found: Iterable[_Keyword], allowed: set[int] | None = None) -> _Keyword | None:
    """Longest keyword wins; among equally long ones, the rule listed first."""
    candidates = [k for k in found if allowed is None or k.rule in allowed]
    if not candidates:
        return None
    return min(candidates, key=lambda k: (-k.length, k.rule, k.words))


class KindMapper:
    """Answers "which kind / zone / tags" for foreign elements, always with a reason."""

    def __init__(self, spec: ImportMappingFile, catalog: Catalog) -> None:
        self.spec = spec
        self.catalog = catalog
        self._kinds = _KeywordIndex([rule.keywords for rule in spec.kind_rules])
        self._zones = _KeywordIndex([rule.keywords for rule in spec.zone_rules])
        self._tags = _KeywordIndex([rule.keywords for rule in spec.data_tag_rules])
        self._protocols = _KeywordIndex([spec.encrypted_protocol_keywords])
        self._rules_for_shape = {
            shape: {i for i, rule in enumerate(spec.kind_rules) if shape in rule.shapes} for shape in SHAPES
        }

    def kind_for(self, shape: Shape, name: str, foreign_type: str = "", tags: Sequence[str] = ()) -> Choice:
        """The best keyword over name, type and tags; else the fallback kind of the element's shape."""
        exact = foreign_type.strip()
        if exact and self.catalog.kind(exact) is not None:
            return Choice(exact, f'its type "{exact}" is a CAISA kind')
        fields = [("name", name), ("type", foreign_type), *(("tag", tag) for tag in tags)]
        best: tuple[_Keyword, str, str] | None = None
        for field_name, value in fields:
            if not value:
                continue
            found = _best(self._kinds.matches(value), self._rules_for_shape[shape])
            if found and (best is None or (-found.length, found.rule) < (-best[0].length, best[0].rule)):
                best = (found, field_name, value)
        if best is None:
            fallback = getattr(self.spec.fallback_kinds, shape)
            return Choice(fallback, f"no keyword matched; generic kind for {_article(shape)}")
        keyword, field_name, value = best
        kind = self.spec.kind_rules[keyword.rule].kind
        return Choice(kind, f'keyword "{keyword.words}" in the {field_name} "{value}"')

    def zone_for(self, name: str, foreign_type: str = "") -> Choice | None:
        """A zone from the boundary's name, else from its type; ``None`` when neither says anything."""
        for field_name, value in (("name", name), ("type", foreign_type)):
            if not value:
                continue
            if value.strip().upper() in Zone.__members__:
                return Choice(value.strip().upper(), f'the {field_name} "{value}" is a CAISA zone')
            found = _best(self._zones.matches(value))
            if found:
                zone = self.spec.zone_rules[found.rule].zone.value
                return Choice(zone, f'keyword "{found.words}" in the {field_name} "{value}"')
        return None

    def data_tags(self, *texts: str) -> list[str]:
        """Every tag whose keywords occur in any of the texts (names and descriptions of data assets)."""
        tags = {
            self.spec.data_tag_rules[k.rule].tag for text in texts if text for k in self._tags.matches(text)
        }
        return sorted(tags)

    def encrypted_protocol(self, protocol: str) -> str | None:
        """The keyword that says the protocol encrypts ("https" in "HTTPS"), if any."""
        found = _best(self._protocols.matches(protocol)) if protocol else None
        return found.words if found else None


def _article(shape: str) -> str:
    return {
        "actor": "an actor",
        "external": "an external entity",
        "unknown": "an element of unknown shape",
    }.get(shape, f"a {shape}")


def load_mapping(path: Path | None = None, catalog: Catalog | None = None) -> KindMapper:
    """Load and cross-check the table: every kind and tag it names must exist in the catalog."""
    file = path or catalog_dir() / MAPPING_FILE_NAME
    spec = load_data_file(file, ImportMappingFile)
    known = catalog or default_catalog()
    for shape in SHAPES:
        kind = getattr(spec.fallback_kinds, shape)
        if known.kind(kind) is None:
            raise CatalogError(f"{file}: fallback_kinds.{shape}: unknown kind {kind!r}")
    for index, rule in enumerate(spec.kind_rules):
        if known.kind(rule.kind) is None:
            raise CatalogError(f"{file}: kind_rules[{index}].kind: unknown kind {rule.kind!r}")
    tag_ids = {tag.id for tag in known.classifications.data_tags}
    for index, tag_rule in enumerate(spec.data_tag_rules):
        if tag_rule.tag not in tag_ids:
            raise CatalogError(f"{file}: data_tag_rules[{index}].tag: unknown tag {tag_rule.tag!r}")
    return KindMapper(spec, known)


@cache
def default_mapping() -> KindMapper:
    """The shipped table, loaded once per process (it is immutable)."""
    return load_mapping()
