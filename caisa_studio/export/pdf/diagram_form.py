"""A diagram page, exported as vector PDF by the shared renderer, drawn on a report page as a form
XObject while reportlab lays the report out.

The page's content stream and every object its resources reach (fonts, graphics states) are copied
into the report as they are — only renumbered, never decoded — so the diagram's text stays real
text and placing it costs next to nothing even for thousands of components. Copies are registered
with reportlab's document as it writes them, so they get object numbers like any other object.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfbase.pdfdoc import NoEncryption, PDFDocument, PDFObject
from reportlab.pdfgen.canvas import Canvas

from caisa_studio.export.pdf.pdf_source import (
    READ_ERRORS,
    PdfSource,
    PdfSourceError,
    Ref,
    Stream,
    Value,
    serialize,
)

__all__ = ["DiagramForm"]


class DiagramForm:
    """The first page of a PDF file, ready to be drawn (scaled) on a report page."""

    def __init__(self, path: Path, name: str) -> None:
        source = PdfSource.read(path)
        try:
            page = source.first_page()
            box = source.resolve(page.get(b"/MediaBox"))
            if not isinstance(box, list) or len(box) != 4:
                raise PdfSourceError("the page has no /MediaBox")
            left, bottom, right, top = (source.number(value) for value in box)
            self._content, self._codec = source.page_content(page)
            _read_everything(source, page.get(b"/Resources", {}))
        except READ_ERRORS as error:
            raise PdfSourceError(f"{path}: cannot place this PDF page ({error})") from None
        self.name = name  # the form's name in the report; one per diagram
        self.left, self.bottom = min(left, right), min(bottom, top)
        self.width, self.height = abs(right - left), abs(top - bottom)
        self._source = source
        self._resources = page.get(b"/Resources", {})
        self._copies: dict[int, _CopiedObject] = {}

    @property
    def size(self) -> tuple[float, float]:
        return self.width, self.height

    def draw(self, canvas: Canvas, x: float, y: float, width: float, height: float) -> None:
        """Draw the page scaled to fit the rectangle (aspect kept, centred)."""
        if not canvas.hasForm(self.name):
            canvas._doc.addForm(self.name, _FormXObject(self))
        scale = min(width / self.width, height / self.height)
        canvas.saveState()
        canvas.transform(
            scale,
            0,
            0,
            scale,
            x + (width - self.width * scale) / 2 - self.left * scale,
            y + (height - self.height * scale) / 2 - self.bottom * scale,
        )
        canvas.doForm(self.name)
        canvas.restoreState()

    # -- writing, called by reportlab while it formats the document -----------------------------------
    def _write(self, value: Value, document: PDFDocument) -> bytes:
        if not isinstance(document.encrypt, NoEncryption):
            raise ValueError("a diagram page cannot be copied into an encrypted PDF")
        return serialize(value, lambda ref: document.Reference(self._copy(ref)).format(document))

    def form_bytes(self, document: PDFDocument) -> bytes:
        box = (self.left, self.bottom, self.left + self.width, self.bottom + self.height)
        dictionary: dict[bytes, Value] = {
            b"/Type": b"/XObject",
            b"/Subtype": b"/Form",
            b"/BBox": [_number(v) for v in box],
            b"/Resources": self._resources,
            **self._codec,
        }
        return _stream_bytes(self._write(dictionary, document), self._content)

    def copy_bytes(self, ref: Ref, document: PDFDocument) -> bytes:
        value = self._source.get(ref)
        if isinstance(value, Stream):
            # The length goes in directly: a /Length kept as a reference would copy one more object.
            dictionary = {key: item for key, item in value.dictionary.items() if key != b"/Length"}
            return _stream_bytes(self._write(dictionary, document), value.data)
        return self._write(value, document)

    def _copy(self, ref: Ref) -> _CopiedObject:
        copy = self._copies.get(ref.number)
        if copy is None:
            copy = self._copies[ref.number] = _CopiedObject(self, ref)
        return copy


class _FormXObject(PDFObject):
    def __init__(self, form: DiagramForm) -> None:
        self.form = form

    def format(self, document: PDFDocument) -> bytes:
        return self.form.form_bytes(document)


class _CopiedObject(PDFObject):
    """One object of the diagram's file, written into the report under a new number."""

    def __init__(self, form: DiagramForm, ref: Ref) -> None:
        self.form = form
        self.ref = ref

    def format(self, document: PDFDocument) -> bytes:
        return self.form.copy_bytes(self.ref, document)


def _read_everything(source: PdfSource, value: Value) -> None:
    """Read every object ``value`` reaches now, so a damaged file fails here, named, and not halfway
    through the report's layout when reportlab writes the copies (the reads are cached)."""
    pending: list[Value] = [value]
    seen: set[int] = set()
    while pending:
        item = pending.pop()
        if isinstance(item, Ref):
            if item.number in seen:
                continue
            seen.add(item.number)
            item = source.get(item)
        if isinstance(item, Stream):
            pending.extend(item.dictionary.values())
        elif isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)


def _stream_bytes(dictionary: bytes, data: bytes) -> bytes:
    # ``dictionary`` ends with ">>": the length entry slots in before it.
    head = dictionary[:-2] + b" /Length " + str(len(data)).encode("ascii") + b">>"
    return head + b"\nstream\n" + data + b"\nendstream\n"


def _number(value: float) -> bytes:
    return (f"{value:.4f}".rstrip("0").rstrip(".") or "0").encode("ascii")
