"""Crash recovery: on start, offer the autosaves that a run which did not close cleanly left behind.

A candidate is an autosave whose run no longer holds its lock file (see ``autosave.py``): its process
died, or its window went away without closing. Autosaves of studios that are still running are left
alone. The dialog is non-modal (``open()``), so tests and the window's event loop keep going; recovering
opens the design as modified, with its original path, and keeps autosaving it under the same name.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QLockFile, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from caisa_studio.io import DesignFileError, load_design
from caisa_studio.ui.files.autosave import (
    LOCK_SUFFIX,
    META_SUFFIX,
    AutosaveMeta,
    autosave_folder,
    design_file,
    lock_file,
    remove_autosave,
)

if TYPE_CHECKING:
    from caisa_studio.ui.main_window import MainWindow


@dataclass(frozen=True)
class RecoveryCandidate:
    meta: AutosaveMeta
    folder: Path

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def design_path(self) -> Path:
        return design_file(self.folder, self.meta.name)

    def describe(self) -> str:
        where = str(self.meta.original_path) if self.meta.original_path else "never saved"
        when = self.meta.saved_at.astimezone().strftime("%Y-%m-%d %H:%M")
        return f"{self.meta.title or 'Untitled design'}\n{where} — autosaved {when}"

    def discard(self) -> None:
        remove_autosave(self.folder, self.meta.name)


def _run_is_alive(folder: Path, run: str, cache: dict[str, bool]) -> bool:
    """True while another window (in this process or another) still holds the run's lock file."""
    if run not in cache:
        lock = QLockFile(str(lock_file(folder, run)))
        lock.setStaleLockTime(0)
        got_it = lock.tryLock(0)  # succeeds when the file is missing or its owner process is gone
        if got_it:
            lock.unlock()  # removes the stale lock file
        cache[run] = not got_it
    return cache[run]


def find_recoverable(folder: Path | None = None) -> list[RecoveryCandidate]:
    """Autosaves left behind by runs that are gone, newest first. Tidies unreadable leftovers."""
    folder = folder or autosave_folder()
    if not folder.is_dir():
        return []
    alive: dict[str, bool] = {}
    found: list[RecoveryCandidate] = []
    for sidecar in sorted(folder.glob(f"*{META_SUFFIX}")):
        try:
            meta = AutosaveMeta.read(sidecar)
        except (OSError, ValueError, TypeError):
            continue  # not ours, or half-written: leave it alone
        if _run_is_alive(folder, meta.run, alive):
            continue
        candidate = RecoveryCandidate(meta, folder)
        if candidate.design_path.is_file():
            found.append(candidate)
        else:
            candidate.discard()  # a sidecar without its design cannot be recovered
    for stale in folder.glob(f"*{LOCK_SUFFIX}"):
        _run_is_alive(folder, stale.name.removesuffix(LOCK_SUFFIX), alive)
    found.sort(key=lambda c: c.meta.saved_at, reverse=True)
    return found


def recover_into(window: MainWindow, candidate: RecoveryCandidate) -> bool:
    """Open a recovered design as modified, under its original path. False if it cannot be read."""
    if not window.confirm_discard():
        return False
    try:
        design = load_design(candidate.design_path)
    except DesignFileError as error:
        window.report_error("Cannot recover design", str(error))
        return False
    window.replace_design(design, candidate.meta.original_path, modified=True)
    # Keep protecting it under the same autosave name (this overwrites the old run's copy).
    window.autosave.track(window.session, name=candidate.name, write_now=True)
    window.statusBar().showMessage(
        f"Recovered “{candidate.meta.title}” from the autosave — save it to keep it", 10000
    )
    return True


class RecoveryDialog(QDialog):
    """Lists the recoverable designs; Recover opens the chosen one, Discard deletes them all."""

    recover_requested = Signal(object)  # RecoveryCandidate

    def __init__(self, candidates: list[RecoveryCandidate], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recoveryDialog")
        self.setWindowTitle("Recover unsaved work")
        self.candidates = list(candidates)
        heading = QLabel("CAISA Studio did not close properly last time.")
        font = heading.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        heading.setFont(font)
        plural = "these designs" if len(candidates) > 1 else "this design"
        text = QLabel(
            f"Unsaved changes to {plural} were kept in an autosave. Recover opens one as an unsaved "
            "design; Discard deletes the autosaves; Later asks again at the next start."
        )
        text.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("recoveryList")
        self.list.setAlternatingRowColors(True)
        self.list.setWordWrap(True)
        self.list.setSpacing(3)
        for candidate in self.candidates:
            item = QListWidgetItem(candidate.describe())
            item.setData(Qt.ItemDataRole.UserRole, candidate.name)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.list.itemDoubleClicked.connect(lambda _item: self.recover_selected())
        buttons = QDialogButtonBox()
        self.recover_button = QPushButton("Recover")
        self.recover_button.setDefault(True)
        self.discard_button = QPushButton("Discard")
        self.later_button = QPushButton("Later")
        buttons.addButton(self.recover_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.later_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.recover_button.clicked.connect(self.recover_selected)
        self.discard_button.clicked.connect(self.discard_all)
        self.later_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 16)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(text)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(560, 320)

    def selected(self) -> RecoveryCandidate | None:
        row = self.list.currentRow()
        return self.candidates[row] if 0 <= row < len(self.candidates) else None

    def recover_selected(self) -> None:
        candidate = self.selected()
        if candidate is None:
            return
        self.accept()
        self.recover_requested.emit(candidate)

    def discard_all(self) -> None:
        for candidate in self.candidates:
            candidate.discard()
        self.accept()


def offer_recovery(window: MainWindow, folder: Path | None = None) -> RecoveryDialog | None:
    """Show the recovery dialog (non-modal) when a previous run left autosaves; None when there are none."""
    candidates = find_recoverable(folder or window.autosave.folder)
    if not candidates:
        return None
    dialog = RecoveryDialog(candidates, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.recover_requested.connect(lambda candidate: recover_into(window, candidate))
    dialog.open()
    return dialog
