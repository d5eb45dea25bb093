"""Can Qt open a window here? Checked before any Qt GUI module is imported.

On Linux the PySide6 wheels use the ``xcb`` platform plugin, which needs X11 client
libraries the wheel does not bundle. When one is missing Qt aborts with a cryptic
"could not load the Qt platform plugin" message; this module finds out first and
says which Debian/Ubuntu packages to install. It only locates files and runs
``ldd``: it must not import QtGui or QtWidgets.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
from collections.abc import Callable, Mapping
from pathlib import Path

#: Runs ``ldd`` on one file and returns its standard output.
LddRunner = Callable[[Path], str]

#: Shared objects the xcb plugin needs → the Debian package that ships them.
DEBIAN_PACKAGES: dict[str, str] = {
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libdbus-1.so.3": "libdbus-1-3",
}

_NOT_FOUND = re.compile(r"^\s*(\S+)\s*=>\s*not found", re.MULTILINE)

NO_DISPLAY = (
    "画面（ディスプレイ）が見つかりません。DISPLAY も WAYLAND_DISPLAY も設定されていません。\n"
    "デスクトップ環境の中で起動するか、X サーバーの下で起動してください"
    "（例: xvfb-run review-desk-app）。画面なしで動かす場合は QT_QPA_PLATFORM=offscreen を"
    "設定してください。\n"
    "No display found: neither DISPLAY nor WAYLAND_DISPLAY is set.\n"
    "Start the application inside a desktop session or under an X server "
    "(e.g. xvfb-run review-desk-app), or set QT_QPA_PLATFORM=offscreen to run "
    "without a screen."
)


def run_ldd(path: Path) -> str:
    """``ldd path``'s output ("" when ldd cannot say anything about the file)."""
    result = subprocess.run(["ldd", str(path)], capture_output=True, text=True, check=False,
                            timeout=30)
    return result.stdout


def pyside_dir() -> Path | None:
    """The installed PySide6 package folder (without loading any Qt module)."""
    import PySide6

    file = PySide6.__file__
    return Path(file).parent if file else None


def xcb_binaries(pyside: Path) -> list[Path]:
    """The xcb platform plugin and the Qt library behind it, where they exist."""
    candidates = [pyside / "Qt" / "plugins" / "platforms" / "libqxcb.so",
                  pyside / "Qt" / "lib" / "libQt6XcbQpa.so.6"]
    return [path for path in candidates if path.is_file()]


def missing_libraries(ldd_outputs: list[str]) -> list[str]:
    """Sonames ldd reported as "not found", once each, in the order seen."""
    seen: dict[str, None] = {}
    for output in ldd_outputs:
        for soname in _NOT_FOUND.findall(output):
            seen.setdefault(soname, None)
    return list(seen)


def install_message(missing: list[str]) -> str:
    """What to tell a person whose machine lacks *missing* (Japanese, then English)."""
    packages = sorted({DEBIAN_PACKAGES[s] for s in missing if s in DEBIAN_PACKAGES})
    unknown = [s for s in missing if s not in DEBIAN_PACKAGES]
    listed = ", ".join(missing)
    lines = [
        f"Qt の画面表示（xcb プラグイン）に必要なライブラリがありません: {listed}",
        f"The Qt display plugin (xcb) needs libraries that are not installed: {listed}",
    ]
    if packages:
        lines += [
            "次のコマンドでインストールしてください / Install them with:",
            f"    sudo apt-get install {' '.join(packages)}",
        ]
    if unknown:
        lines += [
            "パッケージ名が分からないライブラリ / Libraries with no known package: "
            + ", ".join(unknown),
            "（apt-file search <ライブラリ名> で探せます / find them with apt-file search <name>）",
        ]
    return "\n".join(lines)


def _uses_xcb(env: Mapping[str, str]) -> bool:
    requested = env.get("QT_QPA_PLATFORM", "").strip()
    if requested:
        # "xcb", or "xcb:option=value"; a ';'-list means fallbacks Qt tries in order.
        return requested.split(";")[0].split(":")[0] == "xcb"
    # Qt 6 prefers Wayland in a Wayland session and only falls back to xcb.
    return not (env.get("XDG_SESSION_TYPE") == "wayland" and env.get("WAYLAND_DISPLAY"))


def platform_problem(env: Mapping[str, str] | None = None, *, system: str | None = None,
                     ldd: LddRunner = run_ldd, pyside: Path | None = None) -> str | None:
    """Why Qt could not open a window here (Japanese and English), or None if it can.

    Only Linux with the ``xcb`` platform (QT_QPA_PLATFORM unset or ``xcb``) is checked.
    *env*, *system*, *ldd* and *pyside* are for tests.
    """
    env = os.environ if env is None else env
    if (system or platform.system()) != "Linux":
        return None
    explicit = env.get("QT_QPA_PLATFORM", "").strip()
    if explicit and not _uses_xcb(env):
        return None
    if not env.get("DISPLAY"):
        if not explicit and env.get("WAYLAND_DISPLAY"):
            return None  # Qt takes its Wayland plugin; xcb is not needed
        return NO_DISPLAY
    if not _uses_xcb(env):
        return None
    folder = pyside or pyside_dir()
    if folder is None:
        return None
    try:
        outputs = [ldd(path) for path in xcb_binaries(folder)]
    except (OSError, subprocess.SubprocessError):
        return None  # no ldd here: let Qt try and report for itself
    missing = missing_libraries(outputs)
    return install_message(missing) if missing else None
