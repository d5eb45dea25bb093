"""The attachment viewer with real files on the seeded demo database: a 2-page PDF made
by ReportLab, PNG, a 3-page TIFF, a corrupt PDF, a truncated PNG, a file gone from the
store — paged, zoomed, fitted and rotated from the keyboard, with no database call on
the GUI thread and a sentence (never a crash) for every file that cannot be shown."""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from desktop.app import Services, intake_service
from desktop.domain.permissions import Actor
from desktop.qt.attachment_viewer import AttachmentViewer
from desktop.qt.tasks import TaskRunner
from desktop.services.attachments import FileAttachmentStore
from desktop.services.case_documents import AttachmentDocument, CaseDocumentsService
from tests.ui.conftest import in_worker

FLU = "flu-free-certificate"

FLU_FIELDS = {
    "applicant_name": "添付 太郎", "applicant_kana": "テンプ タロウ",
    "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
    "address": "神戸市中央区加納町6丁目5-1", "phone": "078-331-8181",
    "application_route": "郵送", "eligibility_basis": "介護保険料 第1段階",
    "resident_on_jan1": True, "is_proxy": False,
}
def demo_actor(services: Services, name: str) -> Actor:
    """A demo account, signed in (off the GUI thread)."""

    def login() -> Actor:
        password = next(a["password"] for a in services.admin.demo_accounts()
                        if a["name"] == name)
        return services.admin.authenticate(name, password)

    return in_worker(login)


NAMES = ["申請書.pdf", "保険証.png", "住民票.tif", "壊れた.pdf", "切れた.png", "<img src=x>消えた.jpg"]


def two_page_pdf() -> bytes:
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4)
    c.drawString(72, 700, "page 1 (portrait)")
    c.showPage()
    c.setPageSize(landscape(A4))
    c.drawString(72, 400, "page 2 (landscape)")
    c.showPage()
    c.save()
    return buf.getvalue()


def image_bytes(fmt: str, size: tuple[int, int], pages: int = 1) -> bytes:
    frames = [Image.new("RGB", size, (40 * i, 120, 200)) for i in range(pages)]
    buf = io.BytesIO()
    if pages > 1:
        frames[0].save(buf, format=fmt, save_all=True, append_images=frames[1:])
    else:
        frames[0].save(buf, format=fmt)
    return buf.getvalue()


@dataclasses.dataclass
class Fixture:
    services: Services
    documents: CaseDocumentsService
    actor: Actor
    case_id: int
    empty_case_id: int

    def load(self, case_id: int) -> list[AttachmentDocument]:
        return self.documents.attachments(self.actor, case_id)


