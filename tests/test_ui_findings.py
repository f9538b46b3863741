"""The findings panel driven like a user would: filters, selection on the canvas, quick fixes,
accept / mitigated / false positive / reopen through the undo stack, the rule's documentation."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QDialogButtonBox
from pytestqt.qtbot import QtBot

from caisa_studio import cli
from caisa_studio.catalog import default_catalog
from caisa_studio.model import Component, ControlState, ControlStatus, Design, RiskEntry, RiskStatus
from caisa_studio.model.edits import SetAttribute, SetControl, SetRiskEntry
from caisa_studio.rules import (
    Finding,
    FindingsDelta,
    Reference,
    Severity,
    ValidationResult,
    Validator,
    builtin_rules,
)
from caisa_studio.rules.builtin import enc_01_unencrypted_store
from caisa_studio.ui.canvas.items import ComponentItem
from caisa_studio.ui.findings.docs import path_text, reference_link, rule_meta
from caisa_studio.ui.findings.filter_bar import cited_frameworks
from caisa_studio.ui.findings.model import MESSAGE, RULE, STATUS, SUBJECT
from caisa_studio.ui.findings.quick_fixes import QUICK_FIXES, QuickFixer, QuickFixSpec
from caisa_studio.ui.findings_panel import FindingsPanel
from caisa_studio.ui.main_window import MainWindow

from .rule_fixture_support import build_design, load_cases
from .ui_support import isolated_settings, open_window

ENC = "R-ENC-01@vectordb"
PRIV = "R-PRIV-01@llm"  # a path finding: Customer → … → Hosted LLM
TODAY = date(2025, 6, 1)


@pytest.fixture(autouse=True)
def _settings(tmp_path: Path) -> None:
    isolated_settings(tmp_path)


@pytest.fixture
def window(qtbot: QtBot, example_copy: Path) -> MainWindow:
    window = open_window(qtbot, example_copy)
    window.findings.today = lambda: TODAY
    return window


def _panel(window: MainWindow) -> FindingsPanel:
    return window.findings


def _cell(panel: FindingsPanel, finding_id: str, column: int) -> str:
    row = panel.model.row_of(finding_id)
    assert row is not None, f"{finding_id} is not in the table"
    return str(panel.model.index(row, column).data())


def _click_row(qtbot: QtBot, panel: FindingsPanel, finding_id: str) -> None:
    """A real mouse click on the finding's row."""
    row = panel.model.row_of(finding_id)
    assert row is not None
    index = panel.proxy.mapFromSource(panel.model.index(row, MESSAGE))
    assert index.isValid(), f"{finding_id} is filtered out"
    panel.table.scrollTo(index)
    QApplication.processEvents()
    rect = panel.table.visualRect(index)
    qtbot.mouseClick(panel.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert panel.selected_id() == finding_id


def _settle(window: MainWindow) -> None:
    assert window.session is not None
    window.session.validate_now()
    QApplication.processEvents()


# -- the table and its filters ------------------------------------------------------------------
def test_table_lists_every_finding_open_first_worst_first(window: MainWindow) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    assert panel.model.rowCount() == len(session.result.findings) == 20
    assert panel.filters.shown.text() == "20 of 20 shown"
    visible = panel.visible_ids()
    ranks = [session.result.get(i).severity.rank for i in visible]  # type: ignore[union-attr]
    assert ranks == sorted(ranks, reverse=True)
    assert _cell(panel, ENC, SUBJECT) == "Support vector index"
    assert _cell(panel, "R-LOG-03@example-rag-assistant", SUBJECT) == "Whole design"
    assert "without encryption at rest" in str(
        panel.model.index(panel.model.row_of(ENC) or 0, MESSAGE).data(Qt.ItemDataRole.ToolTipRole)
    )


def test_filters_change_the_visible_count(qtbot: QtBot, window: MainWindow) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    counts = session.result.counts_by_severity()
    assert panel.filters.chips[Severity.HIGH].text() == f"High {counts['high']}"
    qtbot.mouseClick(panel.filters.chips[Severity.HIGH], Qt.MouseButton.LeftButton)
    shown = len(session.result.findings) - counts["high"]
    assert panel.proxy.rowCount() == shown
    assert panel.filters.shown.text() == f"{shown} of 20 shown"
    assert all(session.result.get(i).severity is not Severity.HIGH for i in panel.visible_ids())  # type: ignore[union-attr]
    panel.filters.reset()
    assert panel.proxy.rowCount() == 20

    qtbot.keyClicks(panel.filters.search, "vector index")
    matching = {f.id for f in session.result.findings if "vector index" in f.message.lower()}
    matching |= {
        f.id
        for f in session.result.findings
        if "vector index" in session.design.display_name(f.subject).lower()
    }
    assert set(panel.visible_ids()) == matching and 0 < len(matching) < 20
    assert panel.filters.shown.text() == f"{len(matching)} of 20 shown"
    # The severity chips count what the other filters let through.
    high = sum(1 for i in matching if session.result.get(i).severity is Severity.HIGH)  # type: ignore[union-attr]
    assert panel.filters.chips[Severity.HIGH].text() == f"High {high}"
    panel.filters.search.clear()

    framework = panel.filters.framework
    owasp_agentic = framework.findData("owasp-agentic")
    assert owasp_agentic > 0
    framework.setCurrentIndex(owasp_agentic)
    citing = {
        f.id for f in session.result.findings if any(r.framework == "owasp-agentic" for r in f.references)
    }
    assert set(panel.visible_ids()) == citing and 0 < len(citing) < 20

    panel.filters.reset()
    status = panel.filters.status
    status.setCurrentIndex(status.findData(RiskStatus.ACCEPTED.value))
    assert panel.proxy.rowCount() == 0 and panel.filters.shown.text() == "0 of 20 shown"
    status.setCurrentIndex(status.findData(RiskStatus.OPEN.value))
    assert panel.proxy.rowCount() == 20


def test_header_sorting_and_renames(qtbot: QtBot, window: MainWindow) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    header = panel.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_header_point(panel, RULE))
    rules = [i.split("@")[0] for i in panel.visible_ids()]
    assert rules == sorted(rules)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=_header_point(panel, RULE))
    rules = [i.split("@")[0] for i in panel.visible_ids()]
    assert rules == sorted(rules, reverse=True)
    # Sorted by subject, a rename moves the rows and the search finds the new name.
    panel.table.sortByColumn(SUBJECT, Qt.SortOrder.AscendingOrder)
    _click_row(qtbot, panel, ENC)
    assert session.push(SetAttribute("vectordb", "name", "Aardvark index"))
    _settle(window)
    assert _cell(panel, ENC, SUBJECT) == "Aardvark index"
    assert panel.visible_ids()[0].endswith("@vectordb") and panel.selected_id() == ENC
    panel.filters.search.setText("aardvark")
    design = session.design
    expected = {
        f.id
        for f in session.result.findings
        if "aardvark" in f"{design.display_name(f.subject)} {f.message}".lower()
    }
    assert {ENC, "R-ID-04@f-retriever-vectordb"} <= expected  # the store and the flow into it
    assert set(panel.visible_ids()) == expected


