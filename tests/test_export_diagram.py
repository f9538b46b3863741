"""Diagram export (``caisa export`` and ``export.diagram_image``): PNG, SVG and vector PDF files,
read back and checked, and the exit codes of the command line."""

from __future__ import annotations

import json
import struct
import xml.etree.ElementTree as ElementTree
import zlib
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader
from PySide6.QtGui import QColor, QImage

from caisa_studio import cli
from caisa_studio.catalog import default_catalog
from caisa_studio.export import png_file
from caisa_studio.export.diagram_image import (
    COMFORTABLE_PNG_PIXELS,
    ExportOptions,
    ensure_gui_application,
    export_diagram,
    render_image,
)
from caisa_studio.io import load_design
from caisa_studio.render.diagram import diagram_bounds
from caisa_studio.render.view_model import DiagramView, build_view
from caisa_studio.rules import Validator

from .conftest import EXAMPLE

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<b>x</b> & <font> "quoted" \x01'


@pytest.fixture(scope="module")
def example_view() -> DiagramView:
    ensure_gui_application()
    design = load_design(EXAMPLE)
    return build_view(design, default_catalog(), Validator().full(design))


# -- SVG -------------------------------------------------------------------------------------------
def test_svg_is_well_formed_with_one_group_per_element(tmp_path: Path, example_view: DiagramView) -> None:
    out = tmp_path / "diagram.svg"
    export_diagram(example_view, out)
    root = ElementTree.parse(out).getroot()
    groups = {g.get("id"): g for g in root.iter(f"{SVG}g") if g.get("class")}
    for kind, elements in (
        ("component", example_view.components),
        ("flow", example_view.flows),
        ("boundary", example_view.boundaries),
    ):
        ids = {key for key, g in groups.items() if g.get("class") == kind}
        assert ids == {f"{kind}-{element.id}" for element in elements}
    llm = groups["component-llm"]
    texts = " ".join("".join(t.itertext()) for t in llm.iter(f"{SVG}text"))
    assert "Hosted LLM" in texts  # names are text, not outlines
    assert root.findtext(f"{SVG}title") == example_view.title
    assert all(len(g) for g in root.iter(f"{SVG}g"))  # no empty groups left behind


def test_svg_keeps_hostile_names_literal(tmp_path: Path, example_view: DiagramView) -> None:
    from dataclasses import replace

    first = replace(example_view.components[0], name=HOSTILE)
    view = replace(example_view, title=HOSTILE, components=(first, *example_view.components[1:]))
    out = tmp_path / "hostile.svg"
    export_diagram(view, out)
    root = ElementTree.parse(out).getroot()  # still well-formed
    literal = HOSTILE.replace("\x01", "")  # a control character has no place in XML
    assert root.findtext(f"{SVG}title") == literal
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == f"component-{first.id}")
    assert group.get("data-name") == literal


# -- PNG -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("scale", [1.0, 2.0])
def test_png_size_and_density_follow_the_scale(
    tmp_path: Path, example_view: DiagramView, scale: float
) -> None:
    out = tmp_path / "diagram.png"
    export_diagram(example_view, out, ExportOptions(scale=scale))
    image = QImage(str(out))
    bounds = diagram_bounds(example_view)
    assert (image.width(), image.height()) == (round(bounds.width() * scale), round(bounds.height() * scale))
    assert image.dotsPerMeterX() == round(3780 * scale)
    expected = render_image(example_view, scale).convertToFormat(QImage.Format.Format_RGB888)
    assert image.convertToFormat(QImage.Format.Format_RGB888) == expected


def test_very_large_png_is_scaled_down_to_a_comfortable_size(example_view: DiagramView) -> None:
    image = render_image(example_view, 16.0)
    assert image.width() * image.height() <= COMFORTABLE_PNG_PIXELS * 1.01
    assert image.width() * image.height() >= COMFORTABLE_PNG_PIXELS * 0.95


def _chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == png_file.SIGNATURE
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert crc == zlib.crc32(kind + body), kind
        chunks.append((kind, body))
        at += 12 + length
    return chunks


