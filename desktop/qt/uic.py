"""Compile the Designer forms in ``ui/`` into ``desktop/qt/forms/`` (developer tool).

``python -m desktop.qt.uic`` regenerates every ``ui/*.ui`` as
``desktop/qt/forms/ui_<name>.py`` with ``pyside6-uic``; a test compiles them again and
fails when a committed form is out of date.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
UI_DIR = REPO / "ui"
FORMS_DIR = Path(__file__).resolve().parent / "forms"
#: Lines put above uic's output (the generated code has no type annotations).
HEADER = "# Generated from ui/{name} by pyside6-uic — do not edit\n# mypy: ignore-errors\n"
_HEADER_PREFIXES = ("# Generated from ui/", "# mypy: ignore-errors")


def uic_command() -> str:
    """The ``pyside6-uic`` beside this Python, else the one on PATH."""
    beside = Path(sys.executable).parent / "pyside6-uic"
    if beside.exists():
        return str(beside)
    found = shutil.which("pyside6-uic")
    if found is None:
        raise FileNotFoundError("pyside6-uic not found (pip install PySide6)")
    return found


def compile_form(ui_file: Path) -> str:
    """pyside6-uic's Python for *ui_file*, without our header."""
    result = subprocess.run([uic_command(), str(ui_file)], capture_output=True, text=True,
                            check=True, encoding="utf-8")
    return result.stdout


def form_path(ui_file: Path) -> Path:
    return FORMS_DIR / f"ui_{ui_file.stem}.py"


def without_header(text: str) -> str:
    """*text* minus the header lines this tool adds."""
    return "".join(line for line in text.splitlines(keepends=True)
                   if not line.startswith(_HEADER_PREFIXES))


def build_all() -> list[Path]:
    """Regenerate every form; returns the files written."""
    written = []
    for ui_file in sorted(UI_DIR.glob("*.ui")):
        target = form_path(ui_file)
        target.write_text(HEADER.format(name=ui_file.name) + compile_form(ui_file),
                          encoding="utf-8")
        written.append(target)
    return written


if __name__ == "__main__":
    for path in build_all():
        print(path.relative_to(REPO))
