"""The attachments of the open case as the viewer holds them, and the file chooser's
item model. Opening (:func:`open_entry`) runs on the task runner; a file that cannot
be shown keeps its problem code, and :func:`problem_text` words it for the operator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtWidgets import QApplication, QStyle

from desktop.qt.attachment_pages import PageSource, UnreadableDocument, open_pages
from desktop.services.case_documents import (
    ATTACHMENT_DAMAGED,
    ATTACHMENT_MISSING,
    ATTACHMENT_NO_STORE,
    ATTACHMENT_UNREADABLE,
    AttachmentDocument,
)

#: The page's own problem code when the bytes are there but cannot be shown.
CORRUPT = "corrupt"
Index = QModelIndex | QPersistentModelIndex


def _tr(text: str) -> str:
    return QCoreApplication.translate("AttachmentViewer", text)


def problem_text(problem: str, file_name: str) -> str:
    """Why *file_name* cannot be shown, in words an operator can act on."""
    texts = {
        ATTACHMENT_MISSING: _tr("「{name}」のファイルが保存場所に見つかりません。"
                                "システム管理者に連絡してください。"),
        ATTACHMENT_DAMAGED: _tr("「{name}」は保存後に内容が変わっています（破損または改ざんの"
                                "おそれ）。表示しません。システム管理者に連絡してください。"),
        ATTACHMENT_UNREADABLE: _tr("「{name}」を読み込めませんでした（ファイルを開けません）。"
                                   "システム管理者に連絡してください。"),
        ATTACHMENT_NO_STORE: _tr("添付ファイルの保存場所が設定されていないため、"
                                 "「{name}」を表示できません。"),
        CORRUPT: _tr("「{name}」は壊れているか対応していない形式のため表示できません。"),
    }
    return texts.get(problem, texts[CORRUPT]).format(name=file_name)


@dataclass
class AttachmentEntry:
    """One attachment in the viewer: its pages once opened, or its problem code."""

    document: AttachmentDocument
    pages: PageSource | None = None
    problem: str | None = None
    rotations: dict[int, int] = field(default_factory=dict)

    @property
    def page_count(self) -> int:
        return self.pages.page_count if self.pages is not None and not self.problem else 0


def close_all(pages: list[PageSource], *_: object) -> None:
    for p in pages:
        p.close()


def open_entry(document: AttachmentDocument) -> AttachmentEntry:
    """Runs in the background: parse the bytes enough to know the pages."""
    if document.problem is not None or document.data is None:
        return AttachmentEntry(document, problem=document.problem or ATTACHMENT_MISSING)
    try:
        return AttachmentEntry(document, open_pages(document.data, document.media_type))
    except UnreadableDocument:
        return AttachmentEntry(document, problem=CORRUPT)


class AttachmentListModel(QAbstractListModel):
    """The case's attachments for the file chooser; a file that cannot be shown says so
    in its text (⚠ … 表示できません) and icon, not by colour."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._entries: list[AttachmentEntry] = []

    def set_entries(self, entries: list[AttachmentEntry]) -> None:
        self.beginResetModel()
        self._entries = list(entries)
        self.endResetModel()

    def entries(self) -> list[AttachmentEntry]:
        return list(self._entries)

    def entry(self, row: int) -> AttachmentEntry | None:
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def entry_changed(self, row: int) -> None:
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._entries)

    def data(self, index: Index,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.parent().isValid():
            return None
        e = self.entry(index.row())
        if e is None:
            return None
        name = e.document.file_name
        if role == Qt.ItemDataRole.DisplayRole:
            if e.problem:
                return _tr("⚠ {name}（表示できません）").format(name=name)
            if e.pages is None:
                return name
            return _tr("{name}（{n} ページ）").format(name=name, n=e.page_count)
        if role == Qt.ItemDataRole.ToolTipRole:
            if e.problem:
                return problem_text(e.problem, name)
            return _tr("{name}: {kind}、{size:,} バイト").format(
                name=name, kind=e.document.media_type, size=e.document.size)
        if role == Qt.ItemDataRole.DecorationRole and e.problem:
            return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        return None
