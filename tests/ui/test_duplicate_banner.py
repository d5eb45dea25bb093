"""The possible-duplicate banner: on the demo database, a second application of the
same resident names the first case with a link that opens it from the keyboard; icon
and words, not colour; hidden when there is nothing to say; a failed check is said."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from pytestqt.qtbot import QtBot

from desktop.app import Services, intake_service
from desktop.domain.errors import PermissionDenied
from desktop.qt.duplicate_banner import DuplicateBanner
from desktop.qt.tasks import TaskRunner
from desktop.services.intake_records import LINK_POSSIBLE_DUPLICATE, CaseLinkRecord
from tests.ui.conftest import in_worker
from tests.ui.test_attachment_viewer import FLU, FLU_FIELDS, demo_actor

AT = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


def plain(banner: DuplicateBanner) -> str:
    doc = QTextDocument()
    doc.setHtml(banner.text.text())
    return doc.toPlainText()


def test_a_second_application_links_to_the_first(qtbot: QtBot, runner: TaskRunner,
                                                 direct_services: Services,
                                                 gui_thread_guard: None) -> None:
    op = demo_actor(direct_services, "operator1")
    intake = intake_service(direct_services.ctx)
    fields = FLU_FIELDS | {"applicant_kana": "チョウフク ハナコ"}

    def two() -> tuple[int, str, int]:
        first = intake.add_manual(op, FLU, fields, source="phone").case
        second = intake.add_manual(op, FLU, fields | {"address": "神戸市灘区1-1"},
                                   source="paper")
        assert second.possible_duplicates == [first.id]
        return first.id, first.number, second.case.id

    first_id, first_number, second_id = in_worker(two)
    banner = DuplicateBanner(runner, lambda c: direct_services.documents.duplicates(op, c))
    qtbot.addWidget(banner)
    banner.show()
    banner.show_case(second_id)
    assert runner.wait_for_idle()
    assert banner.isVisible() and banner.cases == [(first_id, first_number)]
    assert "重複の可能性" in plain(banner) and first_number in plain(banner)
    assert not banner.icon.pixmap().isNull()  # an icon beside the words
    assert f'href="case:{first_id}"' in banner.text.text()

    banner.activateWindow()
    banner.text.setFocus()
    with qtbot.waitSignal(banner.open_case_requested, timeout=3000) as opened:
        qtbot.keyClick(banner.text, Qt.Key.Key_Tab)
        qtbot.keyClick(banner.text, Qt.Key.Key_Return)
    assert opened.args == [first_id]

    banner.show_case(first_id)  # seen from the first case: the second
    assert runner.wait_for_idle()
    assert [c for c, _ in banner.cases] == [second_id]

    def alone() -> int:
        return intake.add_manual(op, FLU, FLU_FIELDS | {"applicant_kana": "ヒトリ"},
                                 source="phone").case.id

    banner.show_case(in_worker(alone))
    assert runner.wait_for_idle()
    assert not banner.isVisible() and banner.cases == []


def test_only_duplicate_links_named_and_escaped(qtbot: QtBot) -> None:
    banner = DuplicateBanner()
    qtbot.addWidget(banner)
    banner.show()
    hostile = '<img src="x" onerror="alert(1)">&amp;'
    banner.set_links([
        CaseLinkRecord(1, 7, hostile, LINK_POSSIBLE_DUPLICATE, {}, AT),
        CaseLinkRecord(1, 7, hostile, LINK_POSSIBLE_DUPLICATE, {}, AT),  # once only
        CaseLinkRecord(1, 8, "FFC-00000008", "related", {}, AT),
        CaseLinkRecord(1, 3, "FFC-00000003", LINK_POSSIBLE_DUPLICATE, {}, AT),
    ])
    assert banner.cases == [(3, "FFC-00000003"), (7, hostile)]
    assert hostile in plain(banner) and "<img" not in banner.text.text()
    assert "FFC-00000008" not in plain(banner)
    with qtbot.waitSignal(banner.open_case_requested) as opened:
        banner.text.linkActivated.emit("case:7")
    assert opened.args == [7]
    with qtbot.assertNotEmitted(banner.open_case_requested):
        banner.text.linkActivated.emit("https://example.com/")
    banner.set_links([])
    assert not banner.isVisible()


def test_a_failed_check_is_said_not_hidden(qtbot: QtBot, runner: TaskRunner) -> None:
    def refuse(case_id: int) -> list[CaseLinkRecord]:
        raise PermissionDenied("権限がありません", "no permission")

    banner = DuplicateBanner(runner, refuse)
    qtbot.addWidget(banner)
    banner.show()
    banner.show_case(1)
    assert runner.wait_for_idle()
    assert banner.isVisible() and banner.cases == []
    assert "重複の確認ができませんでした" in plain(banner) and "権限" in plain(banner)