@pytest.fixture
def files(direct_services: Services, tmp_path: Path, gui_thread_guard: None) -> Fixture:
    store = FileAttachmentStore(tmp_path / "store")
    ctx = dataclasses.replace(direct_services.ctx, attachments=store)
    folder = tmp_path / "scans"
    folder.mkdir()
    png = image_bytes("PNG", (400, 200))
    contents = [two_page_pdf(), png, image_bytes("TIFF", (300, 420), pages=3),
                b"%PDF-1.7\n" + bytes(range(256)) * 4, png[: len(png) // 3],
                image_bytes("JPEG", (200, 200))]
    paths = []
    for name, data in zip(NAMES, contents, strict=True):
        (folder / name).write_bytes(data)
        paths.append(folder / name)
    actor = demo_actor(direct_services, "operator1")
    intake = intake_service(ctx)

    def setup() -> tuple[int, int]:
        case = intake.add_manual(actor, FLU, FLU_FIELDS, source="paper", attachments=paths)
        bare = intake.add_manual(actor, FLU, FLU_FIELDS | {"applicant_kana": "ホカ"},
                                 source="phone")
        with ctx.uow() as uow:
            gone = uow.cases.attachments(case.case.id)[-1]
        store.path(gone.sha256).unlink()
        return case.case.id, bare.case.id

    case_id, empty_id = in_worker(setup)
    return Fixture(direct_services, CaseDocumentsService(ctx, store), actor, case_id, empty_id)


@pytest.fixture
def viewer(qtbot: QtBot, runner: TaskRunner, files: Fixture) -> Iterator[AttachmentViewer]:
    host = QWidget()
    qtbot.addWidget(host)
    viewer = AttachmentViewer(runner, files.load, host)
    host.resize(640, 820)
    viewer.resize(640, 820)
    host.show()
    qtbot.waitExposed(host)
    host.activateWindow()
    yield viewer
    viewer.clear()
    runner.wait_for_idle()


def settle(runner: TaskRunner) -> None:
    assert runner.wait_for_idle()


def key(qtbot: QtBot, viewer: AttachmentViewer, runner: TaskRunner, k: Qt.Key,
        mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    viewer.scroll_area.setFocus()
    qtbot.keyClick(viewer.scroll_area, k, mods)
    settle(runner)


def shown_size(viewer: AttachmentViewer) -> tuple[float, float]:
    pixmap = viewer.image.pixmap()
    dpr = pixmap.devicePixelRatio()
    return pixmap.width() / dpr, pixmap.height() / dpr


def open_case(qtbot: QtBot, viewer: AttachmentViewer, runner: TaskRunner, case_id: int) -> None:
    with qtbot.waitSignal(viewer.loaded, timeout=10000):
        viewer.show_case(case_id)
    settle(runner)


def test_page_zoom_fit_and_rotate_from_the_keyboard(qtbot: QtBot, viewer: AttachmentViewer,
                                                    runner: TaskRunner, files: Fixture) -> None:
    open_case(qtbot, viewer, runner, files.case_id)
    assert viewer.document_count == len(NAMES)
    assert (viewer.document_index, viewer.page_index, viewer.page_count) == (0, 0, 2)
    assert viewer.fit_width and viewer.message is None
    width, height = shown_size(viewer)
    assert abs(width - viewer._fit_pixels()) <= 1 and height > width  # A4 portrait
    fitted = viewer.zoom
    assert "1 / 2" in viewer.page_label.text()

    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)
    assert (viewer.document_index, viewer.page_index) == (0, 1)
    width, height = shown_size(viewer)
    assert width > height  # the landscape page, still fitted
    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)  # past the last page: the next file
    assert (viewer.document_index, viewer.page_index, viewer.page_count) == (1, 0, 1)
    assert viewer.files.currentIndex() == 1
    key(qtbot, viewer, runner, Qt.Key.Key_PageUp)  # and back to the PDF's last page
    assert (viewer.document_index, viewer.page_index) == (0, 1)
    key(qtbot, viewer, runner, Qt.Key.Key_PageUp)
    assert (viewer.document_index, viewer.page_index) == (0, 0)
    key(qtbot, viewer, runner, Qt.Key.Key_PageUp)  # nothing before the first page
    assert (viewer.document_index, viewer.page_index) == (0, 0)
    assert not viewer.previous_action.isEnabled()

    key(qtbot, viewer, runner, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier)
    assert not viewer.fit_width and viewer.zoom > fitted
    bigger = shown_size(viewer)[0]
    assert bigger > viewer._fit_pixels()
    assert viewer.zoom_label.text() == f"{round(viewer.zoom * 100)}%"
    key(qtbot, viewer, runner, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, viewer, runner, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert viewer.zoom < fitted and shown_size(viewer)[0] < bigger
    key(qtbot, viewer, runner, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert viewer.fit_width and viewer.zoom == pytest.approx(fitted)
    assert viewer.fit_action.isChecked()

    key(qtbot, viewer, runner, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert viewer.rotation == 90
    width, height = shown_size(viewer)
    assert width > height and abs(width - viewer._fit_pixels()) <= 1
    key(qtbot, viewer, runner, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    key(qtbot, viewer, runner, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert viewer.rotation == 90
    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)  # rotation is per page
    assert viewer.rotation == 0
    key(qtbot, viewer, runner, Qt.Key.Key_PageUp)
    assert viewer.rotation == 90


def test_multipage_tiff_and_files_that_cannot_be_shown(
        qtbot: QtBot, viewer: AttachmentViewer, runner: TaskRunner, files: Fixture) -> None:
    open_case(qtbot, viewer, runner, files.case_id)
    viewer.files.setCurrentIndex(2)
    settle(runner)
    assert (viewer.document_index, viewer.page_count) == (2, 3)
    assert shown_size(viewer)[1] > shown_size(viewer)[0]
    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)
    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)
    assert viewer.page_index == 2 and "3 / 3" in viewer.page_label.text()

    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)  # the corrupt PDF
    assert viewer.document_index == 3 and viewer.page_count == 0
    assert viewer.message is not None and "壊れた.pdf" in viewer.message
    assert "壊れている" in viewer.message and viewer.stack.currentIndex() == 1
    assert not viewer.zoom_in_action.isEnabled() and not viewer.rotate_right_action.isEnabled()
    key(qtbot, viewer, runner, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)  # ignored

    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)  # truncated: fails only when drawn
    assert viewer.document_index == 4
    assert viewer.message is not None and "切れた.png" in viewer.message

    key(qtbot, viewer, runner, Qt.Key.Key_PageDown)  # gone from the store
    assert viewer.document_index == 5
    assert viewer.message is not None and "見つかりません" in viewer.message
    assert "「<img src=x>消えた.jpg」" in viewer.message  # a file name is shown as written
    assert viewer.message_label.textFormat() == Qt.TextFormat.PlainText
    assert not viewer.next_action.isEnabled()
    labels = [viewer.model.index(r, 0).data() for r in range(viewer.document_count)]
    assert labels[0] == "申請書.pdf（2 ページ）" and labels[2] == "住民票.tif（3 ページ）"
    assert [label.startswith("⚠") for label in labels] == [False, False, False, True, True,
                                                           True]
    assert all("表示できません" in label for label in labels[3:])

    key(qtbot, viewer, runner, Qt.Key.Key_PageUp)  # back through them to a real page
    key(qtbot, viewer, runner, Qt.Key.Key_PageUp)
    key(qtbot, viewer, runner, Qt.Key.Key_PageUp)
    assert (viewer.document_index, viewer.page_index) == (2, 2)
    assert viewer.message is None and viewer.stack.currentIndex() == 0


