"""The interface language: our translation catalogues and Qt's own.

Source strings are Japanese (``self.tr("…")``, ``QCoreApplication.translate(ctx, "…")``
and the Designer forms). The catalogues live in ``resources/i18n``:

- ``review_desk_<lang>.ts`` — Qt Linguist sources, in git; the English file is where
  the English translations are kept (``lupdate`` keeps them when it re-reads the code);
- ``review_desk_<lang>.qm`` — compiled by the set-up (``make i18n``); generated files,
  ignored by git.

At run time :func:`install_translator` installs the catalogue of a language together
with Qt's own texts (OK/Cancel, context menus) and replaces whatever was installed
before, so the login dialog can switch languages live.

Developer commands (the lead re-runs ``update`` after new strings land)::

    python -m desktop.qt.i18n update            # lupdate every Qt file and form, fill ja, compile
    python -m desktop.qt.i18n missing [en]      # JSON {context: {source: ""}} still to translate
    python -m desktop.qt.i18n apply FILE [en]   # fill translations from such a JSON, compile
    python -m desktop.qt.i18n release           # compile .ts → .qm only (what make i18n does)
    python -m desktop.qt.i18n check             # exit 1 when a catalogue is stale or unfinished

Only :func:`install_translator` and :func:`current_language` are needed at start-up;
the tooling imports its modules (subprocess, XML) on use to keep the start fast.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

log = logging.getLogger(__name__)

#: The language the source strings are written in.
SOURCE_LANGUAGE = "ja"
#: Every catalogue kept in ``resources/i18n`` (the source language first).
CATALOGUE_LANGUAGES = ("ja", "en")
CATALOGUE = "review_desk"
#: Locales lupdate writes into the catalogues' headers.
_LOCALES = {"ja": "ja_JP", "en": "en_US"}
#: A folder of compiled catalogues to load instead of ``resources/i18n`` (tests compile
#: the ``.ts`` files into a temporary folder and point here).
COMPILED_DIR_ENV = "REVIEW_DESK_TRANSLATIONS"

_installed: list[QTranslator] = []
_current = SOURCE_LANGUAGE


def repo_dir() -> Path:
    return Path(__file__).resolve().parents[2]


def catalogue_dir() -> Path:
    """``resources/i18n`` beside the package, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    return (Path(bundle) if bundle else repo_dir()) / "resources" / "i18n"


def compiled_dir() -> Path:
    """Where :func:`install_translator` looks for ``.qm`` files by default."""
    configured = os.environ.get(COMPILED_DIR_ENV)
    return Path(configured) if configured else catalogue_dir()


def ts_path(language: str, directory: Path | None = None) -> Path:
    return (directory or catalogue_dir()) / f"{CATALOGUE}_{language}.ts"


def qm_path(language: str, directory: Path | None = None) -> Path:
    return (directory or catalogue_dir()) / f"{CATALOGUE}_{language}.qm"


# ------------------------------------------------------------------------ run time

def current_language() -> str:
    """The language last installed by :func:`install_translator` ("ja" before that)."""
    return _current


def install_translator(app: QCoreApplication, language: str,
                       directory: Path | None = None) -> list[QTranslator]:
    """Show the interface in *language*: our catalogue plus Qt's ``qtbase`` texts.

    Replaces the translators a previous call installed (Qt then sends every widget a
    ``LanguageChange`` event). Our ``.qm`` comes from *directory*, else
    :func:`compiled_dir`. A missing ``.qm`` is logged, not raised: the interface then
    stays in the source language. Returns the translators now installed; this module
    keeps them referenced.
    """
    global _current
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()  # the last Python reference: the old translators are deleted
    qt_texts = QTranslator()
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt_texts.load(f"qtbase_{language}", qt_folder):
        _installed.append(qt_texts)
    ours = QTranslator()
    path = qm_path(language, directory or compiled_dir())
    if ours.load(str(path)):
        _installed.append(ours)  # installed last: asked first
    elif language != SOURCE_LANGUAGE:
        log.warning("translation catalogue %s is missing: run `make i18n`", path)
    for translator in _installed:
        app.installTranslator(translator)
    _current = language
    return list(_installed)


# ------------------------------------------------------------------- catalogues

@dataclass(frozen=True)
class Entry:
    """One message of a ``.ts`` catalogue (obsolete/vanished entries are never listed)."""

    context: str
    source: str
    comment: str
    translation: str
    finished: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)


def source_files(repo: Path | None = None) -> list[Path]:
    """What lupdate reads: every ``desktop/qt/**/*.py`` (not the compiled forms, whose
    ``.ui`` files are read instead) and every ``ui/*.ui``."""
    root = repo or repo_dir()
    qt = root / "desktop" / "qt"
    python = [p for p in qt.rglob("*.py") if "forms" not in p.relative_to(qt).parts]
    return sorted(python) + sorted((root / "ui").glob("*.ui"))


