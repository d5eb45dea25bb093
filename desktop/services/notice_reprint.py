"""Reprinting a printed notice (再発行): the same document number and date, the next
print generation, a required reason — audited and logged like any print."""

from __future__ import annotations

from desktop.domain.errors import NotFound, ReviewDeskError, RuleViolation
from desktop.domain.permissions import Actor, Permission
from desktop.services.notice_run import Printing, PrintJob, PrintRun
from desktop.services.notice_values import BatchOutput, BatchResult, check_output


def reprint(service: Printing, actor: Actor, case_id: int, reason: str,
            output: BatchOutput, *, kind: str | None = None) -> BatchResult:
    """Print the latest printed notice of *case_id* (of *kind*, if given) again, marked
    再発行, with its original number and date.

    The reason is required and audited; the new sheets carry the next print
    generation, so sheets of the earlier print are refused at the enclosure check,
    which has to be done again.
    """
    ctx = service.ctx
    ctx.require(actor, Permission.NOTICE_PRINT)
    if not reason.strip():
        raise RuleViolation("再発行には理由の入力が必要です", "a reprint needs a reason")
    check_output(output)
    now = ctx.now()
    with service.uow(write=True) as uow:
        case = uow.cases.get(case_id)
        if case is None:
            raise NotFound(f"案件 {case_id} はありません", f"no case {case_id}",
                           case_id=case_id)
        printed = [n for n in uow.notices.for_case(case_id)
                   if n.status == "printed" and (kind is None or n.kind == kind)]
        if not printed:
            raise RuleViolation(
                f"案件 {case.number} には印刷済みの通知がないため、再発行できません",
                f"case {case.number} has no printed notice to reprint",
                case=case.number)
        notice = printed[-1]
        decisions = uow.cases.decisions(case_id)
        batch_id = uow.notices.add_batch(
            kind="reprint", procedure_code=case.procedure_code, operator_id=actor.id,
            operator=actor.name, printer=output.spooler.printer if output.spooler else None,
            directory=str(output.directory) if output.directory else None,
            selection={"case": case.number, "notice": notice.id}, reason=reason, now=now)
        uow.commit()
    procedure = ctx.procedure(case.procedure_code)
    run = PrintRun(service, actor, batch_id, output, case.procedure_code, 1, None,
                   reason=reason)
    try:
        try:
            prepared = service.renderer.prepare(
                kind=notice.kind, case=case, procedure=procedure, decisions=decisions,
                issued_on=notice.issued_on, reissue=True)
        except ReviewDeskError as error:
            run.skip(case, error)
        else:
            job = PrintJob(case, notice.decision_id, notice.kind, prepared,
                           service.renderer.sheet_count(prepared), notice,
                           notice.generation + 1)
            run.write_and_spool([job])
    finally:
        run.finish()
    return run.result()
