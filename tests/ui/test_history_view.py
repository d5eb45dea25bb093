"""The history timeline of a case on the demo database: who did what, when (Japan time),
newest first, Japanese action labels; the diff of each resubmission, the individual
number only masked; item models that pass Qt's model tests."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.app import Services, services_for
from desktop.domain.audit import AuditRecord
from desktop.domain.cases import DecisionRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.permissions import Actor
from desktop.domain.procedure_loader import default_procedures_dir, load_procedure
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage
from desktop.qt.history_view import HistoryView, history_entries
from desktop.services.review import CaseDetail
from tests.conftest import FakeClock
from tests.ui.conftest import in_worker
from tests.ui.test_attachment_viewer import FLU, FLU_FIELDS, demo_actor


@pytest.fixture
def clocked(direct_services: Services, gui_thread_guard: None) -> tuple[Services, FakeClock]:
    """The demo database's services on a clock the test sets (25 Nov 2026 10:00 JST)."""
    clock = FakeClock(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))
    services = services_for(direct_services.ctx.uow, direct_services.ctx.procedures, clock,
                            direct_services.database_label)
    return services, clock


def returned_twice_and_resubmitted(services: Services, clock: FakeClock, op: Actor,
                                   ) -> CaseDetail:
    """A case that was returned, resubmitted by phone, returned again and resubmitted on
    paper; its detail as the reviewer sees it."""
    def flow() -> CaseDetail:
        case = services.cases.create(op, FLU, FLU_FIELDS | {"applicant_kana": "リレキ タロウ"},
                                     source="paper", receipt_number="HIST-1", priority=99)
        clock.advance(minutes=5)
        case = services.queue.claim_next(op, FLU)
        assert case.receipt_number == "HIST-1"
        item = services.ctx.procedure(FLU).checklist(Stage.FIRST_REVIEW)[0].key
        services.review.set_checked(op, case.id, item)
        clock.advance(minutes=5)
        services.review.decide(op, case.id, DecisionRequest(
            DecisionKind.RETURN, ("missing_entries",), "電話番号の記載がありません"))
        clock.advance(days=1)
        services.resubmission.resubmit(op, case.id, {"phone": "078-331-9999",
                                                     "address": "神戸市中央区加納町6丁目5-2"},
                                       channel="phone", note="本人から電話")
        clock.advance(hours=1)
        claimed = services.queue.claim_next(op, FLU)
        assert claimed.id == case.id
        services.review.decide(op, case.id, DecisionRequest(DecisionKind.RETURN,
                                                            ("illegible",)))
        clock.advance(days=2)
        services.resubmission.resubmit(op, case.id, {"other_certificate": "障害者手帳"},
                                       channel="paper")
        clock.advance(minutes=1)
        return services.review.show(op, case.id)

    return in_worker(flow)


def test_timeline_newest_first_in_japan_time_with_japanese_labels(
        qtbot: QtBot, clocked: tuple[Services, FakeClock], direct_services: Services,
        qtmodeltester: ModelTester) -> None:
    services, clock = clocked
    op = demo_actor(direct_services, "operator1")
    detail = returned_twice_and_resubmitted(services, clock, op)
    view = HistoryView()
    qtbot.addWidget(view)
    qtmodeltester.check(view.model)
    view.show_detail(detail)
    qtmodeltester.check(view.model)
    qtmodeltester.check(view.diff_model)
    rows = [[view.model.index(r, c).data() for c in range(4)]
            for r in range(view.model.rowCount())]
    labels = [r[2] for r in rows]
    assert labels == ["補正再提出", "補正依頼（返戻）", "取得（担当開始）", "補正再提出",
                      "補正依頼（返戻）", "確認項目", "取得（担当開始）", "受付（案件登録）"]
    assert all(r[1] == "operator1" for r in rows)
    assert rows[-1][0] == "2026/11/25 10:00"  # 01:00 UTC
    assert rows[-1][3] == "受付番号: HIST-1"
    assert rows[-2][3] == "受付 → 一次審査中"
    assert "を確認" in rows[-3][3]
    assert rows[-4][3].startswith("一次審査中 → 補正待ち / 理由: 記載漏れ / "
                                  "記載: 電話番号の記載がありません / 補正期限: ")
    assert rows[-5][0] == "2026/11/26 10:10"
    assert rows[-5][3] == "補正待ち → 補正再提出 / 電話で 2 項目を補正 / メモ: 本人から電話"
    assert rows[0][3] == "補正待ち → 補正再提出 / 書面（郵送）で 1 項目を補正"
    assert "閲覧" not in labels  # views are hidden until asked for
    view.show_views.setChecked(True)
    assert "閲覧" in [view.model.index(r, 2).data() for r in range(view.model.rowCount())]
    qtmodeltester.check(view.model)


