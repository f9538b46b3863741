"""What a design report is asked to contain: page size, author, version, classification label."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

PageSize = Literal["a4", "letter"]
PAGE_SIZES: tuple[PageSize, ...] = ("a4", "letter")
DEFAULT_CLASSIFICATION = "Confidential — design review"
# The report formats, by file suffix: what ``write_report`` writes for each.
REPORT_SUFFIXES = (".pdf", ".md", ".json", ".csv")


@dataclass(frozen=True)
class ReportOptions:
    page_size: PageSize = "a4"
    author: str = ""
    version: str = "1.0"
    classification: str = DEFAULT_CLASSIFICATION
    # A reference architecture to check against instead of the one the design names (None: the design's).
    reference: str | None = None
    # The report date (also the day risk acceptances are checked for expiry); None means today.
    date: date | None = field(default=None)
    show_badges: bool = True

    def __post_init__(self) -> None:
        if self.page_size not in PAGE_SIZES:
            raise ValueError(f"unknown page size {self.page_size!r} (use a4 or letter)")

    @property
    def report_date(self) -> date:
        return self.date or date.today()
