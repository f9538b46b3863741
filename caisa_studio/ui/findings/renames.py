"""Which rows a rename concerns: the findings table repaints only those, not every row. No Qt here."""

from __future__ import annotations

from caisa_studio.model import Design
from caisa_studio.model.edit_support import Batch, Edit
from caisa_studio.model.edits import SetAttribute

# A flow reads "source → target": re-attaching it, or renaming either end, renames it too.
NAME_FIELDS = frozenset({"name", "source", "target"})


def renamed_subjects(design: Design, edit: Edit) -> set[str]:
    """The elements whose displayed name an edit may have changed (flows at a renamed component
    included)."""
    if isinstance(edit, Batch):
        return set().union(*(renamed_subjects(design, part) for part in edit.edits))
    if not (isinstance(edit, SetAttribute) and edit.field in NAME_FIELDS):
        return set()
    subjects = {edit.element_id}
    if edit.element_id in design.components:
        subjects |= {f.id for f in design.flows.values() if edit.element_id in (f.source, f.target)}
    return subjects
