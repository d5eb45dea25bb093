"""The translation catalogues: complete, fresh, faithful to placeholders, and used.

When a test here fails after you added or changed a ``tr()`` string, run::

    .venv/bin/python -m desktop.qt.i18n update
    .venv/bin/python -m desktop.qt.i18n missing en > /tmp/todo.json   # fill in the English
    .venv/bin/python -m desktop.qt.i18n apply /tmp/todo.json en
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.domain.decisions import DecisionKind
from desktop.qt import i18n
from desktop.qt.application import ReviewDesk
from desktop.qt.connection import Connection
from desktop.qt.login_dialog import LoginDialog
from desktop.qt.tasks import TaskRunner
from tests.ui.conftest import Opener, sign_in

UPDATE = "run: .venv/bin/python -m desktop.qt.i18n update"
TRANSLATE = ("then translate them: .venv/bin/python -m desktop.qt.i18n missing en > todo.json; "
             "edit; .venv/bin/python -m desktop.qt.i18n apply todo.json en")
#: What a translation must keep from its source: str.format fields, QProgressBar's
#: %v/%m, shortcuts named in tooltips.
_KEPT = re.compile(r"\{[^{}]*\}|%[a-zA-Z0-9]|\b(?:Ctrl|Shift|Alt)\+\w+|\bF\d{1,2}\b")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f\u3000-\u303f]+")


def catalogue(language: str) -> list[i18n.Entry]:
    return i18n.read_catalogue(i18n.ts_path(language))


def mnemonics(text: str) -> int:
    return len(re.findall(r"&(?!&)", text.replace("&&", "")))


def listing(entries: list[i18n.Entry]) -> str:
    return "\n".join(f"  [{e.context}] {e.source!r} → {e.translation!r}" for e in entries)


@pytest.fixture(scope="module")
def compiled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The catalogues as they are in the tree, compiled into a temporary folder."""
    folder = tmp_path_factory.mktemp("qm")
    for language in i18n.CATALOGUE_LANGUAGES:
        i18n.run_lrelease(i18n.ts_path(language), i18n.qm_path(language, folder))
    return folder


