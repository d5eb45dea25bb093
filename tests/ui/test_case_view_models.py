"""The case view's item models pass Qt's model tester, and behave as the screen needs."""

from __future__ import annotations

from datetime import UTC, date, datetime

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.domain.cases import DecisionRecord
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage
from desktop.qt.checklist_panel import ChecklistModel, ChecklistPanel
from desktop.qt.decision_dialogs import ReasonCodeModel
from desktop.qt.decision_history import DecisionHistoryModel, HistoryColumn

FLU = "flu-free-certificate"
CHECK = Qt.ItemDataRole.CheckStateRole


def test_checklist_model(qtmodeltester: ModelTester, procedures: dict[str, Procedure]) -> None:
    model = ChecklistModel()
    qtmodeltester.check(model)
    items = procedures[FLU].checklist(Stage.FIRST_REVIEW)
    model.set_items(items)
    model.set_checked(frozenset({items[0].key}))
    qtmodeltester.check(model)
    assert model.rowCount() == len(items)
    first, optional = model.index(0), model.index(
        next(n for n, i in enumerate(items) if not i.required))
    assert model.data(first) == f"1  【必須】{items[0].label}"  # marked in words …
    assert model.data(first, Qt.ItemDataRole.FontRole).bold()  # … and in bold
    assert "【必須】" not in model.data(optional)
    assert model.data(first, CHECK) == Qt.CheckState.Checked
    assert "数字キー 1" in model.data(first, Qt.ItemDataRole.ToolTipRole)

    toggled: list[tuple[str, bool]] = []
    model.toggled.connect(lambda key, on: toggled.append((key, on)))
    assert model.setData(model.index(1), Qt.CheckState.Checked.value, CHECK)  # views send ints
    assert toggled == [(items[1].key, True)]
    assert [i.key for i in model.missing_required()] == [
        i.key for i in items[2:] if i.required]
    model.set_checked(frozenset(), editable=False)
    assert not model.flags(first) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.setData(first, Qt.CheckState.Checked, CHECK)
    qtmodeltester.check(model)


def test_checklist_panel_number_keys(qtbot: QtBot, procedures: dict[str, Procedure]) -> None:
    panel = ChecklistPanel()
    qtbot.addWidget(panel)
    items = procedures[FLU].checklist(Stage.FIRST_REVIEW)
    panel.show_items(items, "一次審査")
    panel.set_state(frozenset(), editable=True)
    toggled: list[tuple[str, bool]] = []
    panel.toggled.connect(lambda key, on: toggled.append((key, on)))
    panel.toggle_number(3)
    panel.toggle_number(3)
    panel.toggle_number(42)  # no such item: nothing
    assert toggled == [(items[2].key, True), (items[2].key, False)]
    required = sum(i.required for i in items)
    assert panel.progress.text() == f"必須 0 / {required} 確認済み — 残り {required} 件"
    panel.set_state(frozenset(i.key for i in items if i.required), editable=True)
    assert panel.progress.text().startswith("✓ 必須の確認項目はすべて確認済み")


def test_reason_code_model(qtmodeltester: ModelTester, procedures: dict[str, Procedure]) -> None:
    codes = procedures[FLU].refusal_reasons
    model = ReasonCodeModel(codes)
    qtmodeltester.check(model)
    assert model.setData(model.index(2), Qt.CheckState.Checked, CHECK)
    model.select([codes[0].code, "no-such-code"])
    assert model.selected() == (codes[0].code, codes[2].code)  # procedure order
    assert model.data(model.index(0), Qt.ItemDataRole.ToolTipRole) == codes[0].legal_text
    assert model.setData(model.index(0), Qt.CheckState.Unchecked, CHECK)
    assert model.selected() == (codes[2].code,)
    qtmodeltester.check(model)
    qtmodeltester.check(ReasonCodeModel(()))


def test_decision_history_model(qtmodeltester: ModelTester,
                                procedures: dict[str, Procedure]) -> None:
    procedure = procedures[FLU]
    model = DecisionHistoryModel()
    qtmodeltester.check(model)
    at = datetime(2026, 11, 25, 1, 30, tzinfo=UTC)
    rows = [
        DecisionRecord(1, Stage.FIRST_REVIEW, "return", (procedure.defect_codes[0].code,),
                       "住所：番地なし", date(2026, 12, 9), 2, "operator1", at),
        DecisionRecord(1, Stage.FIRST_REVIEW, "reject", (procedure.refusal_reasons[0].code,),
                       "要件を満たさない", None, 2, "operator1", at),
        DecisionRecord(1, Stage.DOUBLE_CHECK, "confirm", (), "", None, 3, "checker1", at),
    ]
    model.set_decisions(procedure, rows)
    qtmodeltester.check(model)

    def cell(row: int, column: HistoryColumn) -> str:
        return str(model.data(model.index(row, column)))

    assert cell(0, HistoryColumn.AT) == "2026/11/25 10:30"  # Japan time
    assert (cell(0, HistoryColumn.KIND), cell(0, HistoryColumn.USER)) == ("補正依頼", "operator1")
    assert cell(0, HistoryColumn.REASONS) == procedure.defect_codes[0].label
    assert cell(0, HistoryColumn.NOTE) == "期限 2026/12/09　住所：番地なし"
    assert cell(1, HistoryColumn.REASONS) == procedure.refusal_reasons[0].label
    assert (cell(2, HistoryColumn.STAGE), cell(2, HistoryColumn.KIND)) == ("二次審査",
                                                                          "確認（同意）")
