"""File → New…: start from a blank canvas, a secure reference template, an exercise, or a recent file.

Tiles are buttons (Tab moves between them, Enter or a click chooses one). Reference architectures are
read file by file, so a missing folder, a half-written file or a broken one costs only its own tiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.catalog import CatalogError
from caisa_studio.catalog.resources import reference_architectures_dir
from caisa_studio.io import DesignFileError
from caisa_studio.reference import exercise_design, load_reference, template_design
from caisa_studio.reference.schema import ReferenceArchitecture
from caisa_studio.ui.files.start_tile import SUMMARY_LINES, Tile, elide_lines

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

ChoiceKind = Literal["blank", "open", "import", "recent", "template", "exercise"]
COLUMNS = 3

__all__ = [
    "COLUMNS",
    "SUMMARY_LINES",
    "ChoiceKind",
    "StartChoice",
    "StartDialog",
    "Tile",
    "apply_start_choice",
    "elide_lines",
    "load_references",
    "show_exercise_brief",
    "show_start_dialog",
]


@dataclass(frozen=True)
class StartChoice:
    kind: ChoiceKind
    reference: ReferenceArchitecture | None = None
    path: Path | None = None


# -- reference architectures, read one file at a time ---------------------------------------------
_cache: dict[Path, tuple[int, ReferenceArchitecture | str]] = {}


def _reference_number(path: Path) -> tuple[int, str]:
    digits = path.stem.removeprefix("RA-")
    return (int(digits) if digits.isdigit() else 10**6, path.stem)


def load_references(folder: Path | None = None) -> tuple[list[ReferenceArchitecture], list[str]]:
    """The readable reference architectures in order (RA-1, RA-2 …) and one line per unreadable file."""
    folder = folder or reference_architectures_dir()
    references: list[ReferenceArchitecture] = []
    problems: list[str] = []
    if not folder.is_dir():
        return references, problems
    for path in sorted(folder.glob("RA-*.yaml"), key=_reference_number):
        try:
            stamp = path.stat().st_mtime_ns
        except OSError:
            continue
        cached = _cache.get(path)
        if cached is None or cached[0] != stamp:
            try:
                loaded: ReferenceArchitecture | str = load_reference(path)
            except (CatalogError, DesignFileError, ValueError, OSError) as error:
                loaded = str(error).splitlines()[0] if str(error) else f"{path.name}: cannot be read"
            cached = (stamp, loaded)
            _cache[path] = cached
        if isinstance(cached[1], str):
            problems.append(cached[1])
        else:
            references.append(cached[1])
    return references, problems


class StartDialog(QDialog):
    """Emits ``chosen(StartChoice)`` and closes when a tile is chosen."""

    chosen = Signal(object)

    def __init__(
        self,
        parent: QWidget | None = None,
        *,
        references: Sequence[ReferenceArchitecture] | None = None,
        problems: Sequence[str] = (),
        recent: Sequence[str] = (),
        muted: str = "#5B6472",
    ) -> None:
        super().__init__(parent)
        self.setObjectName("startDialog")
        self.setWindowTitle("New design — CAISA Studio")
        self.muted = muted
        if references is None:
            loaded, found_problems = load_references()
            references, problems = loaded, [*problems, *found_problems]
        self.tiles: dict[str, Tile] = {}
        self.setStyleSheet(
            "QPushButton#tile { text-align: left; padding: 0; border-radius: 8px;"
            " border: 1px solid palette(mid); background: palette(base); }"
            " QPushButton#tile:hover { border: 1px solid palette(highlight); }"
            " QPushButton#tile:focus { border: 2px solid palette(highlight); }"
            " QPushButton#tile:pressed { background: palette(alternate-base); }"
        )

        body = QWidget()
        body.setObjectName("startBody")
        self.body_layout = QVBoxLayout(body)
        self.body_layout.setContentsMargins(24, 4, 24, 16)
        self.body_layout.setSpacing(8)

        self._section("Start")
        self._grid(
            [
                (
                    "blank",
                    StartChoice("blank"),
                    Tile(
                        "New",
                        "Blank design",
                        "An empty canvas: drag components from the palette, connect them, and watch "
                        "the findings appear.",
                        muted,
                    ),
                ),
                (
                    "open",
                    StartChoice("open"),
                    Tile("Open", "Open a design file…", "A .caisa.json design saved earlier.", muted),
                ),
                (
                    "import",
                    StartChoice("import"),
                    Tile(
                        "Import",
                        "Import a threat model…",
                        "From OWASP Threat Dragon, Open Threat Model, Microsoft Threat Modeling Tool "
                        "or Threagile.",
                        muted,
                    ),
                ),
            ]
        )
        recent_paths = [Path(p) for p in recent if Path(p).is_file()]
        if recent_paths:
            self._section("Recent files")
            self._grid(
                [
                    (
                        f"recent:{path}",
                        StartChoice("recent", path=path),
                        Tile("Recent", path.name, str(path.parent), muted, tooltip=str(path), lines=1),
                    )
                    for path in recent_paths
                ]
            )
        self._section("Secure reference architectures", "Start from a template that passes the checks.")
        if references:
            self._grid(
                [
                    (
                        f"template:{ref.id}",
                        StartChoice("template", reference=ref),
                        Tile(f"{ref.id} · template", ref.title, ref.summary, muted, tooltip=ref.summary),
                    )
                    for ref in references
                ]
            )
        else:
            self._note("No reference architectures are installed.")
        if references:
            self._section(
                "Exercises", "A reference design with deliberate gaps: find and fix them (for teaching)."
            )
            self._grid(
                [
                    (
                        f"exercise:{ref.id}",
                        StartChoice("exercise", reference=ref),
                        Tile(
                            f"{ref.id} · exercise",
                            ref.exercise.title,
                            f"Goal: {ref.exercise.goal}",
                            muted,
                            tooltip=ref.exercise.goal,
                        ),
                    )
                    for ref in references
                ]
            )
        for problem in problems:
            self._note(f"Not available: {problem}")
        self.body_layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setObjectName("startScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)

        heading = QLabel("Start a design")
        heading_font = heading.font()
        heading_font.setPointSizeF(heading_font.pointSizeF() * 1.6)
        heading_font.setWeight(QFont.Weight.DemiBold)
        heading.setFont(heading_font)
        intro = QLabel(
            "Begin with an empty canvas, a secure reference architecture, an exercise, or a recent file."
        )
        intro.setStyleSheet(f"color: {muted};")
        intro.setWordWrap(True)
        header = QVBoxLayout()
        header.setContentsMargins(24, 20, 24, 8)
        header.setSpacing(4)
        header.addWidget(heading)
        header.addWidget(intro)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        footer = QVBoxLayout()
        footer.setContentsMargins(24, 8, 24, 16)
        footer.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(header)
        layout.addWidget(scroll, 1)
        layout.addLayout(footer)
        self.resize(960, 680)
        self.tiles["blank"].setFocus()
        self.tiles["blank"].setDefault(True)

    def _section(self, title: str, subtitle: str = "") -> None:
        label = QLabel(title)
        font = label.font()
        font.setWeight(QFont.Weight.DemiBold)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        label.setFont(font)
        label.setContentsMargins(0, 12, 0, 0)
        self.body_layout.addWidget(label)
        if subtitle:
            self._note(subtitle)

    def _note(self, text: str) -> None:
        note = QLabel(text)
        note.setWordWrap(True)
        note.setStyleSheet(f"color: {self.muted};")
        self.body_layout.addWidget(note)

    def _grid(self, tiles: list[tuple[str, StartChoice, Tile]]) -> None:
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        grid.setContentsMargins(0, 4, 0, 4)
        for index, (key, choice, tile) in enumerate(tiles):
            tile.clicked.connect(lambda _checked=False, c=choice: self.choose(c))
            self.tiles[key] = tile
            grid.addWidget(tile, index // COLUMNS, index % COLUMNS)
        for column in range(COLUMNS):
            grid.setColumnStretch(column, 1)
        self.body_layout.addLayout(grid)

    def choose(self, choice: StartChoice) -> None:
        self.accept()
        self.chosen.emit(choice)


def show_start_dialog(window: MainWindow) -> StartDialog:
    """File → New…: the dialog is window-modal but non-blocking (``open()``)."""
    dialog = StartDialog(window, recent=window.recent_files(), muted=window.theme.muted_text)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.chosen.connect(lambda choice: apply_start_choice(window, choice))
    dialog.open()
    return dialog


def apply_start_choice(window: MainWindow, choice: StartChoice) -> bool:
    """Do what the chosen tile says; False when nothing changed (cancelled, or the file was bad)."""
    if choice.kind == "open":
        window.open_dialog()
        return True
    if choice.kind == "import":
        from caisa_studio.ui.files.import_dialog import import_dialog

        import_dialog(window)
        return True
    if choice.kind == "recent":
        assert choice.path is not None
        return window.open_path(choice.path)
    if not window.confirm_discard():
        return False
    if choice.kind == "blank":
        window.new_design(confirm=False)
        return True
    reference = choice.reference
    assert reference is not None
    try:
        make = template_design if choice.kind == "template" else exercise_design
        design = make(reference)
    except (DesignFileError, ValueError) as error:
        window.report_error("Cannot start from this reference", f"{reference.id}: {error}")
        return False
    window.replace_design(design)
    if choice.kind == "template":
        window.statusBar().showMessage(
            f"New design from the {reference.id} template — {reference.title}", 15000
        )
    else:
        window.statusBar().showMessage(f"Exercise: {reference.exercise.title}", 15000)
        show_exercise_brief(window, reference)
    return True


def show_exercise_brief(window: MainWindow, reference: ReferenceArchitecture) -> QMessageBox:
    """The exercise's goal, in a non-modal box the student can keep beside the canvas."""
    box = QMessageBox(
        QMessageBox.Icon.Information,
        f"Exercise — {reference.id}",
        reference.exercise.title,
        QMessageBox.StandardButton.Ok,
        window,
    )
    box.setObjectName("exerciseBrief")
    box.setInformativeText(
        f"{reference.exercise.goal}\n\nThe findings panel lists what the checks see; the status bar shows "
        f"the conformance to {reference.id}."
    )
    box.setWindowModality(Qt.WindowModality.NonModal)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
