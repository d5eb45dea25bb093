"""One line of the case table: what a list of cases shows, without the form data.

Reading the resident's form data (JSON) for every row of a page costs more than the
query itself; a list only needs these columns. The full :class:`CaseRecord` is read
when a case is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop.domain.case_filter import NOBODY, CaseFlag
from desktop.domain.cases import CaseRecord
from desktop.domain.workflow import Status


@dataclass(frozen=True, slots=True)
class CaseRow:
    """A case as the case table lists it."""

    id: int
    number: str
    procedure_code: str
    receipt_number: str
    status: Status
    priority: int
    received_at: datetime
    due_date: date
    applicant_name: str
    kana_key: str
    birth_date: date | None = None
    holder_id: int | None = None
    holder_name: str | None = None
    lease_expires_at: datetime | None = None
    flags: frozenset[CaseFlag] = frozenset()

    @property
    def holder_order(self) -> int:
        """The holder order's key: the holder's id, :data:`NOBODY` when nobody holds it."""
        return NOBODY if self.holder_id is None else self.holder_id

    @classmethod
    def of(cls, case: CaseRecord) -> CaseRow:
        """The row of a full case record."""
        flags: set[CaseFlag] = {f for f in CaseFlag if f.value in case.flags}
        if case.status == Status.RESUBMITTED:  # resubmitted, whether flagged or not
            flags.add(CaseFlag.RESUBMITTED)
        return cls(case.id, case.number, case.procedure_code, case.receipt_number, case.status,
                   case.priority, case.received_at, case.due_date, case.applicant_name,
                   case.kana_key, case.birth_date, case.holder_id, case.holder_name,
                   case.lease_expires_at, frozenset(flags))
