"""Import reports as JSON: the CLI prints them, the watch folder writes them beside each
file (shapes documented in the README, "Intake")."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.services.intake import ImportReport
from desktop.services.intake_records import ImportBatchRecord, QuarantineRecord


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def batch_json(b: ImportBatchRecord) -> dict[str, Any]:
    return {
        "id": b.id, "file": b.file_name, "sha256": b.file_sha256, "size": b.file_size,
        "format": b.file_format, "encoding": b.encoding, "procedure": b.procedure_code,
        "profile": b.profile, "source": b.source, "status": b.status,
        "received": b.received, "imported": b.imported, "already_present": b.already_present,
        "quarantined": b.quarantined, "warnings": b.warnings,
        "possible_duplicates": b.duplicates, "last_row": b.last_row, "actor": b.actor,
        "started_at": _iso(b.started_at), "finished_at": _iso(b.finished_at),
        "archive": b.archive_path, "ignored_columns": b.notes.get("ignored_columns", []),
        "message": b.message,
    }


def quarantine_json(q: QuarantineRecord, *, raw: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": q.id, "batch": q.batch_id, "row": q.row_number, "line": q.line_number,
        "receipt_number": q.receipt_number, "status": q.status,
        "reasons": [{k: r.get(k) for k in ("code", "field", "column", "message_ja",
                                           "message_en")} for r in q.reasons],
        "case_id": q.case_id, "resolved_by": q.resolved_by,
        "resolved_at": _iso(q.resolved_at), "resolution_note": q.resolution_note,
    }
    if raw:
        out["raw"] = q.raw
    return out


def report_json(report: ImportReport) -> dict[str, Any]:
    batch = batch_json(report.batch)
    batch["resumed_after_row"] = report.resumed_from_row
    return {"batch": batch,
            "quarantine": [quarantine_json(q) for q in report.quarantine]}
