"""The case summary: how form values appear (the individual number only masked), and
the header of the claimed case."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

import shiboken6
from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from desktop.domain.cases import CaseRecord
from desktop.domain.procedures import FieldDef, Procedure
from desktop.domain.workflow import Status
from desktop.qt.case_detail_view import CaseDetailView, field_text
from desktop.services.review import CaseDetail


def field(type_: str) -> FieldDef:
    return FieldDef(id="f", label="項目", label_en="Item", type=type_,  # type: ignore[arg-type]
                    required=False, group="g", group_en="g")


def test_individual_number_is_masked() -> None:
    assert field_text(field("mynumber"), "123456789018") == "********9018"
    assert field_text(field("mynumber"), "12-34") == "************"


def test_other_values() -> None:
    assert field_text(field("boolean"), True) == "はい"
    assert field_text(field("boolean"), False) == "いいえ"
    assert field_text(field("money"), 12800) == "12,800円"
    assert field_text(field("choice"), ["郵送", "窓口"]) == "郵送、窓口"
    assert field_text(field("text"), None) == ""
    assert field_text(field("text"), "神戸市中央区") == "神戸市中央区"


def test_summary_shows_the_case_and_replaces_it_at_once(
        qtbot: QtBot, procedures: dict[str, Procedure]) -> None:
    procedure = procedures["flu-free-certificate"]
    at = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    case = CaseRecord(
        id=1, number="FFC-00000001", procedure_code=procedure.code, source="web",
        receipt_number="R-1", status=Status.AWAITING_CORRECTION, priority=0, received_at=at,
        due_date=date(2026, 12, 2), fields={}, checked={}, version=3,
        correction_deadline=date(2026, 12, 9), applicant_name="山田 太郎")
    view = CaseDetailView()
    qtbot.addWidget(view)
    view.show()
    view.show_detail(CaseDetail(case, procedure, []))
    assert view.title.text() == "FFC-00000001　山田 太郎"
    assert view.value("状態") == "補正待ち" and view.value("補正期限") == "2026/12/09"
    assert view.value("担当") == "（なし）" and view.value("手続") == procedure.name
    old = [w for w in view.findChildren(QLabel) if w.isVisible() and w is not view.title]
    view.show_detail(CaseDetail(replace(case, status=Status.IN_FIRST_REVIEW,
                                        correction_deadline=None), procedure, []))
    assert not any(w.isVisible() for w in old if shiboken6.isValid(w))  # no overlap
    assert view.value("状態") == "一次審査中" and view.value("補正期限") is None
