"""What a notice says, before it is laid out: plain data, no ReportLab.

Every piece of text carries the name of the field it came from (``applicant_name``,
``city.issuer``, ``reason:not_resident`` …) so that a character the fonts lack can be
reported against the field a person has to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class T:
    """A piece of text and the field it came from."""

    text: str
    field: str


@dataclass(frozen=True, slots=True)
class Para:
    """A body paragraph; the first line is indented by one character unless ``indent``
    is false, the following lines by ``hang`` characters."""

    text: T
    indent: bool = True
    font: str = "mincho"
    size: float | None = None
    #: Indent of the second and later lines, in characters (1 for "１　…" paragraphs).
    hang: float = 0.0


@dataclass(frozen=True, slots=True)
class Centered:
    text: T
    font: str = "mincho"
    size: float | None = None


@dataclass(frozen=True, slots=True)
class Item:
    label: T
    value: T
    #: Extra lines under the value (e.g. numbered sub-items), each wrapped on its own.
    more: tuple[T, ...] = ()


@dataclass(frozen=True, slots=True)
class Items:
    """Numbered items after 記: ``１　label　　value``."""

    items: tuple[Item, ...]
    numbered: bool = True


@dataclass(frozen=True, slots=True)
class Numbered:
    """A numbered list of paragraphs (reasons, defects): ``(1) text``."""

    entries: tuple[T, ...]


@dataclass(frozen=True, slots=True)
class Box:
    """A framed section with a heading (理由, 教示, 窓口記入欄 …)."""

    heading: T
    blocks: tuple[Block, ...]


@dataclass(frozen=True, slots=True)
class Table:
    """A form table: label cell | value cell; an empty value with ``height`` leaves room
    to write by hand (signature, counter use)."""

    rows: tuple[tuple[T, T, float], ...]  # label, value, minimum row height in mm


@dataclass(frozen=True, slots=True)
class Spacer:
    mm: float


@dataclass(frozen=True, slots=True)
class Contact:
    """The contact block (問い合わせ先), kept together at the right."""

    lines: tuple[T, ...]


Block = Para | Centered | Items | Numbered | Box | Table | Spacer | Contact


@dataclass(frozen=True, slots=True)
class Part:
    """A run of sheets with its own title: the notice itself, or a counter sheet that
    starts on a new sheet."""

    title: T
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class NoticeContent:
    """One notice for one case: who it goes to, its header, and its parts."""

    case_id: int
    case_number: str
    kind: str
    postal_code: T
    address: T
    name: T
    date_text: T
    issuer: T
    seal: str
    parts: tuple[Part, ...]
    reissue: bool = False
    document_prefix_sample: T = field(default_factory=lambda: T("", "city.document_number"))