@pytest.fixture
def english(qapp: QApplication, compiled: Path,
            monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """English installed for the test; Japanese again afterwards."""
    monkeypatch.setenv(i18n.COMPILED_DIR_ENV, str(compiled))
    i18n.install_translator(qapp, "en")
    yield compiled
    i18n.install_translator(qapp, "ja")


def test_both_catalogues_exist_and_list_the_login_strings() -> None:
    for language in i18n.CATALOGUE_LANGUAGES:
        sources = {(e.context, e.source) for e in catalogue(language)}
        assert ("LoginDialog", "審査デスク — ログイン") in sources, language
        assert ("MainWindow", "審査デスク — {user}") in sources, language


def test_the_japanese_catalogue_has_no_unfinished_entries() -> None:
    entries = catalogue("ja")
    todo = [e for e in entries if not e.finished or e.translation != e.source]
    assert not todo, f"{len(todo)} Japanese entries unfinished: {UPDATE}\n{listing(todo)}"


def test_the_english_catalogue_has_no_unfinished_entries() -> None:
    todo = [e for e in catalogue("en") if not e.finished or not e.translation.strip()]
    assert not todo, f"{len(todo)} English entries untranslated; {TRANSLATE}\n{listing(todo)}"


def test_english_translations_are_english() -> None:
    """No Japanese in an English text, except examples copied from the source (a date
    written as 令和5年4月1日 is what the operator types)."""
    mixed = [e for e in catalogue("en")
             if any(run not in e.source for run in _JAPANESE.findall(e.translation))]
    assert not mixed, f"Japanese left in English translations:\n{listing(mixed)}"


@pytest.mark.parametrize("language", i18n.CATALOGUE_LANGUAGES)
def test_catalogue_is_fresh(language: str) -> None:
    added, removed = i18n.stale_entries(language)
    assert not added, (f"{len(added)} strings in desktop/qt or ui/ are not in "
                       f"review_desk_{language}.ts; {UPDATE}, {TRANSLATE}\n{listing(added)}")
    assert not removed, (f"{len(removed)} strings of review_desk_{language}.ts are gone "
                         f"from the code; {UPDATE}\n{listing(removed)}")


def test_translations_keep_placeholders_shortcuts_and_mnemonics() -> None:
    wrong = [e for e in catalogue("en") if e.translation
             and (Counter(_KEPT.findall(e.source)) != Counter(_KEPT.findall(e.translation))
                  or mnemonics(e.source) != mnemonics(e.translation))]
    assert not wrong, f"placeholders, shortcuts or & changed:\n{listing(wrong)}"


def source_tree(tmp_path: Path, name: str, code: str, *, encoding: str = "utf-8") -> Path:
    """A repository with one module *name* in desktop/qt and an empty ui/ folder."""
    repo = tmp_path / "repo"
    (repo / "desktop" / "qt").mkdir(parents=True)
    (repo / "ui").mkdir()
    (repo / "desktop" / "qt" / name).write_text(code, encoding=encoding)
    return repo


def test_a_new_string_makes_the_catalogue_stale(tmp_path: Path) -> None:
    """The freshness check really reads the code (it is not comparing a file with itself)."""
    repo = source_tree(tmp_path, "extra.py",
        "from PySide6.QtWidgets import QWidget\n\n\nclass Extra(QWidget):\n"
        "    def texts(self) -> list[str]:\n"
        "        return [self.tr('審査デスク'), self.tr('新しい文言 {name}')]\n",
        encoding="utf-8")
    folder = tmp_path / "i18n"
    folder.mkdir()
    (folder / "review_desk_en.ts").write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
        '<TS version="2.1" language="en_US" sourcelanguage="ja_JP">\n<context>\n'
        "    <name>Extra</name>\n    <message>\n        <source>審査デスク</source>\n"
        "        <translation>Review Desk</translation>\n    </message>\n"
        "    <message>\n        <source>消えた文言</source>\n"
        "        <translation>Gone</translation>\n    </message>\n</context>\n</TS>\n",
        encoding="utf-8")
    added, removed = i18n.stale_entries("en", folder, repo)
    assert [(e.context, e.source) for e in added] == [("Extra", "新しい文言 {name}")]
    assert [(e.context, e.source) for e in removed] == [("Extra", "消えた文言")]


def test_strings_through_a_translate_helper_are_found(tmp_path: Path) -> None:
    """``_tr("…")`` helpers (used across desktop/qt) are invisible to lupdate itself."""
    repo = source_tree(tmp_path, "helper.py",
        "from PySide6.QtCore import QCoreApplication\n\n\n"
        "def _tr(text: str) -> str:\n"
        '    """Translated in the context Helper."""\n'
        '    return QCoreApplication.translate("Helper", text)\n\n\n'
        "LABEL = _tr('補正待ち')\n\n\n"
        "def words(count: int) -> str:\n"
        "    return _tr('{count} 件').format(count=count)\n", encoding="utf-8")
    folder = tmp_path / "i18n"
    i18n.update(folder, repo)
    found = [(e.context, e.source) for e in i18n.read_catalogue(i18n.ts_path("en", folder))]
    assert found == [("Helper", "補正待ち"), ("Helper", "{count} 件")]


def test_no_subclass_of_a_class_using_self_tr() -> None:
    """PySide's ``self.tr()`` looks strings up under the *runtime* class name, lupdate
    under the class that contains the call: a subclass would show untranslated text."""
    classes: dict[str, tuple[str, list[str], bool]] = {}
    for path in i18n.source_files():
        if path.suffix != ".py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                uses_tr = any(isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute)
                              and call.func.attr == "tr" for call in ast.walk(node))
                bases = [base.id for base in node.bases if isinstance(base, ast.Name)]
                classes[node.name] = (path.name, bases, uses_tr)
    wrong = [f"{file}: {name}({base})" for name, (file, bases, _) in classes.items()
             for base in bases if base in classes and classes[base][2]]
    assert not wrong, ("use QCoreApplication.translate('<Base>', …) in the base class:\n"
                       + "\n".join(wrong))


