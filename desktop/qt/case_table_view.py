"""A :class:`~PySide6.QtWidgets.QTableView` set up for the case table: header clicks
sort in the database, and scrolling asks for the pages coming into sight."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTableView

from desktop.qt.case_table_cells import COLUMN_SORT, Column

if TYPE_CHECKING:  # the model module names this function too
    from desktop.qt.case_table_model import CaseTableModel


def attach_to_view(view: QTableView, model: CaseTableModel) -> None:
    """Set *view* up for *model*: header clicks sort in the database (ascending, then
    descending, then back to the claim order; by holder, cases nobody holds come last),
    rows have a fixed height, and scrolling asks for the pages coming into sight at once."""
    header = view.horizontalHeader()
    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    header.setSortIndicatorClearable(True)
    view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)

    def show_current(*_: object) -> None:
        column, order = model.sort_column()
        header.blockSignals(True)
        header.setSortIndicator(column, order)
        header.blockSignals(False)

    def clicked(section: int, order: Qt.SortOrder) -> None:
        if section >= 0 and Column(section) not in COLUMN_SORT:
            show_current()
            return
        model.sort(section, order)

    def scrolled(_value: int) -> None:
        first = view.rowAt(0)
        last = view.rowAt(view.viewport().height() - 1)
        if first >= 0:
            model.want_rows(first, last if last >= 0 else model.rowCount() - 1)

    show_current()
    header.sortIndicatorChanged.connect(clicked)
    model.filter_applied.connect(show_current)
    view.verticalScrollBar().valueChanged.connect(scrolled)


#: The former name of :func:`attach_to_view`.
enable_header_sorting = attach_to_view
