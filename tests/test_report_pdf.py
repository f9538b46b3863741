"""The PDF design report, read back with pypdf: text, page count, outline, metadata, the vector
diagram page, hostile names, empty and busy designs, page sizes, cancellation and failures.

The example's report is built once per module (building is the slow part)."""

from __future__ import annotations

import re
import sys
import threading
from datetime import date
from pathlib import Path
from typing import Any

import pytest

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("reportlab")

from caisa_studio.export.report_job import ReportCancelled, ReportJob, ReportOptions, write_report  # noqa: E402
from caisa_studio.io import load_design  # noqa: E402
from caisa_studio.model import Design  # noqa: E402

from .conftest import EXAMPLE, REPO_ROOT  # noqa: E402

HOSTILE = "<b>x</b> & <font>"
HOSTILE_NAMES = [
    HOSTILE,
    "]]> <para>&amp; %s {0} \\ </para>",
    "Zoë “quoted” — Ωmega → done 😀",
    "=cmd|' /C calc'!A0",
]
REPORT_DATE = date(2025, 6, 30)


def words(text: str) -> str:
    """pypdf separates words with spaces, tabs or newlines depending on how the text was set."""
    return " ".join(text.split())


def read(path: Path) -> Any:
    return pypdf.PdfReader(str(path))