def test_update_fills_japanese_and_keeps_english(tmp_path: Path) -> None:
    repo = source_tree(tmp_path, "extra.py",
        "from PySide6.QtWidgets import QWidget\n\n\nclass Extra(QWidget):\n"
        "    def texts(self) -> list[str]:\n"
        "        return [self.tr('保留'), self.tr('取下げ')]\n", encoding="utf-8")
    folder = tmp_path / "i18n"
    assert i18n.update(folder, repo) == {"ja": 0, "en": 2}
    assert i18n.set_translations(i18n.ts_path("en", folder), {"Extra": {"保留": "On hold"}}) == 1
    assert i18n.update(folder, repo) == {"ja": 0, "en": 1}  # kept through lupdate
    english = {e.source: e.translation for e in i18n.read_catalogue(i18n.ts_path("en", folder))}
    assert english == {"保留": "On hold", "取下げ": ""}
    assert i18n.qm_path("en", folder).exists() and i18n.qm_path("ja", folder).exists()


def test_login_dialog_in_english(qtbot: QtBot, english: Path, opener: Opener,
                                 settings: QSettings, runner: TaskRunner) -> None:
    dialog = LoginDialog(runner, Connection(runner, opener), demo=True, settings=settings)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Review Desk — Sign in"
    assert dialog.ui.userLabel.text() == "&User name"
    assert dialog.ui.passwordLabel.text() == "&Password"
    assert dialog.ui.connectionLabel.text() == "Connecting to the database…"


def test_main_window_in_english(qtbot: QtBot, english: Path, opener: Opener,
                                settings: QSettings, gui_thread_guard: None) -> None:
    desk = ReviewDesk(opener, demo=True, settings=settings)
    desk.start()
    try:
        table = desk.login.ui.demoTable
        qtbot.waitUntil(lambda: table.rowCount() > 0)
        roles = {table.item(r, 1).text() for r in range(table.rowCount())}  # type: ignore[union-attr]
        assert {"Reviewer", "Supervisor (SV)", "Administrator"} <= roles
        window = sign_in(qtbot, desk, "sv1")
        assert window.windowTitle() == "Review Desk — 監督 四郎"
        menus = [action.text() for action in window.menuBar().actions()]
        assert "&File" in menus and "&Print" in menus
        status = window.status_texts()
        assert status["role"] == "Role: Supervisor (SV)"
        assert status["connection"] == "● Connected"
    finally:
        desk.shutdown()


def test_missing_catalogue_leaves_the_source_language(qapp: QApplication, tmp_path: Path,
                                                      caplog: pytest.LogCaptureFixture) -> None:
    try:
        installed = i18n.install_translator(qapp, "en", tmp_path)
        assert i18n.current_language() == "en"
        assert all("review_desk" not in t.filePath() for t in installed)
        assert "make i18n" in caplog.text
        assert QApplication.translate("LoginDialog", "審査デスク") == "審査デスク"
    finally:
        i18n.install_translator(qapp, "ja")


def test_decision_blockers_are_in_english(qtbot: QtBot, english: Path, opener: Opener,
                                          settings: QSettings, gui_thread_guard: None) -> None:
    """The reasons on a disabled decision button come from the domain in both languages;
    the English interface shows the English ones."""
    from tests.ui.test_case_view_flow import COMMUTER, claim, open_queue

    desk = ReviewDesk(opener, demo=True, settings=settings)
    desk.start()
    try:
        window = sign_in(qtbot, desk, "operator1")
        open_queue(qtbot, window, COMMUTER)
        view = claim(qtbot, window)
        approve = view.decision_bar.decision_actions[DecisionKind.APPROVE]
        assert not approve.isEnabled()
        tip = approve.toolTip()
        assert "is not checked" in tip, tip
        assert "未チェック" not in tip
    finally:
        desk.shutdown()
