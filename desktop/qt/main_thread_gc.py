"""Python's cyclic garbage collector, run only on the GUI thread.

CPython starts a collection in whichever thread happens to allocate past the threshold;
with database work on a worker thread that is often not the GUI thread. A QObject kept
alive only by a reference cycle is then destroyed on the worker: its timers cannot be
unregistered from there, the GUI thread's timer list keeps a dangling pointer, and the
next timer event crashes the process (seen in CI: ``QTimerInfoList::activateTimers``).
Anki, GitFourchette and Spyder solve it the same way: switch automatic collection off
and collect from a timer on the GUI thread, generation by generation, when the
allocation counts say it is due.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer


class MainThreadGarbageCollector(QObject):
    """Turns automatic collection off and collects from the GUI thread instead.

    Every *interval_ms* it collects the oldest generation whose count has passed its
    threshold (as CPython would have done at the next allocation). :meth:`stop` turns
    automatic collection back on.
    """

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = 500) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        self._was_enabled = gc.isenabled()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect_if_due)
        self._timer.start()

    def collect_if_due(self) -> int:
        """Collect the generation that is due, if any; returns the objects found."""
        counts = gc.get_count()
        for generation in (2, 1, 0):
            if counts[generation] > self._thresholds[generation]:
                return gc.collect(generation)
        return 0

    def stop(self) -> None:
        """Stop the timer, collect once more here, and restore automatic collection."""
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