def test_the_diff_of_the_latest_or_the_selected_resubmission(
        qtbot: QtBot, clocked: tuple[Services, FakeClock], direct_services: Services) -> None:
    services, clock = clocked
    op = demo_actor(direct_services, "operator1")
    detail = returned_twice_and_resubmitted(services, clock, op)
    view = HistoryView()
    qtbot.addWidget(view)
    view.show_detail(detail)
    assert view.diff_model.rows() == [("その他の証明書の名称", "（空欄）", "障害者手帳")]
    assert not view.diff_table.isHidden()
    assert "書面（郵送）" in view.diff_title.text()
    assert "2026/11/28 11:10" in view.diff_title.text()
    older = next(r for r in range(view.model.rowCount())
                 if view.model.index(r, 3).data().endswith("メモ: 本人から電話"))
    view.table.selectionModel().select(
        view.model.index(older, 0),
        QItemSelectionModel.SelectionFlag.ClearAndSelect
        | QItemSelectionModel.SelectionFlag.Rows)
    assert view.diff_model.rows() == [
        ("住所", "神戸市中央区加納町6丁目5-1", "神戸市中央区加納町6丁目5-2"),
        ("電話番号（日中の連絡先）", "078-331-8181", "078-331-9999"),
    ]
    assert "電話" in view.diff_title.text()
    view.clear()
    assert view.model.rowCount() == 0 and view.diff_model.rowCount() == 0
    assert view.diff_table.isHidden() and not view.placeholder.isHidden()


@pytest.fixture
def numbered(tmp_path: Path) -> Procedure:
    text = (default_procedures_dir() / f"{FLU}.toml").read_text(encoding="utf-8")
    text = text.replace('code = "flu-free-certificate"', 'code = "number-test"')
    text = text.replace("allows_individual_number = false", "allows_individual_number = true")
    text += ('\n[[fields]]\nid = "individual_number"\nlabel = "個人番号"\n'
             'label_en = "Individual number"\ntype = "mynumber"\nrequired = false\n'
             'group = "申請者"\ngroup_en = "Applicant"\n')
    path = tmp_path / "number-test.toml"
    path.write_text(text, encoding="utf-8")
    return load_procedure(path)


def _record(i: int, action: str, details: dict[str, Any], at: datetime) -> AuditRecord:
    return AuditRecord(i, "case:1", i, at, "operator1", action, 1, details, "", "")


def test_individual_numbers_stay_masked_and_unaudited_decisions_show(
        qtbot: QtBot, numbered: Procedure, qtmodeltester: ModelTester) -> None:
    from desktop.domain.cases import CaseRecord
    from desktop.domain.workflow import Status

    at = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)
    case = CaseRecord(1, "NT-00000001", numbered.code, "paper", "R-1", Status.RESUBMITTED, 0,
                      at, date(2026, 12, 1), {}, {}, 3)
    history = [_record(1, "resubmit", {
        "from": "awaiting_correction", "to": "resubmitted", "channel": "counter",
        "note": "<b>太字</b>\u202e逆順",
        "changes": [
            {"field": "individual_number", "before": "********9018",
             "after": "********0019", "masked": True},
            # a value recorded unmasked (older data) is masked when shown
            {"field": "individual_number", "before": None, "after": "123456789018",
             "masked": False},
            {"field": "no_longer_a_field", "before": "a", "after": "b"},
        ]}, at)]
    decisions = [DecisionRecord(1, Stage.FIRST_REVIEW, "reject", ("not_eligible",),
                                "対象外", None, 7, "checker1", at.replace(hour=0))]
    detail = CaseDetail(case, numbered, decisions, history)
    view = HistoryView()
    qtbot.addWidget(view)
    view.show_detail(detail)
    qtmodeltester.check(view.diff_model)
    assert view.diff_model.rows() == [
        ("個人番号", "********9018", "********0019"),
        ("個人番号", "（空欄）", "********9018"),
        ("no_longer_a_field", "a", "b"),
    ]
    entries = history_entries(detail)
    assert [e.label for e in entries] == ["補正再提出", "却下"]
    assert entries[0].summary.endswith("メモ: <b>太字</b>\u202e逆順")  # plain text, as typed
    assert entries[1].actor == "checker1" and "記載: 対象外" in entries[1].summary
    assert view.model.index(0, 3).data(Qt.ItemDataRole.DisplayRole) == entries[0].summary
    assert "窓口" in view.diff_title.text()


def test_a_decision_in_the_audit_log_is_not_shown_twice(
        clocked: tuple[Services, FakeClock], direct_services: Services) -> None:
    services, clock = clocked
    op = demo_actor(direct_services, "operator1")
    detail = returned_twice_and_resubmitted(services, clock, op)
    assert len(detail.decisions) == 2
    entries = history_entries(detail)
    assert sum(e.action == "decide_return" for e in entries) == 2
    with_views = history_entries(dataclasses.replace(detail), include_views=True)
    assert len(with_views) == len(entries) + 1  # the audited view of the detail itself
