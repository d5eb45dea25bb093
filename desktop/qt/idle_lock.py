"""Auto-lock: after an idle period the windows are covered until the same user's
password is entered again. Nothing underneath is closed or changed.

Idle means no keyboard, mouse, wheel, touch or tablet input anywhere in the
application (an application-wide event filter notes the time of the last input; a
timer compares). While locked, every window of the application is covered by a blank
panel (case data is not readable over the operator's shoulder), the password form sits
on the main window — or on the topmost modal dialog, which is the only window Qt lets
the keyboard reach — and the filter drops every input event and shortcut that is not
meant for the form. Timers keep running underneath (the lease on the claimed case is
still renewed), and whatever was typed stays where it was, with the focus given back.
"""

from __future__ import annotations

import time

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.domain.errors import AuthenticationFailed
from desktop.domain.permissions import Actor
from desktop.qt.messages import error_text
from desktop.qt.ports import AppServices
from desktop.qt.tasks import TaskRunner
from desktop.services.workstation_settings import DEFAULT_IDLE_LOCK_MINUTES

_T = QEvent.Type
#: Events that mean a person is at the keyboard (and that the lock must stop).
INPUT_EVENTS = frozenset({
    _T.KeyPress, _T.KeyRelease, _T.ShortcutOverride, _T.Shortcut,
    _T.MouseButtonPress, _T.MouseButtonRelease, _T.MouseButtonDblClick, _T.MouseMove,
    _T.Wheel, _T.ContextMenu, _T.InputMethod,
    _T.TouchBegin, _T.TouchUpdate, _T.TouchEnd,
    _T.TabletPress, _T.TabletMove, _T.TabletRelease,
})
_NOT_COVERED = (Qt.WindowType.Popup, Qt.WindowType.ToolTip, Qt.WindowType.SplashScreen)
ERROR_STYLE = "color: #b01e1e;"


