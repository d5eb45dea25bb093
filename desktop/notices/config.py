"""City settings (``resources/city.toml``) and envelope layouts (``resources/layouts/``).

Both are data, read with :mod:`tomllib` and checked key by key: a missing or unknown
key raises :class:`NoticeConfigError` naming the file and the dotted key, so a typo
never silently changes what goes out in the post. Layout measures are millimetres
from the top-left corner of the sheet.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast

from desktop.domain.errors import ReviewDeskError


class NoticeConfigError(ReviewDeskError):
    """A city or layout file that cannot be used; ``params``: ``file``, ``key``."""

    code = "notice_config_invalid"


class _Table:
    def __init__(self, data: Mapping[str, Any], path: str, file: Path) -> None:
        self.data, self.path, self.file = data, path, file

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, ja: str, en: str) -> NoticeConfigError:
        return NoticeConfigError(f"{self.file}: {self.key(name)}: {ja}",
                                 f"{self.file}: {self.key(name)}: {en}",
                                 file=str(self.file), key=self.key(name))

    def allow(self, *names: str) -> None:
        for name in self.data:
            if name not in names:
                raise self.fail(name, f"未知のキーです（使えるキー: {', '.join(names)}）",
                                f"unknown key (allowed: {', '.join(names)})")

    def _get(self, name: str, kinds: tuple[type, ...], what_ja: str, what_en: str,
             default: Any = ...) -> Any:
        if name not in self.data:
            if default is not ...:
                return default
            raise self.fail(name, "必須のキーがありません", "missing key")
        value = self.data[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise self.fail(name, f"{what_ja}でなければなりません（{value!r}）",
                            f"must be {what_en}, got {value!r}")
        return value

    def text(self, name: str, default: Any = ...) -> str:
        value = cast(str, self._get(name, (str,), "文字列", "a string", default))
        if value is not None and not value.strip() and default is ...:
            raise self.fail(name, "空にできません", "must not be empty")
        return value

    def number(self, name: str, default: Any = ...) -> float:
        return float(self._get(name, (int, float), "数値", "a number", default))

    def integer(self, name: str, default: Any = ...) -> int:
        return int(self._get(name, (int,), "整数", "an integer", default))

    def boolean(self, name: str, default: Any = ...) -> bool:
        return bool(self._get(name, (bool,), "真偽値", "a boolean", default))

    def strings(self, name: str, default: Any = ...) -> tuple[str, ...]:
        values = self._get(name, (list,), "文字列の配列", "an array of strings", default)
        if not all(isinstance(v, str) for v in values):
            raise self.fail(name, "文字列の配列でなければなりません", "must be an array of strings")
        return tuple(values)

    def numbers(self, name: str) -> tuple[float, ...]:
        values = self._get(name, (list,), "数値の配列", "an array of numbers")
        if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            raise self.fail(name, "数値の配列でなければなりません", "must be an array of numbers")
        return tuple(float(v) for v in values)

    def table(self, name: str, default: Any = ...) -> _Table:
        value = self._get(name, (dict,), "表", "a table", default)
        return _Table(value if value is not None else {}, self.key(name), self.file)



def _read(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as f:
            return tomllib.load(f)
    except FileNotFoundError:
        raise NoticeConfigError(f"設定ファイル {path} がありません", f"no settings file {path}",
                                file=str(path), key="") from None
    except tomllib.TOMLDecodeError as error:
        raise NoticeConfigError(f"設定ファイル {path} を読めません: {error}",
                                f"cannot read settings file {path}: {error}",
                                file=str(path), key="") from None


# ------------------------------------------------------------------------------ city

SealStyle = Literal["omitted", "box"]


@dataclass(frozen=True)
class ProcedureNoticeSettings:
    """What the city prints for one procedure: basis, contact, and per-kind details."""

    document_prefix: str
    basis: str
    section: str
    address: str
    phone: str
    hours: str
    correction_consequence: str
    valid_from: tuple[int, int] | None = None
    valid_until: tuple[int, int] | None = None
    certificate_notes: tuple[str, ...] = ()
    payment_day: int | None = None
    payment_months_after: int = 1
    counter: str = ""
    bring: tuple[str, ...] = ()


@dataclass(frozen=True)
class CitySettings:
    name: str
    defendant: str
    issuer: str
    seal: SealStyle
    western_year: bool
    document_number: str
    layout: str
    fallback_fonts: tuple[str, ...]
    procedures: Mapping[str, ProcedureNoticeSettings] = field(default_factory=dict)

    def procedure(self, code: str) -> ProcedureNoticeSettings:
        try:
            return self.procedures[code]
        except KeyError:
            raise NoticeConfigError(
                f"市設定に手続「{code}」の通知設定（[procedures.{code}]）がありません",
                f"the city settings have no notice settings for '{code}' "
                f"([procedures.{code}])",
                key=f"procedures.{code}",
            ) from None

    def format_document_number(self, procedure_code: str, fiscal_year: int, seq: int) -> str:
        era_year = fiscal_year - 2018  # 令和 began in fiscal year 2019 (元年度)
        return self.document_number.format(
            prefix=self.procedure(procedure_code).document_prefix, fiscal_year=fiscal_year,
            era_fiscal_year="元" if era_year == 1 else str(era_year), seq=seq,
        )


def _month_day(t: _Table, name: str) -> tuple[int, int] | None:
    value = t.text(name, None)
    if value is None:
        return None
    try:
        month, day = (int(p) for p in value.split("-"))
    except ValueError:
        raise t.fail(name, "「MM-DD」の形式で指定してください", "must be 'MM-DD'") from None
    if not (1 <= month <= 12 and 1 <= day <= 31):
        raise t.fail(name, "月日が正しくありません", "not a valid month and day")
    return month, day


def _procedure_settings(t: _Table) -> ProcedureNoticeSettings:
    t.allow("document_prefix", "basis", "section", "address", "phone", "hours",
            "correction_consequence", "valid_from", "valid_until", "certificate_notes",
            "payment_day", "payment_months_after", "counter", "bring")
    payment_day = t.integer("payment_day", None) if "payment_day" in t.data else None
    if payment_day is not None and not 1 <= payment_day <= 28:
        raise t.fail("payment_day", "1～28 で指定してください", "must be 1..28")
    return ProcedureNoticeSettings(
        document_prefix=t.text("document_prefix"), basis=t.text("basis"),
        section=t.text("section"), address=t.text("address"), phone=t.text("phone"),
        hours=t.text("hours"), correction_consequence=t.text("correction_consequence"),
        valid_from=_month_day(t, "valid_from"), valid_until=_month_day(t, "valid_until"),
        certificate_notes=t.strings("certificate_notes", ()),
        payment_day=payment_day,
        payment_months_after=t.integer("payment_months_after", 1),
        counter=t.text("counter", ""), bring=t.strings("bring", ()),
    )


def load_city(path: Path) -> CitySettings:
    """The city settings in *path* (``resources/city.toml``)."""
    root = _Table(_read(path), "", path)
    root.allow("city", "procedures")
    c = root.table("city")
    c.allow("name", "defendant", "issuer", "seal", "western_year", "document_number",
            "layout", "fallback_fonts")
    seal = c.text("seal", "omitted")
    if seal not in ("omitted", "box"):
        raise c.fail("seal", "「omitted」か「box」を指定してください", "must be 'omitted' or 'box'")
    fmt = c.text("document_number")
    try:
        fmt.format(prefix="", fiscal_year=2026, era_fiscal_year="8", seq=1)
    except (KeyError, IndexError, ValueError) as error:
        raise c.fail("document_number", f"書式が正しくありません（{error}）",
                     f"invalid format ({error})") from None
    procs = root.table("procedures", None)
    return CitySettings(
        name=c.text("name"), defendant=c.text("defendant"), issuer=c.text("issuer"),
        seal=cast(SealStyle, seal), western_year=c.boolean("western_year", False),
        document_number=fmt, layout=c.text("layout", "naga3-window"),
        fallback_fonts=c.strings("fallback_fonts", ()),
        procedures={code: _procedure_settings(procs.table(code)) for code in procs.data},
    )


# ---------------------------------------------------------------------------- layout


@dataclass(frozen=True)
class Rect:
    """A rectangle in mm from the sheet's top-left corner."""

    x: float
    y: float
    width: float
    height: float

    @property
    def right(self) -> float:
        return self.x + self.width

    @property
    def bottom(self) -> float:
        return self.y + self.height

    def inset(self, d: float) -> Rect:
        return Rect(self.x + d, self.y + d, self.width - 2 * d, self.height - 2 * d)


