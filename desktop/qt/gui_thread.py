"""The rule "no database work on the GUI thread", made checkable.

The composition root installs :func:`assert_not_gui_thread` into the persistence
layer's ``before_unit_of_work`` hooks, so a unit of work started on the Qt main
thread fails loudly in development and in tests instead of freezing the window.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QThread


class GuiThreadViolation(RuntimeError):
    """Database work was started on the Qt main thread (a programming error)."""


def on_gui_thread() -> bool:
    """Whether the caller runs on the thread of the running QApplication."""
    app = QCoreApplication.instance()
    return app is not None and QThread.currentThread() == app.thread()


def assert_not_gui_thread() -> None:
    """Raise :class:`GuiThreadViolation` when called on the QApplication's thread.

    Without a QApplication (the CLI, service tests) it does nothing.
    """
    if on_gui_thread():
        raise GuiThreadViolation(
            "a unit of work was started on the Qt main thread; run it with "
            "desktop.qt.tasks.TaskRunner.run_in_background instead"
        )
