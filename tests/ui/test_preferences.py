"""The font size setting (stored, applied app-wide, in points) and the bundled UI font."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontInfo
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMenu
from pytestqt.qtbot import QtBot

from desktop.qt.preferences import (
    DEFAULT_FONT_POINTS,
    FONT_SIZE_KEY,
    MAX_FONT_POINTS,
    MIN_FONT_POINTS,
    clamp_font_size,
    store_font_size,
    stored_font_size,
)
from desktop.qt.shortcut_help import shortcut_table
from desktop.qt.style import (
    UI_FONT_FAMILY,
    FontSizeActions,
    apply_font_size,
    apply_look,
    fonts_dir,
    install_ui_font,
    japanese_font_family,
    register_bundled_fonts,
)


@pytest.fixture(autouse=True)
def app_font(qapp: QApplication) -> Iterator[QFont]:
    """Every test here changes the application font; put it back afterwards."""
    before = QFont(qapp.font())
    yield before
    qapp.setFont(before)


@pytest.fixture
def window(qtbot: QtBot) -> QMainWindow:
    window = QMainWindow()
    window.setCentralWidget(QLabel("審査デスク 0O 1lI ガギグ"))
    qtbot.addWidget(window)
    with qtbot.waitActive(window):
        window.show()
        window.activateWindow()
    return window


# ------------------------------------------------------------------ stored value


def test_the_default_size_when_nothing_or_nonsense_is_stored(settings: QSettings) -> None:
    assert stored_font_size(settings) == DEFAULT_FONT_POINTS
    for junk in ("abc", "nan", "inf", "-inf", "", [1, 2]):
        settings.setValue(FONT_SIZE_KEY, junk)
        assert stored_font_size(settings) == DEFAULT_FONT_POINTS, junk


def test_sizes_are_clamped_and_survive_a_restart(settings: QSettings, tmp_path: Path) -> None:
    assert store_font_size(settings, 13.3) == 13.5  # half points
    assert store_font_size(settings, 99) == MAX_FONT_POINTS
    assert store_font_size(settings, 2) == MIN_FONT_POINTS
    assert clamp_font_size(float("nan")) == DEFAULT_FONT_POINTS
    store_font_size(settings, 14)
    reopened = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert stored_font_size(reopened) == 14.0  # read back from the INI file's text
    settings.setValue(FONT_SIZE_KEY, "40")
    assert stored_font_size(settings) == MAX_FONT_POINTS


# ------------------------------------------------------------------ the actions


def test_ctrl_plus_minus_zero_change_every_widget_and_are_remembered(
        qtbot: QtBot, window: QMainWindow, settings: QSettings, qapp: QApplication) -> None:
    sizes = FontSizeActions(window, settings)
    sizes.set_points(10)
    label = window.centralWidget()
    assert isinstance(label, QLabel)
    qtbot.waitUntil(lambda: label.font().pointSizeF() == 10.0)
    height_at_10 = label.sizeHint().height()

    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window, Qt.Key.Key_Plus, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert qapp.font().pointSizeF() == 12.0
    qtbot.waitUntil(lambda: label.font().pointSizeF() == 12.0)  # widgets follow
    assert label.sizeHint().height() > height_at_10
    assert stored_font_size(settings) == 12.0

    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert qapp.font().pointSizeF() == 11.0 and stored_font_size(settings) == 11.0
    qtbot.keyClick(window, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    assert qapp.font().pointSizeF() == DEFAULT_FONT_POINTS

    # Points, not pixels: Qt converts per screen, so a high-DPI screen scales.
    assert qapp.font().pixelSize() == -1
    qtbot.waitUntil(lambda: label.font().pointSizeF() == DEFAULT_FONT_POINTS)
    assert QFontInfo(label.font()).pointSizeF() == pytest.approx(DEFAULT_FONT_POINTS, abs=0.5)


def test_the_limits_disable_the_actions(window: QMainWindow, settings: QSettings) -> None:
    sizes = FontSizeActions(window, settings)
    with_signal: list[float] = []
    sizes.changed.connect(with_signal.append)
    sizes.set_points(MAX_FONT_POINTS)
    assert not sizes.larger.isEnabled() and sizes.smaller.isEnabled()
    sizes.larger.trigger()  # disabled: nothing happens
    assert sizes.points == MAX_FONT_POINTS
    sizes.set_points(MIN_FONT_POINTS)
    assert sizes.larger.isEnabled() and not sizes.smaller.isEnabled()
    assert with_signal == [MAX_FONT_POINTS, MIN_FONT_POINTS]


def test_the_stored_size_is_applied_at_start(window: QMainWindow, settings: QSettings,
                                             qapp: QApplication) -> None:
    store_font_size(settings, 15)
    sizes = FontSizeActions(window, settings)
    assert sizes.apply_stored() == 15.0 and qapp.font().pointSizeF() == 15.0


def test_the_actions_have_tooltips_with_keys_and_go_in_a_menu(
        window: QMainWindow, settings: QSettings) -> None:
    sizes = FontSizeActions(window, settings)
    menu = QMenu("表示(&V)", window)
    window.menuBar().addMenu(menu)
    sizes.add_to(menu)
    assert menu.actions() == sizes.actions()
    assert [a.toolTip() for a in sizes.actions()] == [
        "画面の文字を大きくします (Ctrl+Alt+=)", "画面の文字を小さくします (Ctrl+Alt+-)",
        "画面の文字を標準の大きさ（10 pt）に戻します (Ctrl+Alt+0)"]
    assert shortcut_table(window) == [
        ("Ctrl+Alt+=, Ctrl+Alt++", "画面の文字を大きくします"), ("Ctrl+Alt+-", "画面の文字を小さくします"),
        ("Ctrl+Alt+0", "画面の文字を標準の大きさ（10 pt）に戻します")]


# ------------------------------------------------------------------ the UI font


def test_biz_ud_gothic_is_registered_and_used(qapp: QApplication) -> None:
    assert (fonts_dir() / "BIZUDGothic-Regular.ttf").is_file()
    assert install_ui_font(qapp) == UI_FONT_FAMILY
    assert qapp.font().family() == UI_FONT_FAMILY
    assert QFontInfo(qapp.font()).family() == UI_FONT_FAMILY  # really resolved, not a fallback
    assert install_ui_font(qapp) == UI_FONT_FAMILY  # again: registered once, same result


def test_without_the_bundled_files_a_system_font_or_qts_default(qapp: QApplication,
                                                                tmp_path: Path) -> None:
    assert register_bundled_fonts(tmp_path) is None
    before = qapp.font().family()
    family = install_ui_font(qapp, tmp_path)
    assert family == japanese_font_family()
    assert qapp.font().family() == (family or before)


def test_apply_look_sets_the_font_and_the_size(qapp: QApplication) -> None:
    apply_look(qapp, 13)
    assert (qapp.font().family(), qapp.font().pointSizeF()) == (UI_FONT_FAMILY, 13.0)
    apply_font_size(qapp, 200)
    assert qapp.font().pointSizeF() == MAX_FONT_POINTS
