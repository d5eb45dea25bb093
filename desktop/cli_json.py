"""The CLI's JSON shapes (stable; documented in README "JSON output")."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from desktop.domain.cases import CaseRecord, DecisionRecord
from desktop.domain.mynumber import mask
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import queue_stage
from desktop.services.admin import Stats
from desktop.services.review import CaseDetail


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def case_json(case: CaseRecord, procedure: Procedure) -> dict[str, Any]:
    """A case as JSON; the individual number is always masked."""
    masked = {f.id for f in procedure.fields if f.type == "mynumber"}
    fields = {k: (mask(str(v)) if k in masked and v else v) for k, v in case.fields.items()}
    stage = queue_stage(case.status)
    return {
        "id": case.id,
        "number": case.number,
        "procedure": case.procedure_code,
        "status": case.status.value,
        "stage": stage.value if stage else None,
        "priority": case.priority,
        "source": case.source,
        "receipt_number": case.receipt_number,
        "received_at": _iso(case.received_at),
        "due_date": _iso(case.due_date),
        "holder": case.holder_name,
        "lease_expires_at": _iso(case.lease_expires_at),
        "version": case.version,
        "applicant": {"name": case.applicant_name, "birth_date": _iso(case.birth_date)},
        "fields": fields,
        "checklist": {
            s.value: [
                {"key": i.key, "label": i.label, "required": i.required,
                 "checked": i.key in case.checked_in(s)}
                for i in procedure.checklist(s)
            ]
            for s in procedure.checklists
        },
        "pending_decision": case.pending.to_json() if case.pending else None,
        "correction_deadline": _iso(case.correction_deadline),
        "hold_reason": case.hold_reason,
        "flags": list(case.flags),
        "updated_by": case.updated_by_name,
        "updated_at": _iso(case.updated_at),
    }


def decision_json(d: DecisionRecord) -> dict[str, Any]:
    return {"stage": d.stage.value, "kind": d.kind, "reasons": list(d.reasons), "note": d.note,
            "deadline": _iso(d.deadline), "user": d.user_name, "at": _iso(d.at)}


def detail_json(detail: CaseDetail) -> dict[str, Any]:
    return {
        "case": case_json(detail.case, detail.procedure),
        "decisions": [decision_json(d) for d in detail.decisions],
        "history": [
            {"at": _iso(h.at), "actor": h.actor, "action": h.action, "details": h.details}
            for h in detail.history
        ],
    }


def stats_json(stats: Stats) -> dict[str, Any]:
    return {"total": stats.total, "procedures": stats.by_procedure()}