class _Cover(QWidget):
    """A plain panel over one window while the screen is locked."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("idleLockCover")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("#idleLockCover { background: palette(window); }")
        self._layout = QVBoxLayout(self)
        self._layout.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setGeometry(host.rect())
        self.raise_()
        self.show()

    def hold(self, form: QWidget) -> None:
        self._layout.addWidget(form, 0, Qt.AlignmentFlag.AlignCenter)
        form.show()


class LockForm(QFrame):
    """The password form on the lock screen; Tab stays inside it."""

    def __init__(self, actor: Actor) -> None:
        super().__init__()
        self.setObjectName("idleLockForm")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        title = QLabel(self.tr("🔒 画面をロックしました"), self)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        self.prompt = QLabel(self.tr("{name} さんのパスワードを入力すると、作業中の画面に戻ります。"
                                     "入力中の内容はそのまま残っています。")
                             .format(name=actor.display_name), self)
        self.prompt.setWordWrap(True)
        self.password = QLineEdit(self)
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("パスワード"))
        self.password.setAccessibleName(self.tr("パスワード"))
        self.unlock_button = QPushButton(self.tr("ロック解除 (Enter)"), self)
        self.unlock_button.setDefault(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setVisible(False)
        layout = QVBoxLayout(self)
        for widget in (title, self.prompt, self.password, self.message, self.unlock_button):
            layout.addWidget(widget)
        self.setMaximumWidth(460)
        self.setMinimumWidth(300)

    def show_message(self, text: str, *, error: bool) -> None:
        """An inline message; an error starts with ✗ (not by colour alone)."""
        self.message.setText(("✗ " if error and text else "") + text)
        self.message.setStyleSheet(ERROR_STYLE if error else "")
        self.message.setVisible(bool(text))

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab must not walk into the covered window underneath.
        order = [w for w in (self.password, self.unlock_button) if w.isEnabled()]
        if not order:
            return True
        current = QApplication.focusWidget()
        i = order.index(current) if current in order else -1
        order[(i + (1 if next else -1)) % len(order)].setFocus(Qt.FocusReason.TabFocusReason)
        return True


class IdleLock(QObject):
    """Locks the application after *minutes* without input (0: never), for *actor*.

    Create it once the main window is shown; it lives as long as *window*. ``locked``
    and ``unlocked`` tell the window; ``failed`` carries an error of the password
    check (connect it to ``Connection.note_failure``).
    """

    locked = Signal()
    unlocked = Signal()
    failed = Signal(object)

    def __init__(self, window: QWidget, runner: TaskRunner, services: AppServices,
                 actor: Actor, minutes: float) -> None:
        super().__init__(window)
        app = QApplication.instance()
        if not isinstance(app, QApplication):
            raise RuntimeError("IdleLock needs a QApplication")
        self._app = app
        self._window = window
        self._runner = runner
        self._services = services
        self._actor = actor
        self._interval_ms = 0
        self._last_input = time.monotonic()
        self._locked = False
        self._busy = False
        self._covers: dict[int, _Cover] = {}
        self._focus: QWidget | None = None
        self.form: LockForm | None = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._check_idle)
        self._rehost_timer = QTimer(self)
        self._rehost_timer.setSingleShot(True)
        self._rehost_timer.timeout.connect(self._rehost)
        app.installEventFilter(self)
        app.aboutToQuit.connect(self.stop)
        self.set_minutes(minutes)

    @classmethod
    def from_settings(cls, window: QWidget, runner: TaskRunner, services: AppServices,
                      actor: Actor) -> IdleLock:
        """An idle lock whose period is read from the database in the background
        (the default period if it cannot be read: a lock that never comes is worse)."""
        lock = cls(window, runner, services, actor, 0)
        runner.run_in_background(services.workstation.idle_lock_minutes, lock.set_minutes,
                                 lambda _error: lock.set_minutes(DEFAULT_IDLE_LOCK_MINUTES),
                                 owner=lock, label="idle lock setting")
        return lock

    # ------------------------------------------------------------------ public API

    @property
    def is_locked(self) -> bool:
        return self._locked

    @property
    def minutes(self) -> float:
        return self._interval_ms / 60_000

    def set_minutes(self, minutes: float) -> None:
        """Lock after *minutes* without input from now on (0 or less: never)."""
        self._interval_ms = max(0, round(minutes * 60_000))
        self._last_input = time.monotonic()
        if self._interval_ms and not self._locked:
            self._timer.start(self._interval_ms)
        else:
            self._timer.stop()

    def lock_now_action(self) -> QAction:
        """An action (Ctrl+Shift+L) that locks at once, for someone leaving the desk."""
        action = QAction(self.tr("画面をロック"), self._window)
        action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        action.setToolTip(self.tr("席を離れるときに画面をロックします (Ctrl+Shift+L)"))
        action.triggered.connect(self.lock)
        self._window.addAction(action)
        return action

    def lock(self) -> None:
        """Cover every window and ask for the password (nothing underneath changes)."""
        if self._locked:
            return
        self._locked = True
        self._timer.stop()
        while (popup := QApplication.activePopupWidget()) is not None:
            popup.close()  # a menu or combo popup would keep the keyboard to itself
        focus = QApplication.focusWidget()
        self._focus = focus
        self.form = LockForm(self._actor)
        self.form.password.returnPressed.connect(self.unlock)
        self.form.unlock_button.clicked.connect(self.unlock)
        self._rehost()
        self.locked.emit()

    def unlock(self) -> None:
        """Check the typed password in the background; unlock when it is right."""
        form = self.form
        if not self._locked or self._busy or form is None:
            return
        password = form.password.text()
        if not password:
            form.show_message(self.tr("パスワードを入力してください"), error=True)
            form.password.setFocus()
            return
        self._set_busy(True)
        form.show_message(self.tr("確認しています…"), error=False)
        services, name = self._services, self._actor.name
        self._runner.run_in_background(lambda: services.admin.authenticate(name, password),
                                       self._checked, self._check_failed, owner=self,
                                       label="unlock")

    def stop(self) -> None:
        """Stop watching for input (the application is quitting or the window closes)."""
        self._timer.stop()
        if shiboken6.isValid(self._app):
            self._app.removeEventFilter(self)

    # --------------------------------------------------------------- event filter

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            if not self._locked:
                self._last_input = time.monotonic()
                return False
            return self._blocks(watched, kind)
        if self._locked:
            if kind == _T.Resize and id(watched) in self._covers:
                cover = self._covers[id(watched)]
                if isinstance(watched, QWidget):
                    cover.setGeometry(watched.rect())
            elif kind == _T.Show and isinstance(watched, QWidget) and watched.isWindow():
                # A window that opens while locked (an error message) is covered too,
                # and takes the form if it is modal; after Qt has finished showing it.
                self._rehost_timer.start(0)
        return False

    def _blocks(self, watched: QObject, kind: QEvent.Type) -> bool:
        """Whether an input event must be dropped while locked."""
        if kind == _T.Shortcut:
            return True  # no menu action, no F2, no Ctrl+Enter underneath
        if not isinstance(watched, QWidget):
            return False  # window-system objects pass events on to widgets, filtered here
        form = self.form
        if form is not None and (watched is form or form.isAncestorOf(watched)):
            return False
        if kind in (_T.KeyPress, _T.KeyRelease, _T.ShortcutOverride) and form is not None:
            form.password.setFocus()
        return True

    # -------------------------------------------------------------------- helpers

    def _check_idle(self) -> None:
        if self._locked or not self._interval_ms:
            return
        idle_ms = (time.monotonic() - self._last_input) * 1000
        if idle_ms >= self._interval_ms:
            self.lock()
        else:
            self._timer.start(max(1, round(self._interval_ms - idle_ms)))

    def _hosts(self) -> list[QWidget]:
        hosts = [self._window] if self._window.isVisible() else []
        for widget in QApplication.topLevelWidgets():
            if widget is self._window or not widget.isVisible() or isinstance(widget, _Cover):
                continue
            if widget.windowType() in _NOT_COVERED:
                continue
            hosts.append(widget)
        return hosts

    def _rehost(self) -> None:
        """Cover every visible window; put the form on the topmost modal one."""
        form = self.form
        if not self._locked or form is None:
            return
        for host in self._hosts():
            cover = self._covers.get(id(host))
            if cover is None or not shiboken6.isValid(cover):
                self._covers[id(host)] = cover = _Cover(host)
            cover.raise_()
        modal = QApplication.activeModalWidget()
        host = modal if modal is not None and id(modal) in self._covers else self._window
        cover = self._covers.get(id(host))
        if cover is not None and form.parent() is not cover:
            cover.hold(form)
        form.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def _checked(self, actor: Actor) -> None:
        self._set_busy(False)
        if actor.id != self._actor.id:  # cannot happen with the same name; never unlock
            self._wrong_password()
            return
        self._locked = False
        focus, self._focus = self._focus, None
        if focus is not None and shiboken6.isValid(focus) and focus.isVisible():
            # Before the form goes: else Qt tabs the focus on, and a line edit that gets
            # it by Tab selects its text, which the next key press would replace.
            focus.activateWindow()
            focus.setFocus(Qt.FocusReason.OtherFocusReason)
        for cover in list(self._covers.values()):
            if shiboken6.isValid(cover):
                cover.hide()
                cover.deleteLater()
        self._covers.clear()
        self.form = None
        self.set_minutes(self.minutes)
        self.unlocked.emit()

    def _check_failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, AuthenticationFailed):
            self._wrong_password()
            return
        self.failed.emit(error)
        if self.form is not None:
            self.form.show_message(error_text(error), error=True)
            self.form.password.clear()
            self.form.password.setFocus()

    def _wrong_password(self) -> None:
        if self.form is None:
            return
        self.form.show_message(self.tr("パスワードが正しくありません"), error=True)
        self.form.password.clear()
        self.form.password.setFocus()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        if self.form is not None:
            self.form.password.setEnabled(not busy)
            self.form.unlock_button.setEnabled(not busy)
            if not busy:
                self.form.password.setFocus()
