"""The dashboard's two charts (QtCharts): open work over the last 30 days per
procedure, and decisions per hour today. Lines differ by dash pattern as well as
colour, so the legend reads without colour vision."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QDateTime, QPointF, Qt
from PySide6.QtGui import QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop.services.dashboard_figures import JST, BacklogSeries

_DASHES = (Qt.PenStyle.SolidLine, Qt.PenStyle.DashLine, Qt.PenStyle.DotLine,
           Qt.PenStyle.DashDotLine, Qt.PenStyle.DashDotDotLine)
#: Hours always shown on the hourly chart (a centre's day); hours outside it are
#: added when they had decisions.
HOURS = range(7, 22)


def _msecs(day: date) -> float:
    """Noon of *day* in Japan, in ms since the epoch (noon: no day shift in any zone
    the axis labels are drawn in)."""
    return datetime.combine(day, time(12), JST).timestamp() * 1000


def _nice_top(value: int) -> int:
    return max(5, int(value * 1.15) + 1)


class BacklogChart(QChartView):
    """Open cases at the end of each day, one line per procedure."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart = QChart()
        chart.setTitle(self.tr("未決件数の推移（過去30日）"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        self._x = QDateTimeAxis()
        self._x.setFormat("MM/dd")
        self._x.setTickCount(7)
        self._y = QValueAxis()
        self._y.setLabelFormat("%d")
        self._y.setTitleText(self.tr("件"))
        self.setChart(chart)
        self._lines: dict[str, QLineSeries] = {}
        self._shown: dict[str, list[tuple[date, int]]] = {}

    def show_backlog(self, series: Sequence[BacklogSeries], names: Mapping[str, str]) -> None:
        """Show *series*; lines are kept between refreshes and only their points replaced
        (one call per line, not one per point)."""
        chart = self.chart()
        wanted = {s.procedure_code for s in series}
        for code in [c for c in self._lines if c not in wanted]:
            chart.removeSeries(self._lines.pop(code))
        top = 0
        for s in series:
            line = self._lines.get(s.procedure_code)
            if line is None:
                line = self._add_line(s.procedure_code, names)
            line.replace([QPointF(_msecs(day), n) for day, n in s.points])
            top = max([top, *(n for _, n in s.points)])
        self._shown = {names.get(s.procedure_code, s.procedure_code): list(s.points)
                       for s in series}
        days = [d for s in series for d, _ in s.points]
        if days:
            self._x.setRange(QDateTime.fromMSecsSinceEpoch(int(_msecs(min(days)))),
                             QDateTime.fromMSecsSinceEpoch(int(_msecs(max(days)))))
        self._y.setRange(0, _nice_top(top))
        self._y.applyNiceNumbers()

    def _add_line(self, code: str, names: Mapping[str, str]) -> QLineSeries:
        line = QLineSeries()
        line.setName(names.get(code, code))
        chart = self.chart()
        chart.addSeries(line)  # first: the chart's theme gives the colour
        if not chart.axes():
            # A date axis added before any series draws no labels (Qt 6.12).
            chart.addAxis(self._x, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(self._y, Qt.AlignmentFlag.AlignLeft)
        pen = QPen(line.pen())
        pen.setWidth(2)
        pen.setStyle(_DASHES[len(self._lines) % len(_DASHES)])
        line.setPen(pen)
        line.attachAxis(self._x)
        line.attachAxis(self._y)
        self._lines[code] = line
        return line

    def shown(self) -> dict[str, list[tuple[date, int]]]:
        """The points on screen per line name (for tests and the accessible summary)."""
        return dict(self._shown)


class HourlyChart(QChartView):
    """Decisions taken in each hour of today."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        chart = QChart()
        chart.setTitle(self.tr("本日の時間帯別 決定件数"))
        chart.legend().setVisible(False)
        self._x = QBarCategoryAxis()
        self._y = QValueAxis()
        self._y.setLabelFormat("%d")
        chart.addAxis(self._x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(self._y, Qt.AlignmentFlag.AlignLeft)
        self.setChart(chart)
        self._values: dict[int, int] = {}

    def show_hours(self, per_hour: Sequence[int]) -> None:
        chart = self.chart()
        chart.removeAllSeries()
        busy = [h for h, n in enumerate(per_hour) if n]
        hours = range(min([HOURS.start, *busy]), max([HOURS.stop - 1, *busy]) + 1)
        self._x.clear()
        self._x.append([self.tr("{h}時").format(h=h) for h in hours])
        self._values = {h: per_hour[h] for h in hours}
        bars = QBarSet(self.tr("決定件数"))
        bars.append([float(v) for v in self._values.values()])
        series = QBarSeries()
        series.append(bars)
        series.setLabelsVisible(True)
        chart.addSeries(series)
        series.attachAxis(self._x)
        series.attachAxis(self._y)
        self._y.setRange(0, _nice_top(max(self._values.values(), default=0)))
        self._y.applyNiceNumbers()

    def shown(self) -> dict[int, int]:
        """The bar heights on screen, by hour."""
        return dict(self._values)
