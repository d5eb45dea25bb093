"""The dashboard's tables as item models over one :class:`DashboardSnapshot`.

Each model holds plain rows and is replaced whole on every refresh (a few dozen rows);
the dashboard keeps the views' selection across refreshes. Colour is never the only
signal: overdue figures are also written with a ``⚠``. The generic
:class:`~desktop.qt.row_table_model.RowTableModel` lives in its own module.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime

from PySide6.QtCore import QObject

from desktop.qt.labels import format_date, format_local_datetime, role_label_for_code, status_label
from desktop.qt.row_table_model import ALERT, ROW_ROLE, ColumnSpec, RowTableModel
from desktop.services.dashboard_figures import (
    AGE_BUCKETS,
    Ageing,
    OperatorLoad,
    OperatorPeriod,
    ProcedureLoad,
    StageLoad,
)
from desktop.services.dashboard_ports import CaseLine

#: The generic model lives in :mod:`desktop.qt.row_table_model`; named here too.
__all__ = ["AGE_EXTRA", "ALERT", "ROW_ROLE", "AgeingTableModel", "CaseLineModel",
           "ColumnSpec", "OperatorTableModel", "ProcedureTableModel", "RowTableModel",
           "format_duration", "format_rate"]


def format_duration(seconds: float | None) -> str:
    """``12分30秒``, ``1時間05分``; an em dash when unknown."""
    if seconds is None:
        return "—"
    total = round(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}時間{minutes:02d}分" if hours else f"{minutes}分{secs:02d}秒"


def format_rate(rate: float | None) -> str:
    return "—" if rate is None else f"{rate * 100:.1f}%"


def _n(value: int) -> str:
    return f"{value:,}"


class ProcedureTableModel(RowTableModel[ProcedureLoad]):
    """Per procedure: both queues (waiting, in progress, decided today), corrections,
    holds and notices printed today; a total row last."""

    def __init__(self, names: Mapping[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = dict(names)

    def columns(self) -> list[ColumnSpec[ProcedureLoad]]:
        def stage(pick: Callable[[ProcedureLoad], StageLoad],
                  field: str) -> Callable[[ProcedureLoad], str]:
            return lambda p: _n(getattr(pick(p), field))

        first = lambda p: p.first_review  # noqa: E731
        check = lambda p: p.double_check  # noqa: E731
        return [
            ColumnSpec(self.tr("手続"), lambda p: self._names.get(p.procedure_code,
                                                                p.procedure_code), False),
            ColumnSpec(self.tr("一次 待ち"), stage(first, "waiting")),
            ColumnSpec(self.tr("一次 審査中"), stage(first, "in_progress")),
            ColumnSpec(self.tr("一次 本日決定"), stage(first, "decided_today")),
            ColumnSpec(self.tr("二次審査待ち"), stage(check, "waiting")),
            ColumnSpec(self.tr("二次 審査中"), stage(check, "in_progress")),
            ColumnSpec(self.tr("二次 本日決定"), stage(check, "decided_today")),
            ColumnSpec(self.tr("補正待ち"), lambda p: _n(p.awaiting_correction)),
            ColumnSpec(self.tr("保留"), lambda p: _n(p.on_hold)),
            ColumnSpec(self.tr("本日印刷"), lambda p: _n(p.printed_today)),
        ]

    def show(self, loads: Sequence[ProcedureLoad]) -> None:
        def total(pick: Callable[[ProcedureLoad], StageLoad]) -> StageLoad:
            return StageLoad(sum(pick(p).waiting for p in loads),
                             sum(pick(p).in_progress for p in loads),
                             sum(pick(p).decided_today for p in loads))

        everything = ProcedureLoad(
            "", total(lambda p: p.first_review), total(lambda p: p.double_check),
            sum(p.awaiting_correction for p in loads), sum(p.on_hold for p in loads),
            sum(p.printed_today for p in loads))
        self._names[""] = self.tr("合計")
        self.set_rows([*loads, everything], total=True)


#: Columns of the ageing table after the procedure name: the buckets, then these.
AGE_EXTRA = ("open", "due_today", "overdue")


class AgeingTableModel(RowTableModel[Ageing]):
    """Open work per procedure by age in business days, due today and overdue."""

    def __init__(self, names: Mapping[str, str], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = dict(names)

    def columns(self) -> list[ColumnSpec[Ageing]]:
        def bucket(i: int) -> ColumnSpec[Ageing]:
            low, high = AGE_BUCKETS[i]
            title = (self.tr("{low}〜{high}日").format(low=low, high=high) if high is not None
                     else self.tr("{low}日以上").format(low=low))
            return ColumnSpec(title, lambda a: _n(a.buckets[i]),
                              alert=(lambda a: a.buckets[i] > 0) if high is None else None)

        return [
            ColumnSpec(self.tr("手続"), lambda a: self._names.get(a.procedure_code,
                                                                a.procedure_code), False),
            *(bucket(i) for i in range(len(AGE_BUCKETS))),
            ColumnSpec(self.tr("未決 計"), lambda a: _n(a.open)),
            ColumnSpec(self.tr("本日期限"), lambda a: _n(a.due_today)),
            ColumnSpec(self.tr("期限超過"), lambda a: _n(a.overdue),
                       alert=lambda a: a.overdue > 0,
                       tooltip=lambda a: self.tr("処理期限を過ぎた未決案件") if a.overdue else None),
        ]

    def show(self, rows: Sequence[Ageing]) -> None:
        total = Ageing("", tuple(sum(r.buckets[i] for r in rows) for i in range(len(AGE_BUCKETS))),
                       sum(r.due_today for r in rows), sum(r.overdue for r in rows))
        self._names[""] = self.tr("合計")
        self.set_rows([*rows, total], total=True)

    def procedure_at(self, row: int) -> str | None:
        """The procedure of *row* (None for the total row: every procedure)."""
        return self.row_at(row).procedure_code or None


class OperatorTableModel(RowTableModel[OperatorLoad]):
    """Per person, today and this week: decided, median handling time, return rate,
    double-check defect rate; and how many cases they hold now."""

    def columns(self) -> list[ColumnSpec[OperatorLoad]]:
        def period(pick: Callable[[OperatorLoad], OperatorPeriod],
                   label: str) -> list[ColumnSpec[OperatorLoad]]:
            return [
                ColumnSpec(self.tr("{p} 決定").format(p=label), lambda o: _n(pick(o).decided)),
                ColumnSpec(self.tr("{p} 処理時間(中央値)").format(p=label),
                           lambda o: format_duration(pick(o).median_handling_seconds)),
                ColumnSpec(self.tr("{p} 補正率").format(p=label),
                           lambda o: format_rate(pick(o).return_rate),
                           tooltip=lambda o: self.tr("一次審査の決定 {n} 件中 補正 {r} 件").format(
                               n=pick(o).first_review_decisions, r=pick(o).returned)),
                ColumnSpec(self.tr("{p} 差戻率").format(p=label),
                           lambda o: format_rate(pick(o).defect_rate),
                           tooltip=lambda o: self.tr("二次審査 {n} 件中 差戻し {r} 件").format(
                               n=pick(o).checked, r=pick(o).sent_back)),
            ]

        return [
            ColumnSpec(self.tr("担当者"), lambda o: o.display_name, False,
                       tooltip=lambda o: o.name),
            ColumnSpec(self.tr("役割"), lambda o: role_label_for_code(o.role), False),
            ColumnSpec(self.tr("担当中"), lambda o: _n(o.holding)),
            *period(lambda o: o.today, self.tr("本日")),
            *period(lambda o: o.week, self.tr("今週")),
        ]


class CaseLineModel(RowTableModel[CaseLine]):
    """Cases (held ones, or those behind a figure): several can be selected for an
    action. No applicant names: nobody's personal data is shown, so nothing to audit."""

    def __init__(self, names: Mapping[str, str], today: Callable[[], date],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names = dict(names)
        self._today = today

    def columns(self) -> list[ColumnSpec[CaseLine]]:
        def when(value: datetime | None) -> str:
            return format_local_datetime(value, with_time=True)

        return [
            ColumnSpec(self.tr("案件番号"), lambda c: c.number, False),
            ColumnSpec(self.tr("手続"), lambda c: self._names.get(c.procedure_code,
                                                                c.procedure_code), False),
            ColumnSpec(self.tr("状態"), lambda c: status_label(c.status), False),
            ColumnSpec(self.tr("担当"), lambda c: c.holder_name or "", False),
            ColumnSpec(self.tr("取得時刻"), lambda c: when(c.since), False),
            ColumnSpec(self.tr("担当期限"), lambda c: when(c.lease_expires_at), False),
            ColumnSpec(self.tr("受付日"), lambda c: format_local_datetime(c.received_at), False),
            ColumnSpec(self.tr("処理期限"), lambda c: format_date(c.due_date), False,
                       alert=lambda c: c.due_date < self._today(),
                       tooltip=lambda c: self.tr("期限を過ぎています")
                       if c.due_date < self._today() else None),
            ColumnSpec(self.tr("優先度"), lambda c: str(c.priority)),
        ]
