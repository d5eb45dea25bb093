"""The enclosure check (封入封緘確認): proving each envelope holds all sheets of one
case, in order, and nothing else.

Staff scan the 2D code of each sheet as it goes into the envelope. The caller (screen
or test) keeps the :class:`Envelope` being filled and passes it back with each scan;
the service answers with a :class:`ScanOutcome`:

- ``sheet_ok`` — the sheet belongs here; more to come;
- ``confirmed`` — all sheets of the case are in, in order: the envelope is confirmed
  (case ``notice_printed`` → ``enclosure_checked``), audited;
- ``mismatch`` — a sheet of another case, a sheet out of order or twice, a sheet of an
  earlier print (superseded by a reprint), or a notice already enclosed: the envelope
  must be redone. Both cases are named, and the event is logged and audited;
- ``unreadable`` — not a code of ours (nothing is logged; scan again).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Literal

from desktop.domain.audit import case_stream
from desktop.domain.cases import CaseRecord
from desktop.domain.permissions import Actor, Permission
from desktop.domain.workflow import Action, Status, next_status
from desktop.services.context import ServiceContext
from desktop.services.notice_code import SheetCode, parse_sheet_code
from desktop.services.notice_ports import (
    NoticeRecord,
    NoticeUnitOfWork,
    NoticeUnitOfWorkFactory,
)

Outcome = Literal["sheet_ok", "confirmed", "mismatch", "unreadable"]


@dataclass(frozen=True)
class Envelope:
    """The envelope being filled: which notice, and the sheets scanned so far."""

    case_id: int
    case_number: str
    applicant_name: str
    notice_id: int
    generation: int
    sheets: int
    scanned: tuple[int, ...] = ()


@dataclass(frozen=True)
class ScanOutcome:
    outcome: Outcome
    #: The envelope after this scan (``None`` once confirmed or after a mismatch).
    envelope: Envelope | None
    message_ja: str
    message_en: str
    #: For a mismatch: the case the envelope is for, and the case of the scanned sheet
    #: (number and name), to show in large text.
    expected_case: str | None = None
    expected_name: str | None = None
    scanned_case: str | None = None
    scanned_name: str | None = None
    code: str = ""

    def message(self, lang: str = "ja") -> str:
        return self.message_en if lang == "en" else self.message_ja


@dataclass(frozen=True)
class UnconfirmedNotice:
    case_id: int
    case_number: str
    notice_id: int
    kind: str
    document_number: str
    sheets: int
    batch_id: int | None
    printed_at: str | None


@dataclass
class EnclosureService:
    ctx: ServiceContext
    uow: NoticeUnitOfWorkFactory

    def scan(self, actor: Actor, envelope: Envelope | None, text: str) -> ScanOutcome:
        """One scanned sheet for the envelope being filled (``None``: a new envelope)."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        code = parse_sheet_code(text)
        if code is None:
            return ScanOutcome(
                "unreadable", envelope,
                "読み取った内容は通知書の2次元コードではありません。もう一度読み取ってください",
                "that is not a notice sheet code; scan again", code=text.strip()[:80])
        with self.uow() as uow:
            notice = uow.notices.get(code.notice_id)
            case = uow.cases.get(code.case_id)
        scanned_name = case.applicant_name if case else None
        scanned_number = case.number if case else f"#{code.case_id}"
        if notice is None or case is None or notice.case_id != case.id:
            return self._mismatch(actor, envelope, code, None, scanned_number, scanned_name,
                                  "unknown_notice",
                                  "この用紙の通知は登録されていません",
                                  "this sheet's notice is not on record")
        problem = _sheet_problem(notice, code)
        if problem is not None:
            return self._mismatch(actor, envelope, code, notice, scanned_number, scanned_name,
                                  *problem)
        if envelope is None:
            if code.sheet != 1:
                return self._mismatch(
                    actor, None, code, notice, scanned_number, scanned_name, "out_of_order",
                    f"1枚目から順に封入してください（読み取ったのは {code.sheet}/{code.sheets} 枚目）",
                    f"enclose the sheets in order from sheet 1 (this is {code.sheet}/"
                    f"{code.sheets})")
            envelope = Envelope(case.id, case.number, case.applicant_name, notice.id,
                                notice.generation, notice.sheets)
        elif (code.case_id, code.notice_id) != (envelope.case_id, envelope.notice_id):
            return self._mismatch(
                actor, envelope, code, notice, scanned_number, scanned_name, "other_case",
                f"別の案件の用紙です。封筒は {envelope.case_number}、この用紙は {scanned_number} です",
                f"a sheet of another case: the envelope is for {envelope.case_number}, this "
                f"sheet belongs to {scanned_number}")
        elif code.sheet != len(envelope.scanned) + 1:
            expected = len(envelope.scanned) + 1
            return self._mismatch(
                actor, envelope, code, notice, scanned_number, scanned_name, "out_of_order",
                f"順番が違うか、同じ用紙を2回読み取りました（次は {expected}/{envelope.sheets} 枚目、"
                f"読み取ったのは {code.sheet}/{code.sheets} 枚目）",
                f"out of order or scanned twice (next is {expected}/{envelope.sheets}, this "
                f"is {code.sheet}/{code.sheets})")
        envelope = replace(envelope, scanned=(*envelope.scanned, code.sheet))
        if len(envelope.scanned) < envelope.sheets:
            return ScanOutcome(
                "sheet_ok", envelope,
                f"{envelope.case_number}: {code.sheet}/{envelope.sheets} 枚目 OK",
                f"{envelope.case_number}: sheet {code.sheet}/{envelope.sheets} OK",
                code=code.text)
        return self._confirm(actor, envelope, code)

    def _confirm(self, actor: Actor, envelope: Envelope, code: SheetCode) -> ScanOutcome:
        now = self.ctx.now()
        with self.uow(write=True) as uow:
            case = uow.cases.get(envelope.case_id, for_update=True)
            notice = uow.notices.get(envelope.notice_id)
            assert case is not None and notice is not None
            already = (notice.enclosed_at is not None
                       and notice.enclosed_generation == notice.generation)
            if not already:
                self._record_confirmed(uow, actor, envelope, case, notice, now)
                uow.commit()
        if already:
            return self._mismatch(
                actor, envelope, code, notice, case.number, case.applicant_name,
                "already_enclosed",
                f"案件 {case.number} の封入は {notice.enclosed_by} が確認済みです。"
                "同じ通知が2通ある可能性があります",
                f"case {case.number} was already enclosed (by {notice.enclosed_by}); "
                "there may be two copies of the notice")
        return ScanOutcome(
            "confirmed", None,
            f"{envelope.case_number}: 全 {envelope.sheets} 枚を確認しました。封をしてください",
            f"{envelope.case_number}: all {envelope.sheets} sheets checked; seal the envelope",
            expected_case=envelope.case_number, expected_name=envelope.applicant_name,
            code=code.text)

    def _record_confirmed(self, uow: NoticeUnitOfWork, actor: Actor, envelope: Envelope,
                          case: CaseRecord, notice: NoticeRecord, now: datetime) -> None:
        uow.notices.update(notice.id, {"enclosed_at": now, "enclosed_by": actor.name,
                                       "enclosed_generation": notice.generation})
        details: dict[str, Any] = {"notice": notice.id, "sheets": envelope.sheets,
                                   "generation": notice.generation,
                                   "document_number": notice.document_number}
        if case.status == Status.NOTICE_PRINTED:
            to = next_status(case.status, Action.CHECK_ENCLOSURE)
            uow.cases.update(case.id, case.version, {"status": to}, actor.name, now)
            details |= {"from": case.status.value, "to": to.value}
        uow.notices.add_enclosure_event(case_id=case.id, notice_id=notice.id,
                                        user=actor.name, result="confirmed",
                                        details=details, now=now)
        uow.audit.append(case_stream(case.id), actor.name, "enclosure_checked", case.id,
                         details, now)

    def _mismatch(self, actor: Actor, envelope: Envelope | None, code: SheetCode,
                  notice: NoticeRecord | None, scanned_number: str, scanned_name: str | None,
                  reason: str, ja: str, en: str) -> ScanOutcome:
        now = self.ctx.now()
        details: dict[str, Any] = {
            "reason": reason, "code": code.text, "scanned_case": scanned_number,
            "expected_case": envelope.case_number if envelope else None,
            "sheet": f"{code.sheet}/{code.sheets}", "generation": code.generation,
        }
        with self.uow(write=True) as uow:
            case_id = envelope.case_id if envelope else (notice.case_id if notice else None)
            uow.notices.add_enclosure_event(
                case_id=case_id, notice_id=envelope.notice_id if envelope else
                (notice.id if notice else None), user=actor.name, result="mismatch",
                details=details, now=now)
            audited = {c for c in (envelope.case_id if envelope else None,
                                   notice.case_id if notice else None) if c is not None}
            for cid in sorted(audited):
                uow.audit.append(case_stream(cid), actor.name, "enclosure_mismatch", cid,
                                 details, now)
            uow.commit()
        return ScanOutcome(
            "mismatch", None, ja + "。この封筒は最初からやり直してください",
            en + "; start this envelope again",
            expected_case=envelope.case_number if envelope else None,
            expected_name=envelope.applicant_name if envelope else None,
            scanned_case=scanned_number, scanned_name=scanned_name, code=code.text)

    def unconfirmed(self, actor: Actor, batch_id: int | None = None,
                    procedure_code: str | None = None,
                    limit: int = 1000) -> list[UnconfirmedNotice]:
        """Batch reconciliation: notices printed whose envelope is not confirmed."""
        self.ctx.require(actor, Permission.NOTICE_PRINT)
        with self.uow() as uow:
            notices = uow.notices.unconfirmed(batch_id, procedure_code, limit)
        return [UnconfirmedNotice(n.case_id, n.case_number, n.id, n.kind, n.document_number,
                                  n.sheets, n.batch_id,
                                  n.printed_at.isoformat() if n.printed_at else None)
                for n in notices]


def _sheet_problem(notice: NoticeRecord, code: SheetCode) -> tuple[str, str, str] | None:
    if notice.status != "printed":
        return ("not_printed", "この通知は印刷済みとして記録されていません（印刷に失敗したジョブの用紙）",
                "this notice is not recorded as printed (a sheet of a failed job)")
    if code.generation != notice.generation:
        return ("superseded",
                "この用紙は再発行前の古い印刷です。再発行した用紙を使ってください",
                "this sheet is from an earlier print; use the reprinted sheets")
    if code.sheets != notice.sheets:
        return ("sheet_count", "用紙の枚数が記録と一致しません",
                "the sheet count does not match the record")
    return None