def test_only_a_rename_repaints_subject_names_and_only_of_the_rows_it_concerns(window: MainWindow) -> None:
    """A large design has thousands of rows, and every repainted row is filtered again."""
    panel, session = _panel(window), window.session
    assert session is not None
    repainted: list[str] = []

    def changed(first: QModelIndex, last: QModelIndex) -> None:
        if first.column() <= SUBJECT <= last.column():
            repainted.extend(panel.model.finding_at(row).id for row in range(first.row(), last.row() + 1))

    panel.model.dataChanged.connect(changed)
    assert session.push(SetControl("vectordb", "enc_at_rest", ControlState(status="implemented")))
    assert session.push(SetAttribute("f-retriever-vectordb", "protocol", "HTTP/2"))
    assert repainted == []
    assert session.push(SetAttribute("vectordb", "name", "Aardvark index"))
    design = session.design
    about = {"vectordb"} | {f.id for f in design.flows.values() if "vectordb" in (f.source, f.target)}
    expected = {f.id for f in panel.model.findings() if f.subject in about}
    assert set(repainted) == expected and len(repainted) < panel.model.rowCount()
    assert _cell(panel, "R-ID-04@f-retriever-vectordb", SUBJECT).endswith("Aardvark index")


def test_a_search_typed_before_a_rename_finds_the_new_name(window: MainWindow) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    panel.filters.search.setText("aardvark")
    assert panel.visible_ids() == []
    assert session.push(SetAttribute("vectordb", "name", "Aardvark index"))
    assert ENC in panel.visible_ids()  # before validation runs: the name alone matches
    assert "R-ID-04@f-retriever-vectordb" in panel.visible_ids()  # the flow reads "… → Aardvark index"
    assert panel.filters.shown.text().startswith(f"{len(panel.visible_ids())} of")


