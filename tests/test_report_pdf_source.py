"""The small PDF reader that lifts the diagram page out of the renderer's vector PDF, and the form
XObject that places it on a report page: syntax edge cases, refusals, and a real diagram round trip
checked with pypdf."""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import Any

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("reportlab")

from caisa_studio.export.pdf.pdf_source import (  # noqa: E402
    PdfSource,
    PdfSourceError,
    Ref,
    Stream,
    serialize,
)

from .conftest import EXAMPLE  # noqa: E402


def build_pdf(objects: dict[int, bytes], root: int = 1, header: bytes = b"%PDF-1.4\n%\xe2\xe3\n") -> bytes:
    """A PDF with a classic cross-reference table from ``{number: body}`` (objects written in order)."""
    out = bytearray(header)
    offsets: dict[int, int] = {}
    for number, body in objects.items():
        offsets[number] = len(out)
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    size = max(objects) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    for number in range(1, size):
        out += b"%010d 00000 n \n" % offsets[number] if number in offsets else b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, xref)
    return bytes(out)


def page_pdf(content: bytes, resources: bytes, extra: dict[int, bytes], codec: bytes = b"") -> bytes:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 /MediaBox [0 0 300 200] >>",
        3: b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources " + resources + b" >>",
        4: b"<< /Length %d%s >>\nstream\n" % (len(content), codec) + content + b"\nendstream",
    }
    return build_pdf(objects | extra)


def renumber(ref: Ref) -> bytes:
    return b"%d 0 R" % (ref.number + 100)


def test_strings_names_numbers_and_references_survive_a_round_trip() -> None:
    body = (
        b"<< /Title (a (nested) \\) string 5 0 R) /Hex <48 65 6c> /Name /A#20b /Num -1.5 "
        b"/Refs [5 0 R 6 0 R] /Pair [1 2] /Ints [0 [600 700]] % a comment 7 0 R\n"
        b"/Flag true /Nothing null >>"
    )
    source = PdfSource(build_pdf({1: body, 5: b"1", 6: b"2"}))
    value = source.get(Ref(1, 0))
    assert isinstance(value, dict)
    assert value[b"/Title"] == b"(a (nested) \\) string 5 0 R)"  # references inside strings are text
    assert value[b"/Hex"] == b"<48 65 6c>"
    assert value[b"/Name"] == b"/A#20b"
    assert value[b"/Refs"] == [Ref(5, 0), Ref(6, 0)]
    assert value[b"/Pair"] == [b"1", b"2"]
    assert value[b"/Ints"] == [b"0", [b"600", b"700"]]
    assert value[b"/Flag"] == b"true" and value[b"/Nothing"] == b"null"
    written = serialize(value, renumber)
    assert b"[105 0 R 106 0 R]" in written and b"(a (nested) \\) string 5 0 R)" in written
    reparsed = PdfSource(build_pdf({1: written, 105: b"1", 106: b"2"})).get(Ref(1, 0))
    assert reparsed == {
        key: ([Ref(105, 0), Ref(106, 0)] if key == b"/Refs" else item) for key, item in value.items()
    }


def test_stream_with_an_indirect_length_and_binary_data() -> None:
    data = b"endstream? no: (\x00\xff)) binary"
    source = PdfSource(
        build_pdf(
            {1: b"<< /Length 2 0 R /Filter /X >>\nstream\n" + data + b"\nendstream", 2: b"%d" % len(data)}
        )
    )
    stream = source.get(Ref(1, 0))
    assert isinstance(stream, Stream)
    assert stream.data == data
    assert stream.dictionary[b"/Filter"] == b"/X"


def test_page_inherits_media_box_and_keeps_one_content_stream_encoded() -> None:
    content = zlib.compress(b"0 0 m 10 10 l S")
    pdf = page_pdf(
        content, b"<< /Font << /F1 5 0 R >> >>", {5: b"<< /Type /Font >>"}, codec=b" /Filter /FlateDecode"
    )
    source = PdfSource(pdf)
    page = source.first_page()
    assert page[b"/MediaBox"] == [b"0", b"0", b"300", b"200"]
    data, codec = source.page_content(page)
    assert data == content and codec == {b"/Filter": b"/FlateDecode"}


def test_several_content_streams_are_joined() -> None:
    objects = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] /Contents [4 0 R 5 0 R] >>",
        4: b"<< /Length 3 >>\nstream\nq 1\nendstream",
        5: b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(zlib.compress(b"Q"))
        + zlib.compress(b"Q")
        + b"\nendstream",
    }
    source = PdfSource(build_pdf(objects))
    assert source.page_content(source.first_page()) == (b"q 1\nQ", {})


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        (b"%PDF-1.5\n1 0 obj\n<< /Type /XRef >>\nendobj\nstartxref\n9\n%%EOF", "cross-reference stream"),
        (b"%PDF-1.4\nno cross-reference at all", "startxref"),
    ],
)
def test_files_it_cannot_read_are_refused(pdf: bytes, message: str, tmp_path: Path) -> None:
    path = tmp_path / "odd.pdf"
    path.write_bytes(pdf)
    with pytest.raises(PdfSourceError, match=message):
        PdfSource.read(path)


