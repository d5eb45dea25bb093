"""Garbage collection runs on the GUI thread only (desktop.qt.main_thread_gc)."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from tests.ui.conftest import in_worker


class Canary:
    """Notes the thread on which the collector freed it."""

    def __init__(self, seen: list[int]) -> None:
        self.seen = seen
        self.cycle = self  # only the cyclic collector can free it

    def __del__(self) -> None:
        self.seen.append(threading.get_ident())


def churn() -> list[list[int]]:
    # Far more container allocations than generation 0's threshold: with automatic
    # collection on, CPython would collect right here, on this worker thread. They are
    # kept alive so that the count stays past the threshold for the GUI thread's turn.
    return [[i] for i in range(50_000)]


def test_a_cycle_is_freed_on_the_gui_thread_not_on_a_worker(qtbot: QtBot) -> None:
    assert not gc.isenabled()
    seen: list[int] = []
    Canary(seen)
    kept = in_worker(churn)
    assert seen == [], "a worker thread ran the cyclic garbage collector"
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [threading.get_ident()]
    assert len(kept) == 50_000