def test_a_new_justification_reaches_the_table(window: MainWindow) -> None:
    """Only the tracking details change (the status stays "accepted"): the delta does not carry
    that, so the table takes the result's finding objects when risk decisions changed."""
    panel, session = _panel(window), window.session
    assert session is not None

    def accept(why: str) -> None:
        entry = RiskEntry(status=RiskStatus.ACCEPTED, justification=why, owner="ciso", expires="2099-01-01")
        assert session.push(SetRiskEntry(ENC, entry))
        _settle(window)

    accept("compensating network controls")
    accept("vendor attestation on file")
    row = panel.model.row_of(ENC)
    assert row is not None
    assert panel.model.finding_at(row).tracking.get("justification") == "vendor attestation on file"


def test_cited_frameworks_counts_each_finding_once_per_framework(window: MainWindow) -> None:
    assert window.session is not None
    findings = list(window.session.result.findings)
    naive = Counter(key for f in findings for key in {r.framework for r in f.references})
    assert cited_frameworks(findings) == naive and sum(naive.values()) > len(findings)


def _header_point(panel: FindingsPanel, column: int) -> QPoint:
    header = panel.table.horizontalHeader()
    return QPoint(
        header.sectionViewportPosition(column) + header.sectionSize(column) // 2, header.height() // 2
    )


# -- selection follows on the canvas --------------------------------------------------------------
def test_selecting_a_row_selects_the_subject_and_highlights_a_path(qtbot: QtBot, window: MainWindow) -> None:
    panel, scene = _panel(window), window.scene
    assert scene is not None
    _click_row(qtbot, panel, PRIV)
    selected = scene.selectedItems()
    assert len(selected) == 1 and isinstance(selected[0], ComponentItem)
    assert selected[0].element_id == "llm"
    finding = window.session.result.get(PRIV)  # type: ignore[union-attr]
    assert finding is not None and finding.path
    highlighted = {
        i for table in (scene.components, scene.flows) for i, item in table.items() if item.highlighted
    }
    assert highlighted == set(finding.path)
    assert "f-orchestrator-siem" not in highlighted

    _click_row(qtbot, panel, ENC)  # not a path finding: the highlight goes, the store is selected
    assert [item.element_id for item in scene.selectedItems()] == ["vectordb"]  # type: ignore[attr-defined]
    assert not any(item.highlighted for item in scene.flows.values())


