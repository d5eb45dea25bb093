"""DESIGN §7: Qt only in desktop.qt, SQLAlchemy only in desktop.persistence, ReportLab
only in desktop.notices, a pure domain. import-linter checks the contracts in
pyproject.toml; the scan below also catches imports inside functions."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "desktop"

RULES = {
    "PySide6": "desktop/qt/",
    "sqlalchemy": "desktop/persistence/",
    "alembic": "desktop/persistence/",
    "reportlab": "desktop/notices/",
}


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def test_heavy_libraries_stay_in_their_package() -> None:
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        for name in _imports(path):
            top = name.split(".")[0]
            home = RULES.get(top)
            if home and not rel.startswith(home):
                offenders.append(f"{rel} imports {name}")
    assert offenders == []


def test_domain_imports_only_the_domain_and_pure_libraries() -> None:
    allowed_third_party = {"jpholiday", "jaconv"}
    offenders = []
    for path in (PACKAGE / "domain").rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            inward = name.startswith("desktop.domain")
            pure = top in sys.stdlib_module_names or top in allowed_third_party
            if not (inward or pure):
                offenders.append(f"{path.name} imports {name}")
    assert offenders == []


def test_scan_catches_a_violation(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6 import QtWidgets\n", encoding="utf-8")
    assert "PySide6" in _imports(bad)


def test_import_linter_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    if not lint.exists():
        pytest.fail("import-linter is not installed (make test installs it)")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
