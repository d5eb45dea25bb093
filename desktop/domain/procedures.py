"""Procedure definitions (DESIGN §2): one TOML file per procedure, validated at start.

A procedure is data, not code: its form fields, the checklist of each review stage,
defect and refusal reason codes, service levels, the double-check policy, the notice
kinds it prints and the appeal instruction (教示) variant.

This module holds the model; :mod:`desktop.domain.procedure_loader` reads a file
with :mod:`tomllib`, checks every key, and names the file, the dotted key path and what
is wrong in its ``ProcedureError``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, get_args

from desktop.domain.errors import ReviewDeskError
from desktop.domain.workflow import Stage

FieldType = Literal[
    "text",
    "kana",
    "date",
    "postal_code",
    "phone",
    "integer",
    "money",
    "choice",
    "boolean",
    "mynumber",
    "address",
    "email",
]
NoticeEvent = Literal["approved", "rejected", "returned", "reserved"]
AppealVariant = Literal["both", "review_first", "none"]
DoubleCheckMode = Literal["all", "sample", "none"]

FIELD_TYPES: tuple[str, ...] = get_args(FieldType)
NOTICE_EVENTS: tuple[str, ...] = get_args(NoticeEvent)
APPEAL_VARIANTS: tuple[str, ...] = get_args(AppealVariant)
DOUBLE_CHECK_MODES: tuple[str, ...] = get_args(DoubleCheckMode)

#: Placeholders an appeal text may use; the notice layer fills them.
APPEAL_PLACEHOLDERS = frozenset({"review_authority", "defendant"})



@dataclass(frozen=True)
class FieldDef:
    """One form field of a procedure: its id, labels, type, group and constraints."""

    id: str
    label: str
    label_en: str
    type: FieldType
    required: bool
    group: str
    group_en: str
    max_length: int | None = None
    min: int | None = None
    max: int | None = None
    pattern: str | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChecklistItem:
    """One box a reviewer ticks; ``required`` items must be ticked before approving."""

    key: str
    label: str
    label_en: str
    required: bool


@dataclass(frozen=True)
class ReasonCode:
    """A defect or refusal reason; ``legal_text`` is the Japanese wording on the notice."""

    code: str
    label: str
    label_en: str
    legal_text: str


@dataclass(frozen=True)
class DoubleCheckPolicy:
    """Which decided cases go to the double-check (二次審査) queue.

    ``rate`` is in [0, 1]: 1.0 for ``all``, 0.0 for ``none``, the sampled share for
    ``sample``.
    """

    mode: DoubleCheckMode
    rate: float

    def requires_check(self, case_key: str) -> bool:
        """Whether the case needs a double check; the same key always gives the same answer."""
        if self.mode == "all":
            return True
        if self.mode == "none" or self.rate <= 0.0:
            return False
        if self.rate >= 1.0:
            return True
        digest = hashlib.sha256(case_key.encode("utf-8")).hexdigest()
        return int(digest[:8], 16) / 0xFFFFFFFF < self.rate


@dataclass(frozen=True)
class NoticeKind:
    """A notice the procedure prints, and the decision (``on``) that triggers it."""

    key: str
    title: str
    title_en: str
    on: NoticeEvent


@dataclass(frozen=True)
class AppealText:
    """The appeal instruction (教示) printed on adverse decisions.

    ``text`` is the full Japanese paragraph(s) and may contain the placeholders
    ``{review_authority}`` and ``{defendant}``; it is empty when ``variant`` is ``none``.
    """

    variant: AppealVariant
    review_authority: str
    text: str

    def render(self, *, defendant: str) -> str:
        """The text with its placeholders filled (``defendant``: e.g. ``神戸市``)."""
        if not self.text:
            return ""
        return self.text.format(review_authority=self.review_authority, defendant=defendant)


@dataclass(frozen=True)
class ApplicantFields:
    """Ids of the fields holding the applicant's identity (used for search columns)."""

    name: str
    kana: str
    birth_date: str
    postal_code: str
    address: str
    phone: str | None


@dataclass(frozen=True)
class Procedure:
    """One procedure as loaded and validated from its TOML file."""

    code: str
    name: str
    name_en: str
    version: int
    fields: tuple[FieldDef, ...]
    applicant: ApplicantFields
    checklists: Mapping[Stage, tuple[ChecklistItem, ...]]
    defect_codes: tuple[ReasonCode, ...]
    refusal_reasons: tuple[ReasonCode, ...]
    sla_business_days: int
    correction_business_days: int
    double_check: DoubleCheckPolicy
    notices: tuple[NoticeKind, ...]
    appeal: AppealText
    is_administrative_decision: bool
    allows_individual_number: bool

    def field(self, field_id: str) -> FieldDef:
        """The field with id *field_id*; :class:`KeyError` if the procedure has none."""
        for f in self.fields:
            if f.id == field_id:
                return f
        raise KeyError(f"procedure {self.code} has no field {field_id!r}")

    def checklist(self, stage: Stage) -> tuple[ChecklistItem, ...]:
        """The checklist of *stage* (possibly empty for the double check)."""
        return self.checklists.get(stage, ())

    def required_items(self, stage: Stage) -> frozenset[str]:
        """Keys of the checklist items of *stage* that must be ticked."""
        return frozenset(item.key for item in self.checklist(stage) if item.required)

    def defect(self, code: str) -> ReasonCode | None:
        """The defect code *code*, or ``None``."""
        return next((d for d in self.defect_codes if d.code == code), None)

    def refusal(self, code: str) -> ReasonCode | None:
        """The refusal reason *code*, or ``None``."""
        return next((r for r in self.refusal_reasons if r.code == code), None)

    def notices_on(self, event: NoticeEvent) -> tuple[NoticeKind, ...]:
        """The notice kinds printed when a case reaches *event*."""
        return tuple(n for n in self.notices if n.on == event)


class ProcedureError(ReviewDeskError):
    """A procedure file that cannot be used; ``params``: ``file``, ``key``."""

    code = "procedure_invalid"