def tool(name: str) -> str:
    """The PySide6 tool *name* beside this Python, else the one on PATH."""
    import shutil

    beside = Path(sys.executable).parent / name
    if beside.exists():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        raise FileNotFoundError(f"{name} not found (pip install PySide6)")
    return found


def translate_wrappers(python: str) -> dict[str, str]:
    """Module-level helpers of the form ``def _tr(text): return
    QCoreApplication.translate("Context", text)`` in *python*: {name: context}."""
    import ast

    wrappers = {}
    for node in ast.parse(python).body:
        if not isinstance(node, ast.FunctionDef) or not node.args.args:
            continue
        body = [stmt for stmt in node.body
                if not (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))]
        call = body[0].value if len(body) == 1 and isinstance(body[0], ast.Return) else None
        if not isinstance(call, ast.Call) or len(call.args) < 2:
            continue
        name = call.func.attr if isinstance(call.func, ast.Attribute) else \
            getattr(call.func, "id", "")
        context, text = call.args[0], call.args[1]
        if name == "translate" and isinstance(context, ast.Constant) \
                and isinstance(context.value, str) and isinstance(text, ast.Name) \
                and text.id == node.args.args[0].arg:
            wrappers[node.name] = context.value
    return wrappers


def unwrap_translations(python: str) -> str:
    """*python* with calls of its :func:`translate_wrappers` spelled out as
    ``QCoreApplication.translate("Context", …)``, which lupdate recognises."""
    import re

    for name, context in translate_wrappers(python).items():
        python = re.sub(rf"(?<!def )(?<![\w.]){re.escape(name)}\(",
                        f'QCoreApplication.translate("{context}", ', python)
    return python


def run_lupdate(ts_file: Path, language: str, sources: Iterable[Path]) -> None:
    """Merge the strings of *sources* into *ts_file* (created when missing).

    Existing translations are kept; strings no longer in the code are dropped (git
    keeps their history); a changed string gets the old translation as an unfinished
    suggestion. No source locations are written, so moving code does not touch the
    catalogues. Calls of small ``_tr(text)`` helpers (see :func:`translate_wrappers`)
    are read as the ``QCoreApplication.translate`` calls they make.
    """
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory(prefix="lupdate-") as scratch:
        paths = []
        for number, source in enumerate(sources):
            text = source.read_text(encoding="utf-8") if source.suffix == ".py" else ""
            unwrapped = unwrap_translations(text) if text else text
            if unwrapped != text:
                source = Path(scratch) / f"{number}_{source.name}"
                source.write_text(unwrapped, encoding="utf-8")
            paths.append(str(source))
        command = [tool("pyside6-lupdate"), "-silent", "-locations", "none", "-no-obsolete",
                   "-source-language", _LOCALES[SOURCE_LANGUAGE],
                   "-target-language", _LOCALES.get(language, language),
                   *paths, "-ts", str(ts_file)]
        subprocess.run(command, check=True, capture_output=True, text=True)


def run_lrelease(ts_file: Path, qm_file: Path) -> None:
    import subprocess

    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts_file), "-qm", str(qm_file)],
                   check=True, capture_output=True, text=True)


def read_catalogue(ts_file: Path) -> list[Entry]:
    """The current (not obsolete) messages of *ts_file*, in file order."""
    import xml.etree.ElementTree as ET

    entries = []
    for context in ET.parse(ts_file).getroot().iter("context"):
        name = context.findtext("name", "")
        for message in context.iter("message"):
            translation = message.find("translation")
            kind = translation.get("type", "") if translation is not None else "unfinished"
            if kind in ("obsolete", "vanished"):
                continue
            text = "".join(translation.itertext()) if translation is not None else ""
            entries.append(Entry(name, message.findtext("source", ""),
                                 message.findtext("comment", ""), text,
                                 finished=kind != "unfinished"))
    return entries


def unfinished(ts_file: Path) -> list[Entry]:
    return [entry for entry in read_catalogue(ts_file) if not entry.finished]


def set_translations(ts_file: Path, mapping: Mapping[str, Mapping[str, str]] | None) -> int:
    """Write translations into *ts_file* and mark them finished; returns how many.

    *mapping* is ``{context: {source: translation}}``; ``None`` means "the translation
    is the source" (the Japanese catalogue). Empty translations are skipped. The file
    is written by ElementTree: run lupdate on it afterwards to get lupdate's layout.
    """
    import xml.etree.ElementTree as ET

    tree = ET.parse(ts_file)
    changed = 0
    for context in tree.getroot().iter("context"):
        texts = None if mapping is None else mapping.get(context.findtext("name", ""), {})
        for message in context.iter("message"):
            source = message.findtext("source", "")
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            if translation.get("type") in ("obsolete", "vanished"):
                continue
            text = source if texts is None else texts.get(source, "")
            if not text or (translation.text == text and "type" not in translation.attrib):
                continue
            translation.attrib.pop("type", None)
            for child in list(translation):  # numerus forms: one form, as in Japanese
                translation.remove(child)
            translation.text = text
            changed += 1
    if changed:
        ET.indent(tree, space="    ")
        body = ET.tostring(tree.getroot(), encoding="unicode")
        ts_file.write_text('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n'
                           + body + "\n", encoding="utf-8")
    return changed


