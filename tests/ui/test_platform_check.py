"""The pre-flight check that explains a missing display or missing X11 libraries."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.qt import platform_check
from desktop.qt.platform_check import NO_DISPLAY, platform_problem

LDD_PLUGIN = """\
\tlinux-vdso.so.1 (0x00007ffd5a5f1000)
\tlibQt6XcbQpa.so.6 => /venv/PySide6/Qt/lib/libQt6XcbQpa.so.6 (0x00007f1c)
\tlibxcb-cursor.so.0 => not found
\tlibxkbcommon-x11.so.0 => not found
\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x00007f1c2f000000)
"""
LDD_QPA = """\
\tlibxcb-icccm.so.4 => not found
\tlibxcb-cursor.so.0 => not found
\tlibfoo-unknown.so.7 => not found
\tlibEGL.so.1 => /lib/x86_64-linux-gnu/libEGL.so.1 (0x00007f1c2e000000)
"""


@pytest.fixture
def pyside(tmp_path: Path) -> Path:
    """A fake PySide6 folder with the two files the check runs ldd on."""
    plugin = tmp_path / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    qpa = tmp_path / "Qt" / "lib" / "libQt6XcbQpa.so.6"
    for path in (plugin, qpa):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"")
    return tmp_path


def fake_ldd(outputs: dict[str, str]) -> platform_check.LddRunner:
    def ldd(path: Path) -> str:
        return outputs[path.name]
    return ldd


X11 = {"DISPLAY": ":0"}


def test_missing_libraries_give_the_exact_apt_get_line(pyside: Path) -> None:
    ldd = fake_ldd({"libqxcb.so": LDD_PLUGIN, "libQt6XcbQpa.so.6": LDD_QPA})
    message = platform_problem(X11, system="Linux", ldd=ldd, pyside=pyside)
    assert message is not None
    assert ("sudo apt-get install libxcb-cursor0 libxcb-icccm4 libxkbcommon-x11-0"
            in message.splitlines()[3])
    assert "libfoo-unknown.so.7" in message  # listed by soname, no guessed package
    assert "libEGL" not in message  # found, so not mentioned
    assert "必要なライブラリ" in message and "not installed" in message


def test_nothing_missing_is_no_problem(pyside: Path) -> None:
    clean = "\tlibc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x1)\n"
    ldd = fake_ldd({"libqxcb.so": clean, "libQt6XcbQpa.so.6": clean})
    assert platform_problem(X11, system="Linux", ldd=ldd, pyside=pyside) is None


def test_explicit_xcb_is_checked_too(pyside: Path) -> None:
    ldd = fake_ldd({"libqxcb.so": LDD_PLUGIN, "libQt6XcbQpa.so.6": ""})
    env = {"DISPLAY": ":1", "QT_QPA_PLATFORM": "xcb"}
    message = platform_problem(env, system="Linux", ldd=ldd, pyside=pyside)
    assert message is not None and "libxcb-cursor0 libxkbcommon-x11-0" in message


@pytest.mark.parametrize("env", [{}, {"QT_QPA_PLATFORM": "xcb"},
                                 {"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}])
def test_no_display_explains_offscreen_and_x(env: dict[str, str], pyside: Path) -> None:
    def ldd(path: Path) -> str:
        raise AssertionError("ldd must not run without a display")

    message = platform_problem(env, system="Linux", ldd=ldd, pyside=pyside)
    assert message == NO_DISPLAY
    assert "QT_QPA_PLATFORM=offscreen" in message and "ディスプレイ" in message


@pytest.mark.parametrize("env,system", [
    ({"QT_QPA_PLATFORM": "offscreen"}, "Linux"),
    ({"QT_QPA_PLATFORM": "wayland", "WAYLAND_DISPLAY": "wayland-0"}, "Linux"),
    ({"WAYLAND_DISPLAY": "wayland-0"}, "Linux"),
    ({"DISPLAY": ":0", "WAYLAND_DISPLAY": "w", "XDG_SESSION_TYPE": "wayland"}, "Linux"),
    ({}, "Windows"),
    ({}, "Darwin"),
])
def test_platforms_without_xcb_are_not_checked(env: dict[str, str], system: str,
                                               pyside: Path) -> None:
    def ldd(path: Path) -> str:
        raise AssertionError("ldd must not run")

    assert platform_problem(env, system=system, ldd=ldd, pyside=pyside) is None


def test_without_ldd_the_check_steps_aside(pyside: Path) -> None:
    def ldd(path: Path) -> str:
        raise FileNotFoundError("ldd")

    assert platform_problem(X11, system="Linux", ldd=ldd, pyside=pyside) is None


def test_real_pyside_files_are_found() -> None:
    folder = platform_check.pyside_dir()
    assert folder is not None
    names = {path.name for path in platform_check.xcb_binaries(folder)}
    assert "libqxcb.so" in names


def test_the_check_does_not_load_qt_gui() -> None:
    import subprocess
    import sys

    code = ("import sys; from desktop.qt.platform_check import platform_problem; "
            "platform_problem({'QT_QPA_PLATFORM': 'offscreen'}); "
            "print([m for m in sys.modules if m.startswith(('PySide6.QtGui', "
            "'PySide6.QtWidgets'))])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "[]"