def test_keyboard_moves_centres_and_searches(qtbot: QtBot, window: MainWindow) -> None:
    panel, scene, view = _panel(window), window.scene, window.view
    assert scene is not None and view is not None
    window.activateWindow()
    panel.table.setFocus()
    panel.select(panel.visible_ids()[0])
    qtbot.keyClick(panel.table, Qt.Key.Key_Down)
    second = panel.visible_ids()[1]
    assert panel.selected_id() == second
    subject = window.session.result.get(second).subject  # type: ignore[union-attr]
    item = scene.components.get(subject) or scene.flows.get(subject)
    assert item is not None and item.isSelected()

    view.centerOn(-5000, -5000)  # the user panned away; Enter brings the subject back
    assert (
        not view.mapToScene(view.viewport().rect()).boundingRect().contains(item.sceneBoundingRect().center())
    )
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(item.sceneBoundingRect().center())

    qtbot.keyClick(panel.table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is panel.filters.search


# -- quick fixes ---------------------------------------------------------------------------------
def test_quick_fix_sets_the_control_in_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    _click_row(qtbot, panel, ENC)
    button = panel.buttons["quick_fix"]
    assert button.isEnabled() and "Encryption at rest" in button.text()
    assert "Verified" in button.toolTip()
    steps = session.undo_stack.count()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    state = session.design.components["vectordb"].controls["enc_at_rest"]
    assert state.status is ControlStatus.IMPLEMENTED
    assert session.undo_stack.count() == steps + 1
    _settle(window)
    assert session.result.get(ENC) is None
    assert panel.model.row_of(ENC) is None and panel.model.rowCount() == 19
    assert "Resolved" in panel.details.toPlainText()

    session.undo_stack.undo()
    _settle(window)
    assert "enc_at_rest" not in session.design.components["vectordb"].controls
    assert session.result.get(ENC) is not None and panel.model.row_of(ENC) is not None
    assert panel.filters.shown.text() == "20 of 20 shown"


def test_quick_fix_is_disabled_with_a_reason_when_it_would_not_clear(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    panel = _panel(window)
    _click_row(qtbot, panel, "R-LOG-03@example-rag-assistant")
    assert not panel.buttons["quick_fix"].isEnabled()
    assert "No one-click fix" in panel.actions["quick_fix"].toolTip()
    # A wrong mapping (encryption does not answer missing authorization) is caught by the check.
    monkeypatch.setitem(QUICK_FIXES, "R-ID-03", QuickFixSpec("R-ID-03", ("enc_at_rest",)))
    _click_row(qtbot, panel, "R-ID-03@vectordb")
    assert not panel.buttons["quick_fix"].isEnabled()
    assert "would not clear" in panel.actions["quick_fix"].toolTip()
    assert panel.apply_quick_fix() is False


def test_every_quick_fix_mapping_clears_its_rules_fixtures() -> None:
    """The table's offline check: each mapping applied to a copy of every positive fixture case of its
    rule, re-validated. ``always`` mappings must clear every case; the others at least one."""
    catalog = default_catalog()
    fixer = QuickFixer(catalog, builtin_rules())
    rules = {rule.meta.id: rule for rule in builtin_rules()}
    cases = load_cases()
    for spec in QUICK_FIXES.values():
        assert spec.rule in rules and all(c in catalog.controls for c in spec.controls), spec
        outcomes = []
        for case in (c for c in cases if c.rule == spec.rule):
            design = build_design(case.design)
            result = Validator(catalog, rules=[rules[spec.rule]]).full(design)
            for finding_id in case.expect:
                finding = result.get(finding_id)
                assert finding is not None, (spec.rule, case.name)
                fix = fixer.evaluate(design, finding)
                outcomes.append(fix.available)
                if fix.available:
                    assert fix.edit is not None and fix.edit.control_id in spec.controls
                    assert fix.edit.element_id == finding.subject
        assert outcomes, f"{spec.rule} has no fixture cases"
        assert all(outcomes) if spec.always else any(outcomes), (spec.rule, outcomes)


# -- status decisions ----------------------------------------------------------------------------
def test_accept_with_justification_and_expiry(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    finding_id = "R-ID-03@siem"
    _click_row(qtbot, panel, finding_id)
    qtbot.mouseClick(panel.buttons["accept"], Qt.MouseButton.LeftButton)
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # a justification is required
    dialog.accept()
    assert session.design.risk_tracking == {}
    dialog.justification.setPlainText("Logs are read only by the SOC; reviewed quarterly.")
    dialog.owner.setText("SOC lead")
    dialog.set_expiry(date(2099, 12, 31))
    assert ok.isEnabled()
    steps = session.undo_stack.count()
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    assert session.undo_stack.count() == steps + 1
    entry = session.design.risk_tracking[finding_id]
    assert entry == RiskEntry(
        status=RiskStatus.ACCEPTED,
        justification="Logs are read only by the SOC; reviewed quarterly.",
        owner="SOC lead",
        date="2025-06-01",
        expires="2099-12-31",
    )
    _settle(window)
    assert _cell(panel, finding_id, STATUS) == "Accepted"
    assert panel.visible_ids()[-1] == finding_id  # decided findings sort after the open ones
    assert panel.selected_id() == finding_id
    text = panel.details.toPlainText()
    assert "SOC lead" in text and "2099-12-31" in text and "reviewed quarterly" in text
    assert not panel.actions["accept"].isEnabled() and panel.actions["reopen"].isEnabled()

    assert window.save()
    report = tmp_path / "report.json"
    assert window.session is not None and window.session.path is not None
    cli.main(["validate", "--format", "json", "-o", str(report), str(window.session.path)])
    data = json.loads(report.read_text("utf-8"))
    assert data["summary"]["open"] == 19 and data["summary"]["by_status"]["accepted"] == 1
    assert next(f for f in data["findings"] if f["id"] == finding_id)["status"] == "accepted"

    qtbot.mouseClick(panel.buttons["reopen"], Qt.MouseButton.LeftButton)
    assert finding_id not in session.design.risk_tracking
    _settle(window)
    assert _cell(panel, finding_id, STATUS) == "Open"
    session.undo_stack.undo()
    _settle(window)
    assert _cell(panel, finding_id, STATUS) == "Accepted"


def test_mitigated_false_positive_and_reopen_are_undoable(qtbot: QtBot, window: MainWindow) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    _click_row(qtbot, panel, ENC)
    steps = session.undo_stack.count()
    qtbot.mouseClick(panel.buttons["mitigated"], Qt.MouseButton.LeftButton)
    assert session.design.risk_tracking[ENC].status is RiskStatus.MITIGATED
    assert session.design.risk_tracking[ENC].date == "2025-06-01"
    _settle(window)
    assert _cell(panel, ENC, STATUS) == "Mitigated"

    panel.select(ENC)
    dialog = panel.mark_false_positive()
    assert dialog is not None and not dialog.expires.isVisible()
    dialog.justification.setPlainText("The index holds only public articles.")
    dialog.accept()
    entry = session.design.risk_tracking[ENC]
    assert entry.status is RiskStatus.FALSE_POSITIVE and entry.expires is None
    _settle(window)
    assert _cell(panel, ENC, STATUS) == "False positive"

    panel.select(ENC)
    assert panel.reopen()
    _settle(window)
    assert _cell(panel, ENC, STATUS) == "Open" and ENC not in session.design.risk_tracking
    assert session.undo_stack.count() == steps + 3
    for expected in ("False positive", "Mitigated", "Open"):
        session.undo_stack.undo()
        _settle(window)
        assert _cell(panel, ENC, STATUS) == expected


def test_expired_acceptance_counts_as_open_with_a_note(qtbot: QtBot, window: MainWindow) -> None:
    panel, session = _panel(window), window.session
    assert session is not None
    entry = RiskEntry(
        status=RiskStatus.ACCEPTED, justification="Temporary", date="2020-01-01", expires="2020-06-30"
    )
    assert session.push(SetRiskEntry(ENC, entry))
    _settle(window)
    assert _cell(panel, ENC, STATUS) == "Open (acceptance expired)"
    _click_row(qtbot, panel, ENC)
    assert "Acceptance expired" in panel.details.toPlainText()
    assert panel.actions["accept"].isEnabled() and panel.actions["reopen"].isEnabled()


# -- documentation -------------------------------------------------------------------------------
def test_details_show_the_rule_doc_path_and_reference_links(qtbot: QtBot, window: MainWindow) -> None:
    panel = _panel(window)
    opened: list[QUrl] = []
    panel.open_url = opened.append
    _click_row(qtbot, panel, ENC)
    text = " ".join(panel.details.toPlainText().split())
    meta = enc_01_unencrypted_store.META
    assert "Why it matters" in text and " ".join(meta.why.split()) in text
    assert "How to fix" in text and meta.fix in text
    assert "MITRE ATLAS AML.T0025" in text and "OWASP LLM Top 10 LLM02:2025" in text
    html = panel.details.toHtml()
    assert "https://atlas.mitre.org/techniques/AML.T0025" in html
    assert opened == []  # nothing is opened until the user clicks
    panel.details.anchorClicked.emit(QUrl("https://atlas.mitre.org/techniques/AML.T0025"))
    panel.details.anchorClicked.emit(QUrl("file:///etc/passwd"))
    assert [u.toString() for u in opened] == ["https://atlas.mitre.org/techniques/AML.T0025"]

    _click_row(qtbot, panel, PRIV)
    text = " ".join(panel.details.toPlainText().split())
    assert (
        "Customer → Public API gateway → Support chat app → Answer orchestrator → AI gateway → Hosted LLM"
        in text
    )


def test_documentation_helpers() -> None:
    catalog = default_catalog()
    assert rule_meta("R-RA-04") is not None and rule_meta("R-ENC-02") is not None
    mitigation = reference_link(catalog, Reference("atlas", "AML.M0012"))
    assert mitigation.url == "https://atlas.mitre.org/mitigations/AML.M0012"
    unknown = reference_link(catalog, Reference("nowhere", "X1"))
    assert unknown.url is None
    design = Design(
        id="d",
        components={
            "a": Component(id="a", kind="human_user", name="Alice"),
            "b": Component(id="b", kind="web_app", name="Shop"),
        },
    )
    assert path_text(design, ("a", "f1", "b")) == "Alice → f1 → Shop"  # an unknown ID reads as itself


def test_context_menu_offers_the_actions(qtbot: QtBot, window: MainWindow) -> None:
    panel = _panel(window)
    row = panel.model.row_of(ENC)
    assert row is not None
    index = panel.proxy.mapFromSource(panel.model.index(row, MESSAGE))
    panel.table.scrollTo(index)
    QApplication.processEvents()
    panel.table.customContextMenuRequested.emit(panel.table.visualRect(index).center())
    menu = panel.context_menu
    assert menu is not None and panel.selected_id() == ENC
    texts = [a.text() for a in menu.actions() if not a.isSeparator()]
    assert texts[0] == "Show on canvas"
    assert "Quick fix: Encryption at rest" in texts and "Accept…" in texts and "Reopen" in texts
    menu.close()
    panel.table.customContextMenuRequested.emit(QPoint(-10, -10))  # outside any row: no menu


# -- many findings -------------------------------------------------------------------------------
def _synthetic(count: int) -> tuple[Design, list[Finding]]:
    components = {
        f"c{i}": Component(id=f"c{i}", kind="vector_db", name=f"Store {i}") for i in range(count // 3)
    }
    severities = list(Severity)
    findings = [
        Finding(
            rule=f"R-T-{i % 3:02d}",
            subject=f"c{i // 3}",
            severity=severities[i % len(severities)],
            title="Synthetic",
            message=f"Synthetic finding {i}",
            fix="Fix it",
            subjects=(f"c{i // 3}",),
            references=(Reference("atlas", "AML.T0025"),) if i % 2 else (),
        )
        for i in range(count)
    ]
    return Design(id="big", components=components), findings


def test_thousands_of_findings_follow_deltas_without_a_reset(qtbot: QtBot) -> None:
    panel = FindingsPanel()
    qtbot.addWidget(panel)
    design, findings = _synthetic(3300)
    result = ValidationResult(tuple(sorted(findings, key=lambda f: f.id)))
    panel.show_result(design, result)
    assert panel.model.rowCount() == 3300 and panel.filters.shown.text() == "3300 of 3300 shown"
    resets: list[bool] = []
    panel.model.modelReset.connect(lambda: resets.append(True))
    removed = [f.id for f in findings[100:110]]
    changed = [findings[5].with_status(RiskStatus.ACCEPTED, {"justification": "ok"})]
    added = [
        Finding("R-T-09", "c1", Severity.CRITICAL, "New", "Brand new", "Fix", ("c1",), ()),
    ]
    kept = {f.id: f for f in findings if f.id not in removed}
    kept[changed[0].id] = changed[0]
    kept[added[0].id] = added[0]
    after = ValidationResult(tuple(sorted(kept.values(), key=lambda f: f.id)))
    panel.apply_delta(design, after, FindingsDelta(tuple(added), tuple(removed), tuple(changed)))
    assert resets == []
    assert panel.model.rowCount() == 3300 - 10 + 1
    order = panel.visible_ids()
    critical = sum(1 for f in kept.values() if f.severity is Severity.CRITICAL and f.is_open)
    assert order.index("R-T-09@c1") < critical  # open and critical: among the first rows
    assert order[-1] == changed[0].id  # the one accepted: last
    assert all(panel.model.row_of(i) is None for i in removed)
    assert panel.filters.shown.text() == "3291 of 3291 shown"
    # A delta that does not fit what is shown falls back to a reset, never to a wrong table.
    panel.apply_delta(design, result, FindingsDelta(removed=("R-X@nowhere",)))
    assert resets == [True] and panel.model.rowCount() == 3300
    assert panel.model.index(0, 0, QModelIndex()).isValid()