def test_encrypted_or_updated_files_are_refused() -> None:
    pdf = build_pdf({1: b"<< /Type /Catalog >>"}).replace(b"/Size 2", b"/Size 2 /Prev 5")
    with pytest.raises(PdfSourceError, match="/Prev"):
        PdfSource(pdf)


def test_a_stream_whose_length_is_wrong_is_refused() -> None:
    source = PdfSource(build_pdf({1: b"<< /Length 3 >>\nstream\nlonger than three\nendstream"}))
    with pytest.raises(PdfSourceError, match="/Length"):
        source.get(Ref(1, 0))


LOOPING_PAGES = build_pdf(
    {1: b"<< /Type /Catalog /Pages 2 0 R >>", 2: b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"}
)
DEEP = page_pdf(b"q Q", b"<< /Deep " + b"[" * 5000 + b"]" * 5000 + b" >>", {})
SELF_LENGTH = page_pdf(
    b"q Q", b"<< /XObject << /X 5 0 R >> >>", {5: b"<< /Length 5 0 R >>\nstream\nab\nendstream"}
)
BROKEN_FONT = page_pdf(b"q Q", b"<< /Font << /F1 5 0 R >> >>", {5: b"<< /Type /Font /Widths [1 2"})


@pytest.mark.parametrize(
    ("pdf", "message"),
    [
        (LOOPING_PAGES, "page tree loops"),
        (DEEP, "cannot place"),
        (SELF_LENGTH, "cannot place"),
        (BROKEN_FONT, "cannot place"),
    ],
    ids=["page-tree-loop", "nested-to-exhaustion", "length-refers-to-itself", "broken-resource"],
)
def test_a_hostile_diagram_file_fails_at_once_with_its_name(pdf: bytes, message: str, tmp_path: Path) -> None:
    """Refused while the form is made, naming the file — never a hang, a crash, or an error halfway
    through the report's layout."""
    from caisa_studio.export.pdf.diagram_form import DiagramForm

    path = tmp_path / "hostile.pdf"
    path.write_bytes(pdf)
    with pytest.raises(PdfSourceError, match=message) as raised:
        DiagramForm(path, "Diagram1")
    assert "hostile.pdf" in str(raised.value)


def _diagram_pdf(tmp_path: Path) -> Path:
    from caisa_studio.export.diagram_image import export_diagram
    from caisa_studio.export.report_data import collect_report_data
    from caisa_studio.io import load_design
    from caisa_studio.render.view_model import build_view

    data = collect_report_data(load_design(EXAMPLE))
    path = tmp_path / "diagram.pdf"
    export_diagram(build_view(data.design, data.catalog, data.result), path)
    return path


def _form_xobjects(page: Any) -> list[Any]:
    xobjects = page["/Resources"].get_object().get("/XObject")
    if xobjects is None:
        return []
    found = [x.get_object() for x in xobjects.get_object().values()]
    return [x for x in found if x.get("/Subtype") == "/Form" and "/FontFile2" not in x]


def test_a_real_diagram_is_placed_as_a_form_with_its_fonts(tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    from caisa_studio.export.pdf.diagram_form import DiagramForm

    diagram = _diagram_pdf(tmp_path)
    original = pypdf.PdfReader(diagram).pages[0]
    form = DiagramForm(diagram, name="test-diagram")
    assert form.size == (float(original.mediabox.width), float(original.mediabox.height))

    target = tmp_path / "placed.pdf"
    canvas = Canvas(str(target), pagesize=(800, 600))
    form.draw(canvas, 50, 50, 700, 500)
    canvas.showPage()
    canvas.save()

    page = pypdf.PdfReader(target).pages[0]
    forms = [x for x in _form_xobjects(page) if "/BBox" in x]
    assert len(forms) == 1
    placed = forms[0]
    assert placed.get_data() == original.get_contents().get_data()  # the drawing, byte for byte
    fonts = placed["/Resources"]["/Font"]
    original_fonts = original["/Resources"]["/Font"]
    assert sorted(fonts) == sorted(original_fonts)
    for name in fonts:
        copied = fonts[name].get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        source = original_fonts[name].get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        assert copied["/FontFile2"].get_object().get_data() == source["/FontFile2"].get_object().get_data()
    text = " ".join(page.extract_text().split())
    for component in ("Support vector index", "Customer"):
        assert component in text