def test_the_file_list_model_passes_qt_model_tests(qtbot: QtBot, viewer: AttachmentViewer,
                                                   runner: TaskRunner, files: Fixture,
                                                   qtmodeltester: ModelTester) -> None:
    qtmodeltester.check(viewer.model)
    open_case(qtbot, viewer, runner, files.case_id)
    qtmodeltester.check(viewer.model)
    viewer.files.setCurrentIndex(4)  # the truncated PNG changes its row when drawn
    settle(runner)
    qtmodeltester.check(viewer.model)
    viewer.clear()
    qtmodeltester.check(viewer.model)


def test_no_files_another_case_clear_and_a_refused_load(
        qtbot: QtBot, viewer: AttachmentViewer, runner: TaskRunner, files: Fixture,
        direct_services: Services) -> None:
    open_case(qtbot, viewer, runner, files.empty_case_id)
    assert viewer.document_count == 0 and viewer.message == "この案件に添付書類はありません。"
    assert viewer.page_label.text() == "– / – ページ"
    viewer.show_case(files.case_id)  # one case after another, before the first is drawn
    viewer.show_case(files.empty_case_id)
    viewer.show_case(files.case_id)
    settle(runner)
    assert viewer.case_id == files.case_id and viewer.document_count == len(NAMES)
    assert viewer.message is None and shown_size(viewer)[0] > 0
    viewer.clear()
    assert viewer.case_id is None and viewer.document_count == 0
    assert viewer.message is not None and "案件を開くと" in viewer.message
    settle(runner)

    admin = demo_actor(direct_services, "admin1")  # no permission to see residents' files
    refusing = AttachmentViewer(runner, lambda c: files.documents.attachments(admin, c))
    qtbot.addWidget(refusing)
    with qtbot.waitSignal(refusing.loaded, timeout=10000):
        refusing.show_case(files.case_id)
    assert refusing.message is not None and "権限" in refusing.message
    assert refusing.document_count == 0


def test_every_action_says_its_shortcut(viewer: AttachmentViewer) -> None:
    expected = {
        viewer.previous_action: "PgUp", viewer.next_action: "PgDown",
        viewer.zoom_in_action: "Ctrl++", viewer.zoom_out_action: "Ctrl+-",
        viewer.fit_action: "Ctrl+0", viewer.rotate_right_action: "Ctrl+R",
        viewer.rotate_left_action: "Ctrl+L",
    }
    for action, shortcut in expected.items():
        assert shortcut in action.toolTip(), action.toolTip()
        assert action.text() in action.toolTip()


def test_ctrl_wheel_zooms(qtbot: QtBot, viewer: AttachmentViewer, runner: TaskRunner,
                          files: Fixture) -> None:
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    open_case(qtbot, viewer, runner, files.case_id)
    fitted = viewer.zoom
    port = viewer.scroll_area.viewport()
    event = QWheelEvent(QPointF(10, 10), QPointF(port.mapToGlobal(QPoint(10, 10))),
                        QPoint(0, 0), QPoint(0, 120), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.ControlModifier, Qt.ScrollPhase.NoScrollPhase,
                        False)
    QApplication.sendEvent(port, event)
    settle(runner)
    assert not viewer.fit_width and viewer.zoom > fitted


def test_deleting_the_viewer_closes_its_documents(qtbot: QtBot, runner: TaskRunner,
                                                  files: Fixture) -> None:
    import shiboken6

    viewer = AttachmentViewer(runner, files.load)
    viewer.resize(500, 700)
    open_case(qtbot, viewer, runner, files.case_id)
    pages = list(viewer._open)
    assert len(pages) == 4 and not any(p.closed for p in pages)  # the openable ones
    shiboken6.delete(viewer)
    assert all(p.closed for p in pages)
