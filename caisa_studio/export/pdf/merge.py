"""Put the vector diagram pages onto the report pages reserved for them, keeping them vector.

Each diagram page becomes a form XObject (its content stream and resources copied as they are, never
parsed) that the reserved page draws with one ``cm … Do`` — fast even for thousands of components,
and the diagram's text stays real text. The report is updated incrementally: only the changed
pages and the new objects are appended to the file reportlab wrote.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from caisa_studio.export.pdf.flowables import SlotPlacement


def merge_diagrams(report: bytes, placements: dict[str, SlotPlacement], diagrams: dict[str, Path]) -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, FloatObject, NameObject

    wanted = {key: place for key, place in placements.items() if key in diagrams}
    if not wanted:
        return report
    writer = PdfWriter(BytesIO(report), incremental=True)
    for index, (key, place) in enumerate(sorted(wanted.items())):
        source = PdfReader(diagrams[key]).pages[0]
        box = source.mediabox
        left, bottom = float(box.left), float(box.bottom)
        width, height = float(box.width), float(box.height)
        contents = source.get_contents()
        form = DecodedStreamObject()
        form.set_data(contents.get_data() if contents is not None else b"")
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(
                    FloatObject(v) for v in (left, bottom, left + width, bottom + height)
                ),
                NameObject("/Resources"): source["/Resources"].clone(writer)
                if "/Resources" in source
                else DictionaryObject(),
            }
        )
        form_ref = writer._add_object(form.flate_encode())
        name = NameObject(f"/CaisaDiagram{index}")
        page = writer.pages[place.page - 1]
        resources = page.get("/Resources")
        resources = resources.get_object() if resources is not None else DictionaryObject()
        page[NameObject("/Resources")] = resources
        xobjects = resources.get("/XObject")
        xobjects = xobjects.get_object() if xobjects is not None else DictionaryObject()
        resources[NameObject("/XObject")] = xobjects
        xobjects[name] = form_ref
        scale = min(place.width / width, place.height / height)
        x = place.x + (place.width - width * scale) / 2 - left * scale
        y = place.y + (place.height - height * scale) / 2 - bottom * scale
        draw = DecodedStreamObject()
        draw.set_data(f"q {scale:.6f} 0 0 {scale:.6f} {x:.3f} {y:.3f} cm {name} Do Q\n".encode("ascii"))
        draw_ref = writer._add_object(draw)
        existing = page.get("/Contents")
        if existing is None:
            page[NameObject("/Contents")] = draw_ref
        else:
            streams = existing.get_object() if isinstance(existing.get_object(), ArrayObject) else [existing]
            page[NameObject("/Contents")] = ArrayObject([*streams, draw_ref])
    output = BytesIO()
    writer.write(output)
    return output.getvalue()


def page_size_of(path: Path) -> tuple[float, float]:
    from pypdf import PdfReader

    box = PdfReader(path).pages[0].mediabox
    return float(box.width), float(box.height)
