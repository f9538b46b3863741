"""File → New…: start from a blank canvas, a secure reference template, an exercise, or a recent file.

Tiles are buttons (Tab moves between them, Enter or a click chooses one). Reference architectures are
read file by file, so a missing folder, a half-written file or a broken one costs only its own tiles.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QGridLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.catalog import CatalogError
from caisa_studio.catalog.resources import reference_architectures_dir
from caisa_studio.io import DesignFileError
from caisa_studio.reference import exercise_design, load_reference, template_design
from caisa_studio.reference.schema import ReferenceArchitecture

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow

ChoiceKind = Literal["blank", "open", "import", "recent", "template", "exercise"]
COLUMNS = 3
SUMMARY_LINES = 3


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


# -- widgets --------------------------------------------------------------------------------------
def elide_lines(text: str, metrics: QFontMetrics, width: int, max_lines: int) -> str:
    """Word-wrap ``text`` to ``width`` pixels; more than ``max_lines`` lines end in an ellipsis."""
    if max_lines == 1:  # file paths: keep both ends
        return metrics.elidedText(text, Qt.TextElideMode.ElideMiddle, width)
    words = text.split()
    lines: list[str] = []
    current = ""
    fit = width - 4  # elidedText measures a little wider than horizontalAdvance: keep clear of the edge
    for index, word in enumerate(words):
        candidate = f"{current} {word}" if current else word
        if not current or metrics.horizontalAdvance(candidate) <= fit:
            current = candidate
            continue
        lines.append(current)
        current = word
        if len(lines) == max_lines:
            rest = " ".join([lines.pop(), *words[index:]])
            lines.append(metrics.elidedText(rest, Qt.TextElideMode.ElideRight, width))
            return "\n".join(lines)
    if current:
        lines.append(current)
    if len(lines) > max_lines:  # only when a single word is wider than the tile
        lines = lines[:max_lines]
    return "\n".join(metrics.elidedText(line, Qt.TextElideMode.ElideRight, width) for line in lines)


class Tile(QPushButton):
    """A card: a small kicker line, a title and up to three lines of text; click or Enter chooses it."""

    def __init__(
        self, kicker: str, title: str, text: str, muted: str, tooltip: str = "", lines: int = SUMMARY_LINES
    ) -> None:
        super().__init__()
        self.full_text = " ".join(text.split())
        self.full_title = title
        self.max_lines = lines
        self.setObjectName("tile")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(tooltip)
        self.setAccessibleName(title)
        self.setAccessibleDescription(text)
        self.kicker = QLabel(kicker.upper())
        self.kicker.setObjectName("tileKicker")
        kicker_font = self.kicker.font()
        kicker_font.setPointSizeF(kicker_font.pointSizeF() * 0.85)
        kicker_font.setWeight(QFont.Weight.DemiBold)
        kicker_font.setLetterSpacing(QFont.SpacingType.PercentageSpacing, 106)
        self.kicker.setFont(kicker_font)
        self.kicker.setStyleSheet(f"color: {muted};")
        self.title = QLabel(title)
        self.title.setObjectName("tileTitle")
        self.title.setMinimumWidth(1)
        title_font = self.title.font()
        title_font.setWeight(QFont.Weight.DemiBold)
        title_font.setPointSizeF(title_font.pointSizeF() * 1.08)
        self.title.setFont(title_font)
        self.text = QLabel(self.full_text)
        self.text.setObjectName("tileText")
        self.text.setMinimumWidth(1)  # the text is wrapped and elided to the tile's width by hand
        self.text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.text.setStyleSheet(f"color: {muted};")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 10, 14, 12)
        layout.setSpacing(3)
        for label in (self.kicker, self.title, self.text):
            label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
            layout.addWidget(label)
        layout.addStretch(1)
        # As tall as the three labels with ``lines`` lines of text need (the layout measures them).
        self.text.setText("\n".join(["Xg"] * lines) if text else "")
        self._height = layout.sizeHint().height() + 2
        self.text.setText(self.full_text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(self._height)

    def sizeHint(self) -> QSize:
        return QSize(260, self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(200, self._height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        margins = self.layout().contentsMargins()
        width = max(40, event.size().width() - margins.left() - margins.right())
        self.text.setText(elide_lines(self.full_text, QFontMetrics(self.text.font()), width, self.max_lines))
        self.title.setText(
            QFontMetrics(self.title.font()).elidedText(self.full_title, Qt.TextElideMode.ElideRight, width)
        )


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