def outline_titles(reader: Any) -> list[tuple[int, str, int]]:
    found: list[tuple[int, str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((level, item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline, 0)
    return found


def has_images(obj: Any, seen: set[int] | None = None) -> bool:
    """True when the page's resources (form XObjects included, recursively) hold a raster image."""
    seen = set() if seen is None else seen
    resources = obj.get("/Resources")
    if resources is None:
        return False
    xobjects = resources.get_object().get("/XObject")
    if xobjects is None:
        return False
    for ref in xobjects.get_object().values():
        key = getattr(ref, "idnum", id(ref))
        if key in seen:
            continue
        seen.add(key)
        xobject = ref.get_object()
        if xobject.get("/Subtype") == "/Image" or has_images(xobject, seen):
            return True
    return False


@pytest.fixture(scope="module")
def example_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report") / "report.pdf"
    options = ReportOptions(author="Ada Architect", version="2.1", date=REPORT_DATE)
    written = write_report(load_design(EXAMPLE), path, options, source="rag-assistant.caisa.json")
    assert written == [path]
    return path


@pytest.fixture(scope="module")
def example_reader(example_report: Path) -> Any:
    return read(example_report)


@pytest.fixture(scope="module")
def example_text(example_reader: Any) -> list[str]:
    return [words(page.extract_text()) for page in example_reader.pages]


def test_metadata(example_reader: Any) -> None:
    meta = example_reader.metadata
    assert meta.title == "Customer support RAG assistant"
    assert meta.author == "Ada Architect"
    assert meta.subject == "Security architecture review of Customer support RAG assistant"
    assert meta.creator == "CAISA Studio"


def test_page_count_and_numbers(example_reader: Any, example_text: list[str]) -> None:
    total = len(example_reader.pages)
    assert 20 <= total <= 80
    for number, text in enumerate(example_text[1:], start=2):
        assert f"Page {number} of {total}" in text
        assert "Confidential — design review" in text
        assert "Customer support RAG assistant" in text  # running header


def test_cover(example_text: list[str]) -> None:
    cover = example_text[0]
    for expected in (
        "SECURITY ARCHITECTURE REVIEW",
        "Customer support RAG assistant",
        "30 June 2025",
        "Ada Architect",
        "2.1",
        "None chosen",
        "CONFIDENTIAL — DESIGN REVIEW",
        "OVERALL RATING",
    ):
        assert expected in cover, expected


def test_outline_has_every_section(example_reader: Any) -> None:
    outline = outline_titles(example_reader)
    top = [title for level, title, _page in outline if level == 0]
    expected = [
        "Executive summary",
        "Architecture diagram",
        "Findings by severity",
        "Attack paths",
        "Accepted risks",
        "Reference-architecture conformance",
        "Control coverage",
        "Framework coverage",
        "Inventory",
        "Rule descriptions",
        "Method, sources and attribution",
    ]
    for name in expected:
        assert any(title.endswith(name) for title in top), name
    pages = [page for _level, _title, page in outline]
    assert pages == sorted(pages)  # outline entries follow the document
    assert example_reader.page_mode == "/UseOutlines"


def test_table_of_contents_matches_outline(example_reader: Any, example_text: list[str]) -> None:
    contents = example_text[1]
    assert contents.startswith(("Customer support RAG assistant", "Contents")) or "Contents" in contents
    for level, title, page in outline_titles(example_reader):
        if level == 0 and title[0].isdigit():
            assert re.search(re.escape(title.split("  ", 1)[1]) + r"[ .]*" + str(page) + r"\b", contents), (
                title
            )


def test_executive_summary_reads_like_a_summary(example_text: list[str]) -> None:
    summary = " ".join(example_text[2:4])
    for expected in ("High risk.", "open findings", "Top risks", "Recommended next steps", "attack path"):
        assert expected in summary, expected


def test_diagram_page_is_vector_with_selectable_names(example_reader: Any, example_text: list[str]) -> None:
    index = (
        next(
            page
            for _l, title, page in outline_titles(example_reader)
            if title.endswith("Architecture diagram")
        )
        - 1
    )
    page = example_reader.pages[index]
    text = example_text[index]
    for component in load_design(EXAMPLE).components.values():
        assert component.name in text, component.name
    assert not has_images(page), "the diagram must be vector, not a raster image"
    box = page.mediabox
    assert float(box.width) > float(box.height)  # the example is wide: landscape page


def test_findings_why_fix_references(example_text: list[str]) -> None:
    body = " ".join(example_text)
    for expected in ("Why it matters.", "Fix.", "References:", "R-ENC-01", "Support vector index", "HIGH"):
        assert expected in body, expected


def test_sections_have_their_content(example_text: list[str]) -> None:
    body = " ".join(example_text)
    for expected in (
        "Customer → Public API gateway → Support chat app",  # attack path route
        "implemented",  # matrix legend
        "In place",
        "MITRE ATLAS",
        "AML.T0051.000",
        "Article embeddings",  # data inventory
        "No risks are accepted",
        "No secure reference architecture was chosen",
        "R-EDGE-02",  # appendix lists every rule
        "Apache License 2.0",  # ATLAS attribution
    ):
        assert expected in body, expected


def test_letter_page_size(tmp_path: Path) -> None:
    path = tmp_path / "letter.pdf"
    design = Design.model_validate(
        {"id": "d", "title": "Letter", "components": [{"id": "u", "kind": "human_user"}]}
    )
    write_report(design, path, ReportOptions(page_size="letter"))
    first = read(path).pages[0].mediabox
    assert (round(float(first.width)), round(float(first.height))) == (612, 792)


def hostile_design() -> Design:
    return Design.model_validate(
        {
            "id": "hostile",
            "title": HOSTILE,
            "description": HOSTILE_NAMES[1],
            "boundaries": [{"id": "b", "name": HOSTILE, "zone": "PUBLIC", "rect": [0, 0, 600, 300]}],
            "components": [
                {"id": f"c{i}", "kind": kind, "name": name, "boundary": "b", "position": [40 + 200 * i, 60]}
                for i, (name, kind) in enumerate(
                    zip(HOSTILE_NAMES, ["llm_api", "vector_db", "web_app", "agent"], strict=True)
                )
            ],
            "flows": [{"id": "f1", "source": "c2", "target": "c0", "protocol": "<i>HTTP</i>"}],
            "data_assets": [{"id": "a", "name": HOSTILE, "classification": "restricted", "tags": ["pii"]}],
            "risk_tracking": {},
        }
    )


def test_hostile_names_print_literally(tmp_path: Path) -> None:
    path = tmp_path / "hostile.pdf"
    write_report(hostile_design(), path, ReportOptions(author=HOSTILE))
    reader = read(path)
    text = " ".join(words(page.extract_text()) for page in reader.pages)
    assert HOSTILE in text
    assert "]]> <para>&amp; %s {0}" in text
    assert reader.metadata.title == HOSTILE
    assert reader.metadata.author == HOSTILE


def test_design_without_findings(tmp_path: Path) -> None:
    design = Design.model_validate(
        {
            "id": "calm",
            "title": "Calm design",
            "components": [{"id": "u", "kind": "human_user", "name": "Visitor"}],
        }
    )
    path = tmp_path / "calm.pdf"
    write_report(design, path)
    text = " ".join(words(page.extract_text()) for page in read(path).pages)
    assert "No open issues" in text
    assert "There are no open findings" in text
    assert "Visitor" in text


def test_empty_design(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    write_report(Design.model_validate({"id": "empty", "title": "Nothing yet"}), path)
    text = " ".join(words(page.extract_text()) for page in read(path).pages)
    assert "The design has no components to draw yet." in text


def test_design_with_many_findings(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT / "benchmarks"))
    try:
        synthetic = pytest.importorskip("synthetic")
    finally:
        sys.path.remove(str(REPO_ROOT / "benchmarks"))
    design = synthetic.generate_design(60)
    path = tmp_path / "busy.pdf"
    write_report(design, path)
    reader = read(path)
    text = " ".join(words(page.extract_text()) for page in reader.pages)
    assert len(reader.pages) > 30
    assert "Critical" in text or "High" in text
    # every open finding's subject appears somewhere in the findings section
    assert text.count("Why it matters.") >= 10


def test_accepted_risk_is_listed_with_owner_and_expiry(tmp_path: Path) -> None:
    design = load_design(EXAMPLE)
    tracking = {
        "R-ENC-01@vectordb": {
            "status": "accepted",
            "justification": "Index holds public articles only until Q4.",
            "owner": "Head of Support Engineering",
            "date": "2025-03-01",
            "expires": "2099-12-31",
        }
    }
    design = Design.model_validate({**design.model_dump(mode="json"), "risk_tracking": tracking})
    path = tmp_path / "accepted.pdf"
    write_report(design, path, ReportOptions(date=REPORT_DATE))
    text = " ".join(words(page.extract_text()) for page in read(path).pages)
    for expected in (
        "Index holds public articles only until Q4.",
        "Head of Support Engineering",
        "2099-12-31",
    ):
        assert expected in text


def test_reference_named_but_not_available(tmp_path: Path) -> None:
    design = Design.model_validate(
        {
            "id": "ra",
            "title": "Claims RA-99",
            "properties": {"reference": "RA-99"},
            "components": [{"id": "u", "kind": "human_user"}],
        }
    )
    path = tmp_path / "ra.pdf"
    write_report(design, path)
    text = " ".join(words(page.extract_text()) for page in read(path).pages)
    assert "RA-99" in text
    assert "conformance was not checked" in text


def test_cancel_leaves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "cancelled.pdf"
    seen: list[float] = []

    def progress(fraction: float, message: str) -> bool:
        seen.append(fraction)
        return fraction < 0.5

    with pytest.raises(ReportCancelled):
        write_report(load_design(EXAMPLE), path, progress=progress)
    assert list(tmp_path.iterdir()) == []
    assert seen == sorted(seen) and seen[-1] >= 0.5


def test_progress_runs_to_one(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    write_report(load_design(EXAMPLE), tmp_path / "r.pdf", progress=lambda f, m: seen.append((f, m)) is None)
    fractions = [f for f, _m in seen]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0 and fractions[-1] == 1.0
    assert all(message for _f, message in seen)


def test_failure_leaves_no_partial_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-folder" / "r.pdf"
    with pytest.raises(OSError):
        write_report(load_design(EXAMPLE), missing)
    assert not missing.parent.exists()


def test_runs_on_a_worker_thread(tmp_path: Path) -> None:
    from caisa_studio.export.diagram_image import ensure_gui_application

    ensure_gui_application()  # the GUI owns the application object on its main thread
    job = ReportJob(load_design(EXAMPLE), tmp_path / "threaded.pdf")  # snapshot taken on this thread
    outcome: dict[str, object] = {}

    def work() -> None:
        try:
            outcome["written"] = job.run(lambda fraction, message: True)
        except BaseException as error:  # pragma: no cover - reported below
            outcome["error"] = error

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(timeout=120)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["written"] == [tmp_path / "threaded.pdf"]
    assert len(read(tmp_path / "threaded.pdf").pages) > 10


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"choose a \.pdf"):
        ReportJob(load_design(EXAMPLE), tmp_path / "report.docx")
