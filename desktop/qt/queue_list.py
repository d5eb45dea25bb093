"""The left-hand list of work queues (procedure × stage) with their counts."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem

from desktop.domain.permissions import Actor, Permission
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Stage
from desktop.qt.labels import stage_label
from desktop.services.queue import QueueCount

CLAIM_PERMISSION: dict[Stage, Permission] = {
    Stage.FIRST_REVIEW: Permission.CLAIM_FIRST_REVIEW,
    Stage.DOUBLE_CHECK: Permission.CLAIM_DOUBLE_CHECK,
}
_QUEUE_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class QueueEntry:
    """One queue as listed; counts are None when they could not be read."""

    procedure_code: str
    procedure_name: str
    stage: Stage
    waiting: int | None = None
    in_progress: int | None = None

    @property
    def key(self) -> tuple[str, Stage]:
        return (self.procedure_code, self.stage)


def visible_stages(actor: Actor) -> list[Stage]:
    """The stages whose queues *actor* works; every stage for roles that claim none."""
    stages = [stage for stage in Stage if actor.can(CLAIM_PERMISSION[stage])]
    return stages or list(Stage)


def queue_entries(procedures: Mapping[str, Procedure], actor: Actor,
                  counts: Iterable[QueueCount] | None) -> list[QueueEntry]:
    """The queues to list for *actor*, by procedure code then stage, with *counts* if known."""
    known = {(c.procedure_code, c.stage): c for c in counts or ()}
    entries = []
    for code in sorted(procedures):
        for stage in visible_stages(actor):
            count = known.get((code, stage))
            entries.append(QueueEntry(
                code, procedures[code].name, stage,
                count.waiting if count else None, count.in_progress if count else None))
    return entries


def _encode(key: tuple[str, Stage]) -> str:
    return f"{key[0]}\t{key[1].value}"


def _decode(value: object) -> tuple[str, Stage] | None:
    if not isinstance(value, str) or "\t" not in value:
        return None
    code, stage = value.split("\t", 1)
    return (code, Stage(stage))


class QueueList(QObject):
    """Drives the queue tree of the main window: procedures, their stages and counts.

    ``queue_selected`` carries (procedure code, stage), or ("", None) when nothing is
    selected. Refilling keeps the selection and does not re-emit it.
    """

    queue_selected = Signal(str, object)

    def __init__(self, tree: QTreeWidget, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._tree = tree
        header = tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
            tree.headerItem().setTextAlignment(column, Qt.AlignmentFlag.AlignRight)
        tree.itemSelectionChanged.connect(self._selection_changed)

    def selected(self) -> tuple[str, Stage] | None:
        items = self._tree.selectedItems()
        if not items:
            return None
        return _decode(items[0].data(0, _QUEUE_ROLE))

    def select(self, key: tuple[str, Stage]) -> bool:
        """Select the queue *key* (emits ``queue_selected``); False if it is not listed."""
        item = self._item_for(key)
        if item is not None:
            self._tree.setCurrentItem(item)
        return item is not None

    def queue_keys(self) -> list[tuple[str, Stage]]:
        """The listed queues, top to bottom."""
        return [key for item in self._queue_items()
                if (key := _decode(item.data(0, _QUEUE_ROLE))) is not None]

    def entry_count(self) -> int:
        return len(self._queue_items())

    def populate(self, entries: list[QueueEntry]) -> None:
        """Show *entries*, grouped by procedure, keeping the current selection."""
        keep = self.selected()
        blocked = self._tree.blockSignals(True)
        try:
            self._tree.clear()
            groups: dict[str, QTreeWidgetItem] = {}
            for entry in entries:
                group = groups.get(entry.procedure_code)
                if group is None:
                    group = self._group_item(entry)
                    groups[entry.procedure_code] = group
                group.addChild(self._queue_item(entry))
            self._tree.expandAll()
            item = self._item_for(keep) if keep else None
            if item is not None:
                self._tree.setCurrentItem(item)
        finally:
            self._tree.blockSignals(blocked)
        if keep is not None and self.selected() != keep:
            self.queue_selected.emit("", None)

    def _group_item(self, entry: QueueEntry) -> QTreeWidgetItem:
        item = QTreeWidgetItem(self._tree, [entry.procedure_name])
        item.setFlags(Qt.ItemFlag.ItemIsEnabled)
        item.setFirstColumnSpanned(True)
        item.setToolTip(0, f"{entry.procedure_name}\n{entry.procedure_code}")
        font = item.font(0)
        font.setBold(True)
        item.setFont(0, font)
        return item

    def _queue_item(self, entry: QueueEntry) -> QTreeWidgetItem:
        def number(value: int | None) -> str:
            return "–" if value is None else f"{value:,}"

        item = QTreeWidgetItem([stage_label(entry.stage), number(entry.waiting),
                                number(entry.in_progress)])
        item.setData(0, _QUEUE_ROLE, _encode(entry.key))
        for column in (1, 2):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight
                                  | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _queue_items(self) -> list[QTreeWidgetItem]:
        items = []
        for i in range(self._tree.topLevelItemCount()):
            group = self._tree.topLevelItem(i)
            if group is not None:
                items += [c for j in range(group.childCount()) if (c := group.child(j))]
        return items

    def _item_for(self, key: tuple[str, Stage]) -> QTreeWidgetItem | None:
        return next((item for item in self._queue_items()
                     if _decode(item.data(0, _QUEUE_ROLE)) == key), None)

    def _selection_changed(self) -> None:
        key = self.selected()
        if key is None:
            self.queue_selected.emit("", None)
        else:
            self.queue_selected.emit(key[0], key[1])
