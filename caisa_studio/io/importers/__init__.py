"""Import threat models from other tools: OWASP Threat Dragon, Open Threat Model, Microsoft TMT, Threagile.

``import_model(path)`` detects the format from the content, builds a CAISA design for one diagram and
returns it with an ``ImportReport`` that lists every mapping decision. Any problem with the file raises
``DesignFileError`` (one line naming the file); nothing is fetched or executed while reading it.
No Qt here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TypeVar

from caisa_studio.io.design_file import dumps_design, loads_design
from caisa_studio.io.errors import DesignFileError
from caisa_studio.io.importers import otm, threagile, threat_dragon, tm7
from caisa_studio.io.importers.builder import DesignBuilder
from caisa_studio.io.importers.detect import FORMAT_NAMES, SourceModel, load_source
from caisa_studio.io.importers.ids import sanitise_id
from caisa_studio.io.importers.kind_mapping import default_mapping
from caisa_studio.io.importers.report import ImportReport
from caisa_studio.model import Design

__all__ = ["ImportReport", "diagram_titles", "import_all", "import_model"]

_IMPORTERS: dict[str, ModuleType] = {
    "threat_dragon": threat_dragon,
    "otm": otm,
    "tm7": tm7,
    "threagile": threagile,
}
# What a malformed file can make the format readers raise; turned into one clean line for the user.
_READ_ERRORS = (KeyError, TypeError, ValueError, AttributeError, IndexError, RecursionError, OverflowError)

Imported = tuple[Design, ImportReport]
_T = TypeVar("_T")


def import_model(path: str | Path, diagram: int | None = None) -> Imported:
    """One design: diagram ``diagram`` (1-based; default the first) of the model in ``path``."""
    file = Path(path)
    model = load_source(file)
    titles = _guarded(model, lambda: _importer(model).diagram_titles(model.payload, model.source))
    if diagram is not None and not 1 <= diagram <= len(titles):
        choices = "1" if len(titles) == 1 else f"1 to {len(titles)}"
        raise DesignFileError(
            model.source, f"has {len(titles)} diagram(s); choose a diagram number from {choices}"
        )
    index = (diagram or 1) - 1
    design, report = _import_one(model, file, index, titles)
    if diagram is None and len(titles) > 1:
        others = ", ".join(f"{n} ({t})" for n, t in enumerate(titles, 1) if n != index + 1)
        report.note(f"the file holds {len(titles)} diagrams; this is diagram 1 — the others: {others}")
    return design, report


def import_all(path: str | Path) -> list[Imported]:
    """A design per diagram, in the source's order."""
    file = Path(path)
    model = load_source(file)
    titles = _guarded(model, lambda: _importer(model).diagram_titles(model.payload, model.source))
    return [_import_one(model, file, index, titles) for index in range(len(titles))]


def diagram_titles(path: str | Path) -> list[str]:
    """The diagrams a file holds (one for formats without diagrams), for choosing what to import."""
    model = load_source(Path(path))
    return _guarded(model, lambda: _importer(model).diagram_titles(model.payload, model.source))


def _importer(model: SourceModel) -> ModuleType:
    return _IMPORTERS[model.format]


def _guarded(model: SourceModel, action: Callable[[], _T]) -> _T:
    """Run a format reader; unexpected shapes in the file become a one-line ``DesignFileError``."""
    try:
        return action()
    except DesignFileError:
        raise
    except _READ_ERRORS as error:
        detail = str(error).splitlines()[0][:160] if str(error) else type(error).__name__
        raise DesignFileError(
            model.source, f"cannot be read as {FORMAT_NAMES[model.format]} ({type(error).__name__}: {detail})"
        ) from None


def _import_one(model: SourceModel, file: Path, index: int, titles: list[str]) -> Imported:
    importer = _importer(model)
    where = f"diagram {index + 1} of {len(titles)}: {titles[index]}" if len(titles) > 1 else titles[index]
    report = ImportReport(model.source, importer.format_name(model.payload), where)
    builder = DesignBuilder(report, default_mapping())

    def build() -> Design:
        text = importer.build_diagram(model.payload, index, builder)
        base = sanitise_id(text.id_hint or _stem(file), "imported-model")
        design_id = f"{base[:120]}-{index + 1}" if len(titles) > 1 else base
        design = builder.build(design_id, text.title, text.description)
        # The import is only done when the result reads back like any saved design file would.
        return loads_design(dumps_design(design), source=model.source)

    return _guarded(model, build), report


def _stem(file: Path) -> str:
    name = file.name
    for suffix in (".caisa.json", ".json", ".yaml", ".yml", ".tm7", ".xml"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return file.stem
