"""Generated forms are up to date with ui/*.ui, and labels match the domain's."""

from __future__ import annotations

import pytest

from desktop.domain.permissions import ROLE_LABELS_JA
from desktop.domain.workflow import STATUS_LABELS_JA
from desktop.qt import labels, uic

UI_FILES = sorted(uic.UI_DIR.glob("*.ui"))


def test_there_are_forms() -> None:
    assert {f.name for f in UI_FILES} >= {"login_dialog.ui", "main_window.ui"}


@pytest.mark.parametrize("ui_file", UI_FILES, ids=lambda p: p.name)
def test_generated_form_is_fresh(ui_file: object) -> None:
    from pathlib import Path

    assert isinstance(ui_file, Path)
    committed = uic.form_path(ui_file)
    assert committed.exists(), f"run: python -m desktop.qt.uic ({committed.name} missing)"
    text = committed.read_text(encoding="utf-8")
    assert text.startswith(f"# Generated from ui/{ui_file.name} by pyside6-uic — do not edit")
    assert uic.without_header(text) == uic.compile_form(ui_file), (
        f"{committed.name} is stale: run python -m desktop.qt.uic")


def test_label_sources_equal_the_domain_tables() -> None:
    assert labels.STATUS_SOURCE == STATUS_LABELS_JA
    assert labels.ROLE_SOURCE == ROLE_LABELS_JA