@dataclass(frozen=True)
class Layout:
    """The geometry of one envelope type (see ``resources/layouts/*.toml``)."""

    key: str
    name: str
    page_width: float
    page_height: float
    fold_lines: tuple[float, ...]
    window: Rect
    window_inset: float
    postal_size: float
    address_size: float
    address_min_size: float
    address_max_lines: int
    name_size: float
    name_min_size: float
    name_max_lines: int
    address_leading: float
    header_right: float
    header_top: float
    header_size: float
    issuer_size: float
    seal_size: float
    body_left: float
    body_right: float
    title_y: float
    title_size: float
    top_first: float
    top_next: float
    bottom: float
    body_size: float
    body_leading: float
    box_padding: float
    code_size: float
    code_right: float
    code_bottom: float
    footer_size: float
    footer_y: float
    reissue_x: float
    reissue_y: float

    @property
    def address_zone(self) -> Rect:
        """Where the address block may print: the window shrunk by the inset."""
        return self.window.inset(self.window_inset)


def load_layout(path: Path) -> Layout:
    """The envelope layout in *path* (``resources/layouts/<key>.toml``)."""
    root = _Table(_read(path), "", path)
    root.allow("name", "page_width", "page_height", "fold_lines", "window", "address",
               "header", "body", "footer")
    w, a, h, b, f = (root.table(n) for n in ("window", "address", "header", "body", "footer"))
    w.allow("x", "y", "width", "height", "inset")
    a.allow("postal_size", "address_size", "address_min_size", "address_max_lines",
            "name_size", "name_min_size", "name_max_lines", "leading")
    h.allow("right", "top", "size", "issuer_size", "seal_size")
    b.allow("left", "right", "title_y", "title_size", "top_first", "top_next", "bottom", "size",
            "leading", "box_padding")
    f.allow("code_size", "code_right", "code_bottom", "text_size", "text_y", "reissue_x",
            "reissue_y")
    layout = Layout(
        key=path.stem, name=root.text("name"), page_width=root.number("page_width"),
        page_height=root.number("page_height"), fold_lines=root.numbers("fold_lines"),
        window=Rect(w.number("x"), w.number("y"), w.number("width"), w.number("height")),
        window_inset=w.number("inset"),
        postal_size=a.number("postal_size"), address_size=a.number("address_size"),
        address_min_size=a.number("address_min_size"),
        address_max_lines=a.integer("address_max_lines"), name_size=a.number("name_size"),
        name_min_size=a.number("name_min_size"), name_max_lines=a.integer("name_max_lines"),
        address_leading=a.number("leading"),
        header_right=h.number("right"), header_top=h.number("top"), header_size=h.number("size"),
        issuer_size=h.number("issuer_size"), seal_size=h.number("seal_size"),
        body_left=b.number("left"), body_right=b.number("right"), title_y=b.number("title_y"),
        title_size=b.number("title_size"), top_first=b.number("top_first"),
        top_next=b.number("top_next"), bottom=b.number("bottom"), body_size=b.number("size"),
        body_leading=b.number("leading"), box_padding=b.number("box_padding"),
        code_size=f.number("code_size"), code_right=f.number("code_right"),
        code_bottom=f.number("code_bottom"), footer_size=f.number("text_size"),
        footer_y=f.number("text_y"), reissue_x=f.number("reissue_x"),
        reissue_y=f.number("reissue_y"),
    )
    zone = layout.address_zone
    if zone.width <= 10 or zone.height <= 10:
        raise w.fail("inset", "窓が小さすぎます", "the window minus the inset is too small")
    if not (layout.window.x >= 0 and layout.window.right <= layout.page_width
            and layout.window.y >= 0 and layout.window.bottom <= layout.page_height):
        raise w.fail("x", "窓が用紙の外にはみ出しています", "the window lies outside the sheet")
    return layout