def release(directory: Path | None = None) -> list[Path]:
    """Compile every catalogue to ``.qm``; returns the files written."""
    written = []
    for language in CATALOGUE_LANGUAGES:
        source = ts_path(language, directory)
        if source.exists():
            run_lrelease(source, qm_path(language, directory))
            written.append(qm_path(language, directory))
    return written


def update(directory: Path | None = None, repo: Path | None = None) -> dict[str, int]:
    """Re-read every Qt source and form into the catalogues, make the Japanese one
    finished (translation = source), compile; returns the unfinished count per language."""
    folder = directory or catalogue_dir()
    folder.mkdir(parents=True, exist_ok=True)
    sources = source_files(repo)
    for language in CATALOGUE_LANGUAGES:
        run_lupdate(ts_path(language, folder), language, sources)
    if set_translations(ts_path(SOURCE_LANGUAGE, folder), None):
        run_lupdate(ts_path(SOURCE_LANGUAGE, folder), SOURCE_LANGUAGE, sources)  # its layout
    release(folder)
    return {language: len(unfinished(ts_path(language, folder)))
            for language in CATALOGUE_LANGUAGES}


def stale_entries(language: str, directory: Path | None = None,
                  repo: Path | None = None) -> tuple[list[Entry], list[Entry]]:
    """(strings in the code missing from the catalogue, catalogue strings no longer in
    the code), found by running lupdate on a copy of the catalogue."""
    import shutil
    import tempfile

    committed = ts_path(language, directory)
    before = {entry.key: entry for entry in read_catalogue(committed)}
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / committed.name
        shutil.copy(committed, copy)
        run_lupdate(copy, language, source_files(repo))
        after = {entry.key: entry for entry in read_catalogue(copy)}
    return ([entry for key, entry in after.items() if key not in before],
            [entry for key, entry in before.items() if key not in after])


def as_json_tree(entries: Iterable[Entry]) -> dict[str, dict[str, str]]:
    tree: dict[str, dict[str, str]] = {}
    for entry in entries:
        tree.setdefault(entry.context, {})[entry.source] = entry.translation
    return tree


def _main(argv: list[str]) -> int:
    import argparse
    import json

    parser = argparse.ArgumentParser(prog="python -m desktop.qt.i18n",
                                     description="Translation catalogues of the Qt interface")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("update", help="lupdate all Qt files and forms, fill ja, compile")
    commands.add_parser("release", help="compile resources/i18n/*.ts to .qm")
    commands.add_parser("check", help="exit 1 if a catalogue is stale or unfinished")
    missing = commands.add_parser("missing", help="JSON of the entries still to translate")
    missing.add_argument("language", nargs="?", default="en")
    apply = commands.add_parser("apply", help="fill translations from a JSON file")
    apply.add_argument("file", type=Path)
    apply.add_argument("language", nargs="?", default="en")
    args = parser.parse_args(argv)

    if args.command == "update":
        for language, count in update().items():
            print(f"{ts_path(language).relative_to(repo_dir())}: {count} unfinished")
        return 0
    if args.command == "release":
        for path in release():
            print(path.relative_to(repo_dir()))
        return 0
    if args.command == "missing":
        tree = as_json_tree(unfinished(ts_path(args.language)))
        print(json.dumps(tree, ensure_ascii=False, indent=2))
        return 0
    if args.command == "apply":
        mapping = json.loads(args.file.read_text(encoding="utf-8"))
        count = set_translations(ts_path(args.language), mapping)
        run_lupdate(ts_path(args.language), args.language, source_files())  # its layout
        release()
        left = len(unfinished(ts_path(args.language)))
        print(f"{count} translations written, {left} still unfinished")
        return 0
    problems = []
    for language in CATALOGUE_LANGUAGES:
        added, removed = stale_entries(language)
        todo = unfinished(ts_path(language))
        if added or removed:
            problems.append(f"{language}: {len(added)} new and {len(removed)} removed strings")
        if todo:
            problems.append(f"{language}: {len(todo)} unfinished translations")
    for problem in problems:
        print(problem)
    if problems:
        print("run: python -m desktop.qt.i18n update (then translate what `missing` lists)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