@pytest.mark.parametrize("band_bytes", [64, 1000, 4 << 20])
def test_png_writer_bands_join_into_one_valid_stream(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, band_bytes: int
) -> None:
    monkeypatch.setattr(png_file, "BAND_BYTES", band_bytes)
    ensure_gui_application()
    width, height = 37, 23  # odd sizes: rows are padded to 4 bytes in the QImage
    image = QImage(width, height, QImage.Format.Format_RGB888)
    for y in range(height):
        for x in range(width):
            image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 11) % 256, (x * y) % 256))
    out = tmp_path / "bands.png"
    png_file.write_rgb_png(out, width, height, memoryview(image.constBits()), image.bytesPerLine(), 3780)
    chunks = _chunks(out.read_bytes())
    assert [kind for kind, _ in chunks] == [b"IHDR", b"pHYs", b"IDAT", b"IEND"]
    raw = zlib.decompress(chunks[2][1])  # checks the adler-32 of the joined stream too
    assert len(raw) == height * (width * 3 + 1)
    back = QImage(str(out)).convertToFormat(QImage.Format.Format_RGB888)
    assert back == image


def test_png_writer_refuses_a_short_buffer(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="smaller than the image"):
        png_file.write_rgb_png(tmp_path / "x.png", 10, 10, b"\x00" * 50, 30, 3780)
    with pytest.raises(ValueError, match="at least one pixel"):
        png_file.write_rgb_png(tmp_path / "x.png", 0, 10, b"", 0, 3780)


# -- PDF -------------------------------------------------------------------------------------------
def test_pdf_is_one_vector_page_with_the_names_as_text(tmp_path: Path, example_view: DiagramView) -> None:
    out = tmp_path / "diagram.pdf"
    export_diagram(example_view, out)
    reader = PdfReader(out)
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for component in example_view.components:
        assert component.name.split()[0] in text


# -- the command line ------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_cli_exports_each_format(tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / f"diagram{suffix}"
    assert cli.main(["export", str(EXAMPLE), "-o", str(out), "--scale", "1"]) == 0
    assert out.stat().st_size > 1000
    assert f"wrote {out}" in capsys.readouterr().out
    assert [p.name for p in tmp_path.iterdir()] == [out.name]  # no temporary file left


def test_cli_no_badges_and_highlighted_path(tmp_path: Path) -> None:
    plain, bare, path = tmp_path / "plain.svg", tmp_path / "bare.svg", tmp_path / "path.svg"
    assert cli.main(["export", str(EXAMPLE), "-o", str(plain)]) == 0
    assert cli.main(["export", str(EXAMPLE), "-o", str(bare), "--no-badges"]) == 0
    findings = json.loads(_validate_json(tmp_path))["findings"]
    with_path = next(f for f in findings if f.get("path"))
    assert cli.main(["export", str(EXAMPLE), "-o", str(path), "--path", with_path["id"]]) == 0
    assert bare.stat().st_size < plain.stat().st_size  # the badges are gone
    assert "#b42318" in path.read_text().lower() and "#b42318" not in bare.read_text().lower()


def _validate_json(tmp_path: Path) -> str:
    out = tmp_path / "findings.json"
    cli.main(["validate", str(EXAMPLE), "--format", "json", "-o", str(out), "--fail-on", "never"])
    return out.read_text()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["-o", "{tmp}/out.gif"], "choose a .png, .svg or .pdf"),
        (["-o", "{tmp}/out.png", "--scale", "0"], "--scale must be between"),
        (["-o", "{tmp}/out.svg", "--path", "R-NOPE@x"], "no finding"),
        (["-o", "{tmp}/missing-folder/out.svg"], "missing-folder"),
    ],
)
def test_cli_bad_requests_exit_2_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], arguments: list[str], message: str
) -> None:
    argv = ["export", str(EXAMPLE), *[a.replace("{tmp}", str(tmp_path)) for a in arguments]]
    assert cli.main(argv) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1


def test_cli_broken_design_exits_2_and_keeps_the_old_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.caisa.json"
    broken.write_text('{"schema_version": 1, "components": [', encoding="utf-8")
    out = tmp_path / "diagram.svg"
    out.write_text("previous export", encoding="utf-8")
    assert cli.main(["export", str(broken), "-o", str(out)]) == 2
    assert "broken.caisa.json" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "previous export"


def test_a_failed_export_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, example_view: DiagramView
) -> None:
    def fail(*_: Any) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(png_file, "_chunk", fail)
    out = tmp_path / "diagram.png"
    with pytest.raises(OSError, match="disk full"):
        export_diagram(example_view, out)
    assert list(tmp_path.iterdir()) == []
