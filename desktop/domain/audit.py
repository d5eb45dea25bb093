"""The audit log's hash chain: each entry's hash covers its content and the previous hash,
so an edited, removed or reordered entry breaks the chain from that point on."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

GENESIS = "0" * 64


def case_stream(case_id: int) -> str:
    return f"case:{case_id}"


def user_stream(name: str) -> str:
    return f"user:{name}"


SYSTEM_STREAM = "system"


def canonical_time(at: datetime) -> str:
    """UTC ISO text for hashing; a naive time (SQLite reads them back so) is UTC."""
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry as stored."""

    id: int
    stream: str
    seq: int
    at: datetime
    actor: str
    action: str
    case_id: int | None
    details: dict[str, Any]
    prev_hash: str
    hash: str


def entry_hash(
    prev_hash: str,
    *,
    stream: str,
    seq: int,
    at: datetime,
    actor: str,
    action: str,
    case_id: int | None,
    details: dict[str, Any],
) -> str:
    body = json.dumps(
        {
            "stream": stream,
            "seq": seq,
            "at": canonical_time(at),
            "actor": actor,
            "action": action,
            "case_id": case_id,
            "details": details,
        },
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(f"{prev_hash}|{body}".encode()).hexdigest()


def recomputed_hash(record: AuditRecord) -> str:
    return entry_hash(
        record.prev_hash,
        stream=record.stream,
        seq=record.seq,
        at=record.at,
        actor=record.actor,
        action=record.action,
        case_id=record.case_id,
        details=record.details,
    )


@dataclass(frozen=True)
class AuditProblem:
    """The first entry (or stream head) where the chain does not hold."""

    stream: str
    entry_id: int | None
    seq: int | None
    reason_ja: str
    reason_en: str


def check_stream(
    stream: str, records: list[AuditRecord], head_seq: int | None, head_hash: str | None
) -> AuditProblem | None:
    """Check one stream's entries (in seq order) against each other and the stored head."""
    prev = GENESIS
    for expected_seq, record in enumerate(records, start=1):
        if record.seq != expected_seq:
            return AuditProblem(stream, record.id, record.seq,
                                f"連番が飛んでいます（{expected_seq} のはずが {record.seq}）",
                                f"sequence gap: expected {expected_seq}, found {record.seq}")
        if record.prev_hash != prev:
            return AuditProblem(stream, record.id, record.seq,
                                "直前の記録のハッシュと一致しません（削除または改ざん）",
                                "previous-hash mismatch (an entry was removed or altered)")
        if recomputed_hash(record) != record.hash:
            return AuditProblem(stream, record.id, record.seq,
                                "記録の内容がハッシュと一致しません（改ざん）",
                                "entry content does not match its hash (altered)")
        prev = record.hash
    last_seq = records[-1].seq if records else 0
    if head_seq is None or head_seq != last_seq or head_hash != prev:
        last_id = records[-1].id if records else None
        return AuditProblem(stream, last_id, last_seq,
                            "末尾の記録が削除されています（先頭情報と一致しません）",
                            "the stream head does not match its last entry (entries removed)")
    return None
