"""The claimed case on screen: form data, checklist and decisions beside the documents.

``CaseView.splitter`` (objectName ``caseSplitter``) holds the review side (summary,
first-review summary in double check, fields with ✓/✗, checklist, decision bar) and
``CaseView.document_tabs`` (objectName ``documentTabs``), where document viewers and
the history are added as tabs. Everything that talks to the database goes through
:class:`~desktop.qt.case_session.CaseSession`; this widget only shows and asks.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.decisions import STAGE_DECISIONS, DecisionKind, DecisionRequest
from desktop.domain.field_marks import CaseFieldMarks
from desktop.domain.permissions import Permission
from desktop.domain.workflow import Stage
from desktop.qt.case_detail_view import CaseDetailView
from desktop.qt.case_problem import Problem, ProblemKind, problem_of
from desktop.qt.case_session import CaseSession
from desktop.qt.checklist_panel import ChecklistPanel
from desktop.qt.decision_bar import PRIMARY, WITH_DIALOG, DecisionBar
from desktop.qt.decision_dialogs import DecisionDialog
from desktop.qt.decision_history import DecisionHistoryModel, HistoryColumn
from desktop.qt.double_check_summary import FirstReviewSummary
from desktop.qt.field_mark_sync import FieldMarkSync
from desktop.qt.field_review import FieldReviewPanel
from desktop.qt.labels import stage_label
from desktop.qt.messages import error_text, in_language
from desktop.services.queue import four_eyes_violation


def _tr(text: str) -> str:
    return QCoreApplication.translate("CaseView", text)


def _remedy(problem: Problem | None) -> str | None:
    """What a decision dialog offers for *problem*: take the case back, or reload it."""
    if problem is None:
        return None
    return {ProblemKind.LEASE_LOST: "reclaim", ProblemKind.CONFLICT: "reload"}.get(problem.kind)


class MessageBanner(QFrame):
    """Above the case: what went wrong, in words, with the way back as buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseBanner")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#caseBanner { background: #fff4d6; border: 1px solid #c9a227; }")
        self.text = QLabel(self)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.retry_button = QPushButton(_tr("再試行"), self)
        self.reload_button = QPushButton(_tr("読み込み直す"), self)
        self.reclaim_button = QPushButton(_tr("案件を取り直す"), self)
        self.close_button = QPushButton(_tr("閉じる"), self)
        self.retry_button.setToolTip(_tr("保存できなかった確認項目をもう一度保存します"))
        self.reload_button.setToolTip(_tr("最新の内容を読み込みます。入力中の内容はそのままです"))
        self.reclaim_button.setToolTip(
            _tr("担当期限が切れた案件を取り直します。入力中の内容はそのままです"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.text, 1)
        for button in (self.retry_button, self.reload_button, self.reclaim_button,
                       self.close_button):
            layout.addWidget(button)
        self.close_button.clicked.connect(self.hide)
        self.setVisible(False)

    def show_problem(self, problem: Problem, *, can_retry: bool) -> None:
        self.text.setText("⚠ " + problem.text)
        self.retry_button.setVisible(problem.kind == ProblemKind.UNAVAILABLE or can_retry)
        self.reload_button.setVisible(problem.kind in (ProblemKind.CONFLICT, ProblemKind.ERROR))
        self.reclaim_button.setVisible(problem.kind == ProblemKind.LEASE_LOST)
        self.close_button.setVisible(problem.kind in (ProblemKind.ERROR,
                                                      ProblemKind.UNAVAILABLE))
        self.setVisible(True)


class CaseView(QWidget):
    """The claimed-case area of the main window (see the module docstring)."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseView")
        self.session = session
        self.dialogs: dict[DecisionKind, DecisionDialog] = {}
        self._case_id: int | None = None
        self._shown_problem: Problem | None = None
        self._summary_of: object = None

        self.banner = MessageBanner(self)
        self.summary = CaseDetailView(self)
        self.first_review = FirstReviewSummary(self)
        self.fields = FieldReviewPanel(self)
        self.marks = FieldMarkSync(session, self.fields, self)  # ✓ / ✗ stored per case
        self.checklist = ChecklistPanel(self)
        self.decision_bar = DecisionBar(self)

        scrolled = QWidget(self)
        scrolled_layout = QVBoxLayout(scrolled)
        scrolled_layout.setContentsMargins(0, 0, 6, 0)
        scrolled_layout.addWidget(self.first_review)
        scrolled_layout.addWidget(self.fields, 1)
        self.field_scroll = QScrollArea(self)
        self.field_scroll.setObjectName("fieldScroll")
        self.field_scroll.setWidgetResizable(True)
        self.field_scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.field_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.field_scroll.setWidget(scrolled)

        self.review_splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.review_splitter.setObjectName("reviewSplitter")
        self.review_splitter.setChildrenCollapsible(False)
        self.review_splitter.addWidget(self.field_scroll)
        self.review_splitter.addWidget(self.checklist)
        self.review_splitter.setStretchFactor(0, 3)
        self.review_splitter.setStretchFactor(1, 2)

        self.review_pane = QWidget(self)
        self.review_pane.setObjectName("reviewPane")
        pane = QVBoxLayout(self.review_pane)
        pane.setContentsMargins(0, 0, 4, 0)
        pane.setSpacing(6)
        pane.addWidget(self.summary)
        pane.addWidget(self.review_splitter, 1)
        pane.addWidget(self.decision_bar)

        self.document_tabs = QTabWidget(self)
        self.document_tabs.setObjectName("documentTabs")
        self.history_model = DecisionHistoryModel(self)
        self.history_view = QTableView(self)
        self.history_view.setObjectName("decisionHistoryView")
        self.history_view.setModel(self.history_model)
        self.history_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.history_view.setWordWrap(True)
        self.history_view.verticalHeader().setVisible(False)
        header = self.history_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(HistoryColumn.NOTE, QHeaderView.ResizeMode.Stretch)
        self.history_model.modelReset.connect(self.history_view.resizeRowsToContents)
        self.document_tabs.addTab(self.history_view, _tr("判定履歴"))

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.setObjectName("caseSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.review_pane)
        self.splitter.addWidget(self.document_tabs)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.banner)
        layout.addWidget(self.splitter, 1)

        session.opened.connect(self._opened)
        session.changed.connect(self.refresh)
        session.decided.connect(lambda _record: self._case_gone())
        session.released.connect(lambda _record: self._case_gone())
        session.dropped.connect(lambda _record: self._case_gone())
        self.checklist.toggled.connect(session.toggle)
        self.fields.changed.connect(self.refresh)
        self.decision_bar.requested.connect(self.request)
        self.banner.retry_button.clicked.connect(session.retry)
        self.banner.retry_button.clicked.connect(self.marks.retry)
        self.marks.changed.connect(self.refresh)
        self.marks.loaded.connect(self._marks_loaded)
        self.banner.reload_button.clicked.connect(session.reload)
        self.banner.reclaim_button.clicked.connect(session.reclaim)

    # ------------------------------------------------------------------ showing

    def _opened(self) -> None:
        detail, stage = self.session.detail, self.session.stage
        if detail is None:
            return
        same = detail.case.id == self._case_id
        if not same:
            self._drop_dialogs()
            self._case_id = detail.case.id
        procedure, case = detail.procedure, detail.case
        if stage == Stage.DOUBLE_CHECK:
            self.first_review.show_case(procedure, case)
        else:
            self.first_review.setVisible(False)
        self.fields.show_fields(procedure, case.fields, keep=same)
        if same:
            self.marks.reopened()
        else:
            self.marks.open_case(case.id, stage)
        self.checklist.show_items(procedure.checklist(stage) if stage else (),
                                  stage_label(stage) if stage else "—")
        self.history_model.set_decisions(procedure, detail.decisions)
        for dialog in self.dialogs.values():
            if dialog.error.isVisible():
                dialog.clear_error()
                dialog.missing.setText(_tr("最新の内容を読み込みました。もう一度確定してください。"))
        if not same:
            self.field_scroll.verticalScrollBar().setValue(0)
            self._size_checklist()
            QTimer.singleShot(0, self, self._size_checklist)  # again once laid out at full width
        self.refresh()

    def _marks_loaded(self, marks: CaseFieldMarks) -> None:
        """In the double check, the first reviewer's ✓ / ✗ beside the checker's own."""
        detail = self.session.detail
        if detail is None or detail.case.id != marks.case_id:
            return
        if self.session.stage == Stage.DOUBLE_CHECK:
            first = marks.stage(Stage.FIRST_REVIEW)
            self.first_review.show_field_marks(detail.procedure, first)
            self.fields.show_first_review(first)
        else:
            self.fields.show_first_review(None)

    def _size_checklist(self) -> None:
        """Give the checklist the room it needs (at most half), the fields the rest."""
        total = sum(self.review_splitter.sizes())
        if total <= 0:
            return
        wanted = min(self.checklist.preferred_height(), total // 2)
        self.review_splitter.setSizes([total - wanted, wanted])

    def refresh(self) -> None:
        """Bring checklist, banner and decision bar in line with the session."""
        session = self.session
        detail = session.detail
        if detail is not None and detail is not self._summary_of:
            self.summary.show_detail(detail)
            self._summary_of = detail
        editable = session.holds_case and not session.deciding and not session.loading
        self.checklist.set_state(session.checked, editable=editable)
        problem = session.problem
        if problem is None:
            self.banner.setVisible(False)
        elif problem is not self._shown_problem or not self.banner.isVisible():
            self.banner.show_problem(problem,
                                     can_retry=session.can_retry or self.marks.can_retry)
        if problem is not None and problem is not self._shown_problem and _remedy(problem):
            for dialog in self.dialogs.values():  # the open dialog hides the banner
                if dialog.isVisible():
                    dialog.show_error(problem.text, remedy=_remedy(problem))
        self._shown_problem = problem
        self.decision_bar.set_state(session.stage if detail else None, self.blocked(),
                                    hint=self._hint())

    def _hint(self) -> str:
        """The line under the decision buttons: what to do next, or what is happening."""
        session, stage = self.session, self.session.stage
        if session.deciding:
            return _tr("判定を保存しています…")
        missing = self.checklist.model.missing_required()
        if stage is not None and missing and session.problem is None:
            n = self.checklist.model.items.index(missing[0]) + 1
            return _tr("必須の確認項目が残り {left} 件です（次は {n}.「{label}」）").format(
                left=len(missing), n=n, label=missing[0].label)
        if session.saving:
            return _tr("確認項目を保存しています…")
        return ""

    def blocked(self) -> dict[DecisionKind, list[str]]:
        """What stops each decision of the stage now (the bar's tooltips say it)."""
        session = self.session
        detail, stage, actor = session.detail, session.stage, session.actor
        if detail is None or stage is None:
            return {k: [_tr("審査中の案件がありません")] for k in DecisionKind}
        case = detail.case
        general = []
        problem = session.problem
        if session.deciding:
            general.append(_tr("判定を保存しています"))
        if session.loading:
            general.append(_tr("案件を読み込んでいます"))
        if problem is not None and problem.kind == ProblemKind.LEASE_LOST:
            general.append(_tr("担当が外れています — 「案件を取り直す」で取り直してください"))
        elif problem is not None and problem.kind == ProblemKind.CONFLICT:
            general.append(_tr("他の人が案件を変更しました — 「読み込み直す」で最新の内容にしてください"))
        elif case.holder_id != actor.id:
            general.append(_tr("この案件を担当していません"))
        out: dict[DecisionKind, list[str]] = {}
        checked = replace(case, checked=dict(case.checked) | {
            stage.value: tuple(sorted(session.checked))})
        for kind in STAGE_DECISIONS[stage]:
            reasons = list(general)
            double = kind in (DecisionKind.CONFIRM, DecisionKind.SEND_BACK)
            needed = Permission.DECIDE_DOUBLE_CHECK if double else Permission.DECIDE_FIRST_REVIEW
            if not actor.can(needed):
                reasons.append(_tr("この役割ではこの判定はできません"))
            if double and case.first_reviewer_id == actor.id:
                reasons.append(error_text(four_eyes_violation(case.number, actor.name)))
            if kind in PRIMARY:
                reasons += [in_language(b) for b in
                            session.services.review.blockers(checked, DecisionRequest(kind))]
            if kind == DecisionKind.APPROVE and self.fields.defects():
                labels = "、".join(d.label for d in self.fields.defects())
                reasons.append(_tr("不備（✗）の項目があります: {labels} — 補正依頼にするか ✗ を外してください")
                               .format(labels=labels))
            if reasons:
                out[kind] = reasons
        return out

    # ---------------------------------------------------------------- deciding

    def request(self, kind: DecisionKind) -> None:
        """A decision was chosen: approve/confirm at once, the others in their dialog."""
        if kind in WITH_DIALOG:
            self.open_dialog(kind)
            return
        self.session.decide(DecisionRequest(kind))

    def open_dialog(self, kind: DecisionKind) -> DecisionDialog:
        """The (kept) dialog of *kind* for this case, with the ✗ field notes added."""
        detail = self.session.detail
        assert detail is not None
        dialog = self.dialogs.get(kind)
        if dialog is None:
            review = self.session.services.review
            default = (review.default_correction_deadline(detail.procedure.code)
                       if kind == DecisionKind.RETURN else None)
            dialog = DecisionDialog(kind, detail.procedure, self._dialog_blockers,
                                    default_deadline=default, parent=self.window())
            dialog.submitted.connect(lambda request, d=dialog: self._submit(d, request))
            dialog.reclaim_requested.connect(self.session.reclaim)
            dialog.reload_requested.connect(self.session.reload)
            self.dialogs[kind] = dialog
        if kind == DecisionKind.RETURN:
            dialog.add_lines(self.fields.defect_lines())
            dialog.select_codes(self.fields.defect_codes())
        dialog.open()
        dialog.raise_()
        dialog.activateWindow()  # so that Ctrl+Enter reaches it at once
        dialog.note.setFocus()
        return dialog

    def _dialog_blockers(self, request: DecisionRequest) -> list[str]:
        case, stage = self.session.case, self.session.stage
        if case is None or stage is None:
            return [_tr("審査中の案件がありません")]
        return [in_language(b)
                for b in self.session.services.review.blockers(case, request)]

    def _submit(self, dialog: DecisionDialog, request: DecisionRequest) -> None:
        session = self.session
        if not session.holds_case:
            problem = session.problem
            dialog.show_error(problem.text if problem else _tr("この案件を担当していません"),
                              remedy=_remedy(problem))
            return

        def failed(error: BaseException) -> None:
            dialog.show_error(error_text(error), remedy=_remedy(problem_of(error)))

        session.decide(request, on_failed=failed)

    def _case_gone(self) -> None:
        for dialog in self.dialogs.values():
            dialog.accept()
        self._drop_dialogs()
        self._case_id = None
        self._summary_of = None
        self.summary.clear()
        self.fields.clear()  # nothing of the old case stays while the next one loads
        self.marks.close_case()
        self.first_review.setVisible(False)
        self.checklist.show_items((), "—")
        self.history_model.set_decisions(None, [])
        self.refresh()

    def _drop_dialogs(self) -> None:
        for dialog in self.dialogs.values():
            dialog.hide()
            dialog.deleteLater()
        self.dialogs = {}

    def dialog_open(self) -> bool:
        """Whether a decision dialog is on screen (message boxes then wait for it)."""
        return any(d.isVisible() for d in self.dialogs.values())
