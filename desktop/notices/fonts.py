"""The fonts notices are printed in, and the check that every character has a glyph.

BIZ UD Mincho (body) and BIZ UD Gothic (address, titles, labels) ship in
``resources/fonts/`` under the SIL Open Font License; they are embedded as TrueType
subsets. A fallback font (IPAmj明朝 where installed, see ``city.toml``) covers rare
name characters. Registering a Japanese font costs about 0.2 s, so it happens once per
process, on first use — never at import.

Every string that goes on a sheet passes :meth:`Fonts.runs`, which splits it into runs
of one font each and raises :class:`MissingGlyph` for a character no font has: a
notice is never printed with a blank box.
"""

from __future__ import annotations

import threading
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import TTFont

from desktop.domain.errors import ReviewDeskError

MINCHO = "RD-BIZUDMincho"
GOTHIC = "RD-BIZUDGothic"
GOTHIC_BOLD = "RD-BIZUDGothic-Bold"
FALLBACK = "RD-Fallback"

BUNDLED: dict[str, str] = {
    MINCHO: "BIZUDMincho-Regular.ttf",
    GOTHIC: "BIZUDGothic-Regular.ttf",
    GOTHIC_BOLD: "BIZUDGothic-Bold.ttf",
}

#: A run of text in one font: (ReportLab font name, text).
Run = tuple[str, str]

_lock = threading.Lock()
_registered: dict[str, Path] = {}


