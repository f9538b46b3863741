"""The import report: every mapping decision made visible, so a user can check and correct it.

An import translates between vocabularies and always loses something. The report says what each
foreign element became and why, which properties turned into which controls, what was dropped and
why, and which threats from the source were kept as notes.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Decision:
    """One line of "what became what": a foreign element, what it is now, and the reason."""

    source: str
    result: str
    reason: str


@dataclass(frozen=True)
class Dropped:
    source: str
    reason: str


@dataclass
class ImportReport:
    source: str
    format_name: str
    diagram: str = ""
    decisions: list[Decision] = field(default_factory=list)
    mapped_properties: list[Decision] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    threats: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    renamed_ids: dict[str, str] = field(default_factory=dict)
    source_counts: Counter[str] = field(default_factory=Counter)
    result_counts: dict[str, int] = field(default_factory=dict)
    layout: str = ""

    def decide(self, source: str, result: str, reason: str) -> None:
        self.decisions.append(Decision(source, result, reason))

    def map_property(self, element: str, result: str, reason: str) -> None:
        self.mapped_properties.append(Decision(element, result, reason))

    def drop(self, source: str, reason: str) -> None:
        self.dropped.append(Dropped(source, reason))

    def note(self, message: str) -> None:
        self.notes.append(message)

    def summary(self) -> str:
        """One line: what the design holds now and how much was left behind."""
        counts = self.result_counts
        parts = [
            _plural(counts.get("components", 0), "component"),
            _plural(counts.get("flows", 0), "flow"),
            _plural(counts.get("boundaries", 0), "trust boundary", "trust boundaries"),
            _plural(counts.get("data_assets", 0), "data asset"),
        ]
        tail = f"; {_plural(len(self.threats), 'threat')} kept as notes" if self.threats else ""
        dropped = f"; {len(self.dropped)} dropped" if self.dropped else ""
        return ", ".join(parts) + tail + dropped

    def render(self) -> str:
        """Readable text for the terminal and the studio's import dialog."""
        where = f", {self.diagram}" if self.diagram else ""
        lines = [f"Import of {self.source} ({self.format_name}{where})", f"Result: {self.summary()}"]
        if self.source_counts:
            found = ", ".join(_plural(count, what) for what, count in sorted(self.source_counts.items()))
            lines.append(f"Source: {found}")
        if self.layout:
            lines.append(f"Layout: {self.layout}")
        _section(lines, "What became what", [f"{d.source} → {d.result} ({d.reason})" for d in self.decisions])
        _section(
            lines,
            "Properties mapped to controls and properties",
            [f"{d.source}: {d.result} ({d.reason})" for d in self.mapped_properties],
        )
        _section(lines, "Dropped", [f"{d.source}: {d.reason}" for d in self.dropped])
        _section(lines, "Threats kept as notes (property imported_threats)", self.threats)
        _section(
            lines,
            "IDs changed to fit CAISA's ID rules",
            [f"{old!r} → {new!r}" for old, new in self.renamed_ids.items()],
        )
        _section(lines, "Notes", self.notes)
        return "\n".join(lines) + "\n"


def _section(lines: list[str], title: str, entries: list[str]) -> None:
    if not entries:
        return
    lines.append("")
    lines.append(f"{title} ({len(entries)}):")
    lines.extend(f"  - {entry}" for entry in entries)


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    if count == 1:
        return f"{count} {singular}"
    if plural is None:
        if singular.endswith("y") and not singular.endswith(("ay", "ey", "oy")):
            plural = singular[:-1] + "ies"
        elif singular.endswith(("s", "x")):
            plural = singular + "es"
        else:
            plural = singular + "s"
    return f"{count} {plural}"
