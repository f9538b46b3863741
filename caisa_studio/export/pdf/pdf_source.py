"""Just enough of a PDF reader to lift the diagram's page out of the one-page vector PDF that
``export.diagram_image`` writes (through Qt's ``QPdfWriter``): its size, its content stream and the
objects its resources reach, kept as they are (strings, names and numbers as their raw bytes, stream
data still encoded) so they can be written into the report unchanged, only renumbered.

Not a general PDF reader, and it need not be: loading pypdf for this one page cost more than the
rest of the report's PDF work. It reads a classic cross-reference table (one section, no object or
cross-reference streams) of an unencrypted file — what QPdfWriter writes — and raises
``PdfSourceError`` on anything else rather than guessing.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple, TypeAlias

__all__ = ["PdfSource", "PdfSourceError", "Ref", "Stream", "Value", "serialize"]


class PdfSourceError(ValueError):
    """The file is not the simple PDF this reader handles."""


# What reading a damaged file can raise (deep nesting exhausts the recursion limit).
READ_ERRORS = (ValueError, IndexError, zlib.error, RecursionError)


class Ref(NamedTuple):
    """An indirect reference ``number generation R``."""

    number: int
    generation: int


@dataclass(frozen=True)
class Stream:
    dictionary: dict[bytes, Value]
    data: bytes  # still encoded by the dictionary's /Filter


# Atoms (numbers, names, strings, booleans, null) are their raw bytes: b"612", b"/FlateDecode", b"(Adobe)".
# Dictionary keys are names with their slash.
Value: TypeAlias = "bytes | Ref | list[Value] | dict[bytes, Value] | Stream"

_SKIP = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
_REGULAR = re.compile(rb"[^\x00\t\n\x0c\r ()<>\[\]{}/%]+")
_NAME = re.compile(rb"/[^\x00\t\n\x0c\r ()<>\[\]{}/%]*")
_HEX = re.compile(rb"<[0-9A-Fa-f\x00\t\n\x0c\r ]*>")
_PARENS = re.compile(rb"[()\\]")
_CLOSERS = (b">>", b"]", b"{", b"}")


class _Parser:
    """Tokens and values of PDF syntax, read from ``pos`` on."""

    def __init__(self, data: bytes, pos: int) -> None:
        self.data = data
        self.pos = pos

    def token(self) -> bytes:
        data = self.data
        pos = _SKIP.match(data, self.pos).end()  # type: ignore[union-attr]  # matches the empty string
        if pos >= len(data):
            raise PdfSourceError("unexpected end of the file")
        first = data[pos]
        if first == 0x3C:  # <
            token = b"<<" if data.startswith(b"<<", pos) else self._match(_HEX, pos)
        elif first == 0x3E:  # >
            if not data.startswith(b">>", pos):
                raise PdfSourceError(f"unexpected '>' at byte {pos}")
            token = b">>"
        elif first in b"[]{}":
            token = data[pos : pos + 1]
        elif first == 0x28:  # (
            token = self._literal(pos)
        elif first == 0x2F:  # /
            token = self._match(_NAME, pos)
        elif first == 0x29:  # )
            raise PdfSourceError(f"unbalanced ')' at byte {pos}")
        else:
            token = self._match(_REGULAR, pos)
        self.pos = pos + len(token)
        return token

    def _match(self, pattern: re.Pattern[bytes], pos: int) -> bytes:
        found = pattern.match(self.data, pos)
        if found is None:
            raise PdfSourceError(f"unreadable token at byte {pos}")
        return found.group()

    def _literal(self, start: int) -> bytes:
        """A ``(string)``: parentheses nest, a backslash escapes the next byte."""
        depth, pos = 0, start
        while True:
            found = _PARENS.search(self.data, pos)
            if found is None:
                raise PdfSourceError(f"unterminated string at byte {start}")
            if found.group() == b"\\":
                pos = found.end() + 1
                continue
            depth += 1 if found.group() == b"(" else -1
            pos = found.end()
            if depth == 0:
                return self.data[start:pos]

    def value(self, token: bytes | None = None) -> Value:
        token = self.token() if token is None else token
        if token == b"<<":
            dictionary: dict[bytes, Value] = {}
            while (key := self.token()) != b">>":
                if not key.startswith(b"/"):
                    raise PdfSourceError(f"a dictionary key must be a name, not {key[:20]!r}")
                dictionary[key] = self.value()
            return dictionary
        if token == b"[":
            items: list[Value] = []
            while (item := self.token()) != b"]":
                items.append(self.value(item))
            return items
        if token in _CLOSERS:
            raise PdfSourceError(f"unexpected {token!r} before byte {self.pos}")
        if token.isdigit():  # maybe "number generation R"
            saved = self.pos
            try:
                generation, keyword = self.token(), self.token()
            except PdfSourceError:
                generation = keyword = b""
            if generation.isdigit() and keyword == b"R":
                return Ref(int(token), int(generation))
            self.pos = saved
        return token


class PdfSource:
    """The objects of one PDF file, read on demand through its cross-reference table."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self._offsets: dict[int, int] = {}
        self._objects: dict[int, Value] = {}
        self.trailer = self._read_xref()

    @classmethod
    def read(cls, path: Path) -> PdfSource:
        try:
            return cls(path.read_bytes())
        except READ_ERRORS as error:
            raise PdfSourceError(f"{path}: cannot place this PDF page ({error})") from None

    def _read_xref(self) -> dict[bytes, Value]:
        at = self.data.rfind(b"startxref")
        if at < 0:
            raise PdfSourceError("no startxref")
        parser = _Parser(self.data, int(_Parser(self.data, at + len(b"startxref")).token()))
        if parser.token() != b"xref":
            raise PdfSourceError("a cross-reference stream (not supported)")
        while (token := parser.token()) != b"trailer":
            first, count = int(token), int(parser.token())
            for number in range(first, first + count):
                offset, _generation, kind = parser.token(), parser.token(), parser.token()
                if kind == b"n":
                    self._offsets[number] = int(offset)
        trailer = parser.value()
        if not isinstance(trailer, dict):
            raise PdfSourceError("the trailer is not a dictionary")
        for unsupported in (b"/Prev", b"/Encrypt", b"/XRefStm"):
            if unsupported in trailer:
                raise PdfSourceError(f"a trailer with {unsupported.decode()} (not supported)")
        return trailer

    def get(self, ref: Ref) -> Value:
        """The object ``ref`` names (``null`` for a free or missing one, as the PDF format says)."""
        if ref.number in self._objects:
            return self._objects[ref.number]
        offset = self._offsets.get(ref.number)
        if offset is None:
            return b"null"
        self._objects[ref.number] = b"null"  # while it is read: an object that refers to itself ends
        parser = _Parser(self.data, offset)
        number, _generation, keyword = parser.token(), parser.token(), parser.token()
        if keyword != b"obj" or number != str(ref.number).encode():
            raise PdfSourceError(f"object {ref.number} is not at byte {offset}")
        value = parser.value()
        if isinstance(value, dict) and parser.token() == b"stream":
            value = Stream(value, self._stream_data(parser.pos, value))
        self._objects[ref.number] = value
        return value

    def _stream_data(self, pos: int, dictionary: dict[bytes, Value]) -> bytes:
        data = self.data
        if data.startswith(b"\r\n", pos):
            pos += 2
        elif data.startswith((b"\n", b"\r"), pos):
            pos += 1
        length = int(self.number(dictionary.get(b"/Length", b"")))
        end = _SKIP.match(data, pos + length).end()  # type: ignore[union-attr]
        if length < 0 or not data.startswith(b"endstream", end):
            raise PdfSourceError(f"a stream at byte {pos} does not end where its /Length says")
        return data[pos : pos + length]

    def resolve(self, value: Value | None) -> Value | None:
        return self.get(value) if isinstance(value, Ref) else value

    def number(self, value: Value | None) -> float:
        value = self.resolve(value)
        if not isinstance(value, bytes):
            raise PdfSourceError(f"expected a number, found {type(value).__name__}")
        return float(value)

    def first_page(self) -> dict[bytes, Value]:
        """The first page's dictionary, with the attributes it inherits from the page tree filled in."""
        root = self.resolve(self.trailer.get(b"/Root"))
        node = self.resolve(root.get(b"/Pages")) if isinstance(root, dict) else None
        inherited: dict[bytes, Value] = {}
        visited: list[dict[bytes, Value]] = []
        while isinstance(node, dict) and node.get(b"/Type") == b"/Pages":
            if any(node is seen for seen in visited):
                raise PdfSourceError("the page tree loops")
            visited.append(node)
            inherited.update((key, node[key]) for key in (b"/Resources", b"/MediaBox") if key in node)
            kids = self.resolve(node.get(b"/Kids"))
            if not isinstance(kids, list) or not kids:
                raise PdfSourceError("the file has no pages")
            node = self.resolve(kids[0])
        if not isinstance(node, dict):
            raise PdfSourceError("the file has no pages")
        return inherited | node

    def page_content(self, page: dict[bytes, Value]) -> tuple[bytes, dict[bytes, Value]]:
        """The page's content and the /Filter and /DecodeParms entries that decode it: one stream is
        kept encoded as it is; several are decoded and joined (then stored without a filter)."""
        contents = self.resolve(page.get(b"/Contents"))
        if isinstance(contents, Stream):
            codec = {k: v for k, v in contents.dictionary.items() if k in (b"/Filter", b"/DecodeParms")}
            return contents.data, codec
        if contents is None or contents == b"null":
            return b"", {}
        if not isinstance(contents, list):
            raise PdfSourceError("the page's /Contents is neither a stream nor an array")
        parts = []
        for item in contents:
            stream = self.resolve(item)
            if not isinstance(stream, Stream):
                raise PdfSourceError("the page's /Contents holds something other than streams")
            parts.append(_decoded(stream))
        return b"\n".join(parts), {}


def _decoded(stream: Stream) -> bytes:
    codec = stream.dictionary.get(b"/Filter")
    if codec is None:
        return stream.data
    if codec in (b"/FlateDecode", [b"/FlateDecode"]) and b"/DecodeParms" not in stream.dictionary:
        return zlib.decompress(stream.data)
    raise PdfSourceError(f"content encoded with {codec!r} (not supported)")


def serialize(value: Value, reference: Callable[[Ref], bytes]) -> bytes:
    """``value`` in PDF syntax; ``reference`` writes each indirect reference (renumbering it)."""
    if isinstance(value, bytes):
        return value
    if isinstance(value, Ref):
        return reference(value)
    if isinstance(value, list):
        return b"[" + b" ".join(serialize(item, reference) for item in value) + b"]"
    if isinstance(value, dict):
        entries = (key + b" " + serialize(item, reference) for key, item in value.items())
        return b"<<" + b" ".join(entries) + b">>"
    raise PdfSourceError("a stream can only be an indirect object")