def _utf16_hex(cp: int) -> str:
    return chr(cp).encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ReportLab's ToUnicode CMap, but with characters beyond U+FFFF (𠮷 and other rare
    name characters of the fallback font) written as UTF-16 surrogate pairs, so that
    copying text from a notice gives the character that is printed."""
    return "\n".join([
        "/CIDInit /ProcSet findresource begin", "12 dict begin", "begincmap",
        "/CIDSystemInfo", f"<< /Registry ({fontname})", f"/Ordering ({fontname})",
        "/Supplement 0", ">> def", f"/CMapName /{fontname} def", "/CMapType 2 def",
        "1 begincodespacerange", f"<00> <{len(subset) - 1:02X}>", "endcodespacerange",
        f"{len(subset)} beginbfchar",
        *(f"<{i:02X}> <{_utf16_hex(v)}>" for i, v in enumerate(subset)),
        "endbfchar", "endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end",
    ])


ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class MissingGlyph(ReviewDeskError):
    """A character on a sheet that no font can print. ``params``: ``char``, ``code_point``,
    ``case``, ``field``."""

    code = "missing_glyph"


def describe_char(ch: str) -> str:
    """How to show a character in a message: itself, or its name if it is invisible."""
    if unicodedata.category(ch)[0] in "CZ" and ch not in " \u3000":
        return unicodedata.name(ch, "制御文字").lower()
    return ch


def missing_glyph(ch: str, case: str, field: str, label: str | None = None) -> MissingGlyph:
    """The error for *ch* in *field* (shown as 「label」(field) when a label is known)."""
    cp = f"U+{ord(ch):04X}"
    shown = describe_char(ch)
    where_ja = f"「{label}」（{field}）" if label else f"「{field}」"
    where_en = f"'{label}' ({field})" if label else f"'{field}'"
    return MissingGlyph(
        f"案件 {case} の{where_ja}に、印刷用フォントにない文字「{shown}」（{cp}）があります。"
        "この通知は印刷しません（外字フォントの設定か、データの確認が必要です）",
        f"case {case}: field {where_en} contains the character '{shown}' ({cp}) that the "
        "notice fonts lack; this notice is not printed (configure a fallback font or "
        "check the data)",
        char=ch, code_point=cp, case=case, field=field,
    )


@dataclass(frozen=True)
class _Face:
    name: str
    chars: frozenset[int]
    widths: dict[int, float]
    default_width: float


class Fonts:
    """The notice fonts of one process; cheap to create, loads on first use."""

    def __init__(self, fonts_dir: Path, fallback_candidates: Sequence[str] = ()) -> None:
        self.fonts_dir = fonts_dir
        self.fallback_candidates = tuple(fallback_candidates)
        self._faces: dict[str, _Face] | None = None
        self._fallback_tried = False
        self.fallback_path: Path | None = None
        self._run_cache: dict[tuple[str, str], tuple[Run, ...]] = {}

    # ------------------------------------------------------------------ loading
    def load(self) -> None:
        """Register the fonts with ReportLab (once per process) and read their cmaps."""
        if self._faces is not None:
            return
        with _lock:
            if self._faces is not None:
                return
            faces: dict[str, _Face] = {}
            for name, file in BUNDLED.items():
                faces[name] = _face(name, self.fonts_dir / file)
            self._faces = faces

    def fallback(self) -> _Face | None:
        """The fallback font, loaded on first need (IPAmj明朝 alone takes ~0.5 s)."""
        faces = self.faces
        if FALLBACK not in faces and not self._fallback_tried:
            with _lock:
                self._fallback_tried = True
                path = next((Path(p) for p in self.fallback_candidates if Path(p).is_file()),
                            None)
                if path is not None:
                    faces[FALLBACK] = _face(FALLBACK, path)
                    self.fallback_path = path
        return faces.get(FALLBACK)

    @property
    def faces(self) -> dict[str, _Face]:
        if self._faces is None:
            self.load()
        assert self._faces is not None
        return self._faces

    # ------------------------------------------------------------------ glyphs
    def has(self, font: str, ch: str) -> bool:
        return ord(ch) in self.faces[font].chars

    def runs(self, font: str, text: str, *, case: str, field: str) -> tuple[Run, ...]:
        """*text* as runs of one font each: *font*, else the fallback font.

        Raises :class:`MissingGlyph` naming the first character neither font has.
        """
        key = (font, text)
        cached = self._run_cache.get(key)
        if cached is not None:
            return cached
        face = self.faces[font]
        if face.chars.issuperset(map(ord, text)):
            result: tuple[Run, ...] = ((font, text),)
        else:
            result = self._split(font, text, case, field)
            return result  # rare characters: not cached with a case in the message
        if len(self._run_cache) < 8_000:
            self._run_cache[key] = result
        return result

    def _split(self, font: str, text: str, case: str, field: str) -> tuple[Run, ...]:
        primary = self.faces[font].chars
        fallback = self.fallback()
        out: list[list[str]] = []
        for ch in text:
            cp = ord(ch)
            if cp in primary:
                use = font
            elif fallback is not None and cp in fallback.chars:
                use = FALLBACK
            else:
                raise missing_glyph(ch, case, field)
            if out and out[-1][0] == use:
                out[-1][1] += ch
            else:
                out.append([use, ch])
        return tuple((f, t) for f, t in out)

    # ------------------------------------------------------------------ metrics
    def width(self, font: str, text: str, size: float) -> float:
        """Width of *text* in points (one font, no fallback)."""
        return float(pdfmetrics.getFont(font).stringWidth(text, size))

    def runs_width(self, runs: tuple[Run, ...], size: float) -> float:
        if len(runs) == 1:
            return self.width(runs[0][0], runs[0][1], size)
        return sum(self.width(f, t, size) for f, t in runs)

    def char_widths(self, font: str) -> tuple[dict[int, float], float]:
        """Per-character advance widths (1/1000 em) and the default, for wrapping."""
        face = self.faces[font]
        return face.widths, face.default_width


def _face(name: str, path: Path) -> _Face:
    registered = _registered.get(name)
    if registered is None:
        if not path.is_file():
            raise ReviewDeskError(
                f"フォントファイル {path} がありません（resources/fonts を確認してください）",
                f"font file {path} is missing (check resources/fonts)",
                file=str(path),
            )
        pdfmetrics.registerFont(TTFont(name, str(path)))
        _registered[name] = path
    elif registered != path:
        raise ReviewDeskError(
            f"フォント {name} は既に {registered} として登録されています",
            f"font {name} is already registered from {registered}",
        )
    font = pdfmetrics.getFont(name)
    face = font.face
    return _Face(name, frozenset(c for c, g in face.charToGlyph.items() if g),
                 dict(face.charWidths),
                 float(face.defaultWidth))
