"""The panels around the claimed case: its documents, its history, possible duplicates.

:class:`CasePanels` adds the attachment viewer and the history timeline as tabs beside
the form, and the possible-duplicate banner above it, and keeps them on the case the
:class:`~desktop.qt.case_session.CaseSession` shows. A linked duplicate opens read-only
in a :class:`CasePreviewDialog` (the view is audited like any other).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QSplitter, QVBoxLayout, QWidget

from desktop.domain.permissions import Actor
from desktop.qt.attachment_viewer import AttachmentViewer
from desktop.qt.case_detail_view import CaseDetailView
from desktop.qt.case_session import CaseSession
from desktop.qt.case_view import CaseView
from desktop.qt.duplicate_banner import DuplicateBanner
from desktop.qt.history_view import HistoryView
from desktop.qt.messages import error_text
from desktop.qt.ports import AppServices
from desktop.qt.tasks import TaskRunner
from desktop.services.review import CaseDetail


def _tr(text: str) -> str:
    return QCoreApplication.translate("CasePanels", text)


class CasePreviewDialog(QDialog):
    """Another case, read-only: its data and history (e.g. a possible duplicate)."""

    def __init__(self, detail: CaseDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_tr("案件 {number}（閲覧のみ）").format(number=detail.case.number))
        self.summary = CaseDetailView(self)
        self.summary.show_detail(detail)
        self.history = HistoryView(self)
        self.history.show_detail(detail)
        splitter = QSplitter(self)
        splitter.addWidget(self.summary)
        splitter.addWidget(self.history)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(buttons)
        self.resize(1000, 640)


class CasePanels(QObject):
    """Documents and history tabs plus the duplicate banner, following *session*."""

    def __init__(self, view: CaseView, session: CaseSession, runner: TaskRunner,
                 services: AppServices, actor: Actor) -> None:
        super().__init__(view)
        self._session = session
        self._runner = runner
        self._services = services
        self._actor = actor
        self._case_id: int | None = None
        self.preview: CasePreviewDialog | None = None
        self.last_error = ""
        self.attachments = AttachmentViewer(
            runner, lambda case_id: services.documents.attachments(actor, case_id), view)
        self.history = HistoryView(view)
        self.duplicates = DuplicateBanner(
            runner, lambda case_id: services.documents.duplicates(actor, case_id), view)
        tabs = view.document_tabs
        tabs.insertTab(0, self.attachments, _tr("添付書類"))
        tabs.addTab(self.history, _tr("経過"))
        tabs.setCurrentIndex(0)
        layout = view.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(1, self.duplicates)
        self.duplicates.open_case_requested.connect(self.open_preview)
        session.changed.connect(self._follow)

    def _follow(self) -> None:
        detail = self._session.detail
        if detail is None:
            if self._case_id is not None:
                self._case_id = None
                self.attachments.clear()
                self.duplicates.clear()
                self.history.clear()
            return
        self.history.show_detail(detail)  # reloads and decisions add to the history
        if detail.case.id != self._case_id:
            self._case_id = detail.case.id
            self.attachments.show_case(detail.case.id)
            self.duplicates.show_case(detail.case.id)

    def open_preview(self, case_id: int) -> None:
        """Show case *case_id* read-only (loaded in the background)."""
        services, actor = self._services, self._actor

        def shown(detail: CaseDetail) -> None:
            parent = self.parent()
            self.preview = CasePreviewDialog(
                detail, parent.window() if isinstance(parent, QWidget) else None)
            self.preview.open()

        def failed(error: BaseException) -> None:
            self.last_error = error_text(error)
            self.duplicates.text.setToolTip(self.last_error)

        self._runner.run_in_background(lambda: services.review.show(actor, case_id), shown,
                                       failed, owner=self, label="case preview")
