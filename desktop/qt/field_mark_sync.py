"""Keeps the ✓ / ✗ of the fields on screen and in the database in step.

When a case opens, its stored marks are read in the background and shown (fields the
operator touched meanwhile keep what they show). Each change of a field is saved in the
background, one field at a time, always with what the field shows at that moment. A
save that fails keeps the field as it is on screen, shows the problem in the case
banner (through :class:`~desktop.qt.case_session.CaseSession`), and is sent again by
the banner's retry, or by itself once the case is held again (reloaded or reclaimed).
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from desktop.domain.field_marks import CaseFieldMarks, FieldMark, Mark
from desktop.domain.workflow import Stage
from desktop.qt.case_session import CaseSession
from desktop.qt.field_review import FieldReviewPanel
from desktop.services.field_marks import FieldMarkService

#: What is stored for one field: mark (None: none), note, defect code.
_Stored = tuple[Mark | None, str, str | None]
_NOTHING: _Stored = (None, "", None)


class FieldMarkSync(QObject):
    """Loads and saves the field marks of the session's case (see the module docstring).

    ``loaded(CaseFieldMarks)``: the stored marks of the case just opened are shown.
    ``changed``: saving started or stopped, or a save failed.
    """

    loaded = Signal(object)
    changed = Signal()

    def __init__(self, session: CaseSession, panel: FieldReviewPanel,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._panel = panel
        self._service: FieldMarkService | None = None
        self._case_id: int | None = None
        self._stage: Stage | None = None
        self._saved: dict[str, _Stored] = {}
        self._pending: list[str] = []      # fields to save, in order
        self._failed: list[str] = []       # fields whose save failed or waits for the lease
        self._touched: set[str] = set()    # changed on screen while the marks load
        self._loading = False
        self._load_failed_once = False     # the stored marks are not known yet
        self._in_flight: str | None = None
        self.marks: CaseFieldMarks | None = None
        panel.field_marked.connect(self.save)

    # ------------------------------------------------------------------ state

    @property
    def saving(self) -> bool:
        """A field's mark is being saved or waits to be."""
        return self._in_flight is not None or bool(self._pending) or self._loading

    @property
    def can_retry(self) -> bool:
        """Some fields on screen are not saved (a failure, or the lease was not held),
        or the stored marks could not be read."""
        return bool(self._failed) or self._load_failed_once

    @property
    def unsaved(self) -> list[str]:
        return list(self._failed)

    # ---------------------------------------------------------------- changes

    def open_case(self, case_id: int, stage: Stage | None) -> None:
        """A new case is on screen: forget the last one, read this one's marks."""
        self._case_id, self._stage = case_id, stage
        self._saved, self._pending, self._failed = {}, [], []
        self._touched = set()
        self.marks = None
        self._load()

    def _load(self) -> None:
        session, service, case_id = self._session, self._marks_service(), self._case_id
        assert case_id is not None
        self._loading = True
        self._load_failed_once = False
        self.changed.emit()
        session.run(lambda: service.marks(session.actor, case_id),
                    lambda marks: self._loaded(case_id, marks),
                    lambda error: self._load_failed(case_id, error), "load field marks")

    def reopened(self) -> None:
        """The same case was read again (reload, reclaim): send what is still unsaved."""
        if self._session.holds_case and self.can_retry:
            self.retry()

    def close_case(self) -> None:
        """The case left the screen: nothing of it is sent any more."""
        self._case_id = self._stage = None
        self._saved, self._pending, self._failed = {}, [], []
        self._touched = set()
        self.marks = None
        self._loading = self._load_failed_once = False
        self.changed.emit()

    def save(self, field_id: str) -> None:
        """Save *field_id* as it shows now (unless that is what is stored already)."""
        if self._case_id is None:
            return
        self._touched.add(field_id)
        if self._loading:
            self._queue(field_id)  # sent once the stored marks are known
            return
        if not self._session.holds_case:
            if field_id not in self._failed:
                self._failed.append(field_id)  # kept on screen; sent when held again
            self.changed.emit()
            return
        self._queue(field_id)
        self._pump()

    def retry(self) -> None:
        """Send again every field whose save did not go through."""
        failed, self._failed = self._failed, []
        for field_id in failed:
            self._queue(field_id)
        if self._load_failed_once and self._case_id is not None and not self._loading:
            self._load()  # the stored marks first; the queued fields follow
            return
        self.changed.emit()
        self._pump()

    # --------------------------------------------------------------- plumbing

    def _marks_service(self) -> FieldMarkService:
        if self._service is None:
            self._service = self._session.services.field_marks
        return self._service

    def _queue(self, field_id: str) -> None:
        if field_id not in self._pending:
            self._pending.append(field_id)

    def _pump(self) -> None:
        if self._in_flight is not None or self._loading or self._case_id is None:
            return
        while self._pending:
            field_id = self._pending.pop(0)
            if field_id not in self._panel.field_ids():
                continue
            wanted = self._panel.mark_of(field_id)
            if wanted == self._saved.get(field_id, _NOTHING):
                self._forget_failure(field_id)
                continue
            if not self._session.holds_case:
                self._failed.append(field_id)
                continue
            self._send(field_id, wanted)
            break
        self.changed.emit()

    def _send(self, field_id: str, wanted: _Stored) -> None:
        session, service, case_id = self._session, self._marks_service(), self._case_id
        assert case_id is not None
        mark, note, code = wanted
        self._in_flight = field_id

        def done(_stored: FieldMark | None) -> None:
            if self._case_id != case_id:
                return
            self._in_flight = None
            self._saved[field_id] = wanted
            self._forget_failure(field_id)
            session.settle()
            self._pump()

        def failed(error: BaseException) -> None:
            if self._case_id != case_id:
                return  # the case is gone (decided, released): nothing to keep
            self._in_flight = None
            for f in (field_id, *self._pending):
                if f not in self._failed:
                    self._failed.append(f)
            self._pending = []
            self.changed.emit()
            session.report(error)

        session.run(lambda: service.mark_field(session.actor, case_id, field_id, mark,
                                               note, code), done, failed, "save field mark")

    def _forget_failure(self, field_id: str) -> None:
        if field_id in self._failed:
            self._failed.remove(field_id)

    def _loaded(self, case_id: int, marks: CaseFieldMarks) -> None:
        if self._case_id != case_id:
            return
        self._loading = False
        self.marks = marks
        stored = marks.stage(self._stage) if self._stage is not None else {}
        self._saved = {f: (m.mark, m.note, m.code) for f, m in stored.items()}
        self._panel.show_marks(stored, keep=frozenset(self._touched))
        self.loaded.emit(marks)
        self._pump()

    def _load_failed(self, case_id: int, error: BaseException) -> None:
        if self._case_id != case_id:
            return
        self._loading = False
        # Without the stored marks, a save could overwrite one unseen: keep the changes
        # made meanwhile for the retry (which reads the marks first).
        self._failed += [f for f in self._pending if f not in self._failed]
        self._pending = []
        self._load_failed_once = True
        self.changed.emit()
        self._session.report(error)
