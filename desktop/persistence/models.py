"""Typed SQLAlchemy models. The schema is created by the Alembic migrations, not here;
a test checks that models and migrations agree."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    func,
    literal_column,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from desktop.domain.case_filter import NOBODY

#: Statuses whose cases sit in (or are being worked in) a work queue. The claim query
#: and the partial queue index must agree on this list (see migrations).
QUEUE_INDEX_WHERE = "stage IS NOT NULL"
WAITING_INDEX_WHERE = "stage IS NOT NULL AND holder_id IS NULL"
LEASED_INDEX_WHERE = "stage IS NOT NULL AND holder_id IS NOT NULL"

# SQLite only auto-increments INTEGER PRIMARY KEY; PostgreSQL gets a bigint identity.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, datetime: DateTime(timezone=True)}


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(128))
    role: Mapped[str] = mapped_column(String(32))
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(Boolean, default=True, server_default=text("true"))
    created_at: Mapped[datetime]


class Case(Base):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("source", "receipt_number", name="uq_cases_source_receipt"),
        Index(
            "ix_cases_queue",
            "procedure_code",
            "stage",
            text("priority DESC"),
            "due_date",
            "received_at",
            "id",
            sqlite_where=text(QUEUE_INDEX_WHERE),
            postgresql_where=text(QUEUE_INDEX_WHERE),
        ),
        # The claim's two sources: free cases in queue order, and held cases by lease end.
        Index(
            "ix_cases_waiting",
            "procedure_code",
            "stage",
            text("priority DESC"),
            "due_date",
            "received_at",
            "id",
            sqlite_where=text(WAITING_INDEX_WHERE),
            postgresql_where=text(WAITING_INDEX_WHERE),
        ),
        Index(
            "ix_cases_leased",
            "procedure_code",
            "stage",
            "lease_expires_at",
            sqlite_where=text(LEASED_INDEX_WHERE),
            postgresql_where=text(LEASED_INDEX_WHERE),
        ),
        Index("ix_cases_procedure_status", "procedure_code", "status"),
        Index("ix_cases_kana_key", "kana_key"),
        Index("ix_cases_holder", "holder_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    number: Mapped[str | None] = mapped_column(String(32), unique=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(64))
    receipt_number: Mapped[str] = mapped_column(String(128))
    status: Mapped[str] = mapped_column(String(32))
    stage: Mapped[str | None] = mapped_column(String(32))
    held_from: Mapped[str | None] = mapped_column(String(32))
    hold_reason: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    received_at: Mapped[datetime]
    due_date: Mapped[date] = mapped_column(Date)
    correction_deadline: Mapped[date | None] = mapped_column(Date)
    holder_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lease_expires_at: Mapped[datetime | None]
    first_reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    pending_decision: Mapped[dict[str, Any] | None]
    fields: Mapped[dict[str, Any]]
    checked: Mapped[dict[str, Any]]
    flags: Mapped[dict[str, Any]]
    applicant_name: Mapped[str] = mapped_column(Text)
    name_key: Mapped[str] = mapped_column(Text)
    kana_key: Mapped[str] = mapped_column(Text)
    birth_date: Mapped[date | None] = mapped_column(Date)
    postal_code: Mapped[str] = mapped_column(String(16))
    address: Mapped[str] = mapped_column(Text)
    phone_key: Mapped[str] = mapped_column(String(32))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    updated_by: Mapped[str | None] = mapped_column(String(64))
    updated_at: Mapped[datetime | None]
    decided_at: Mapped[datetime | None]


class Decision(Base):
    __tablename__ = "decisions"
    __table_args__ = (
        Index("ix_decisions_case", "case_id"),
        # The monthly report's correction requests per day (migration 0015).
        Index("ix_decisions_kind_at", "kind", "at"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("cases.id"))
    stage: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    reasons: Mapped[list[str]] = mapped_column(JSON)
    note: Mapped[str] = mapped_column(Text)
    deadline: Mapped[date | None] = mapped_column(Date)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime]


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_case", "case_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("cases.id"))
    file_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(64))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(BigInteger)
    added_at: Mapped[datetime]


class AuditEntry(Base):
    """One line of the append-only audit log. Entries form a hash chain per stream
    (``case:ID``, ``user:NAME``, ``system``); :class:`AuditStream` holds each head."""

    __tablename__ = "audit_log"
    __table_args__ = (
        UniqueConstraint("stream", "seq", name="uq_audit_stream_seq"),
        Index("ix_audit_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    stream: Mapped[str] = mapped_column(String(96))
    seq: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[int | None] = mapped_column(BigInteger)
    details: Mapped[dict[str, Any]]
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class AuditStream(Base):
    __tablename__ = "audit_streams"

    stream: Mapped[str] = mapped_column(String(96), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    head_hash: Mapped[str] = mapped_column(String(64))


class Setting(Base):
    """Database-wide settings shared by all workstations (e.g. the demo flag)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[dict[str, Any]]


#: Indexes with expressions that Alembic cannot compare; migrations own them and a
#: test checks their definition directly.
EXPRESSION_INDEXES = frozenset({"ix_cases_queue", "ix_cases_waiting", "ix_cases_open_holder"})


def include_in_autogenerate(obj: object, name: str | None, type_: str, reflected: bool,
                            compare_to: object) -> bool:
    return not (type_ == "index" and name in EXPRESSION_INDEXES)


# ------------------------------------------------------------------------------ intake


class ImportBatch(Base):
    """One run of intake over one file (or one resumed run): what came in, what became
    of it, who ran it. ``last_row`` is the progress record committed with each chunk,
    so a killed import resumes after the last committed row."""

    __tablename__ = "import_batches"
    __table_args__ = (
        Index("ix_import_batches_file", "file_sha256", "procedure_code", "profile"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    profile: Mapped[str] = mapped_column(String(64))
    source: Mapped[str] = mapped_column(String(64))
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    file_size: Mapped[int] = mapped_column(BigInteger)
    file_format: Mapped[str] = mapped_column(String(16))
    encoding: Mapped[str] = mapped_column(String(16))
    archive_path: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    received: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    imported: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    already_present: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    quarantined: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    warnings: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    duplicates: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    last_row: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    notes: Mapped[dict[str, Any]]
    actor: Mapped[str] = mapped_column(String(64))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    message: Mapped[str | None] = mapped_column(Text)


class QuarantineItem(Base):
    """A row that did not become a case: the raw row as read and every reason."""

    __tablename__ = "quarantine_items"
    __table_args__ = (
        Index("ix_quarantine_batch", "batch_id", "row_number"),
        Index("ix_quarantine_key", "dedupe_key"),
        Index("ix_quarantine_status", "status"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("import_batches.id"))
    row_number: Mapped[int] = mapped_column(Integer)
    line_number: Mapped[int] = mapped_column(Integer)
    receipt_number: Mapped[str | None] = mapped_column(String(128))
    dedupe_key: Mapped[str] = mapped_column(String(255))
    raw: Mapped[dict[str, Any]]
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(16))
    case_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("cases.id"))
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime]


class CaseLink(Base):
    """A link between two cases, e.g. ``possible_duplicate`` (the reviewer decides)."""

    __tablename__ = "case_links"
    __table_args__ = (
        UniqueConstraint("case_id", "other_case_id", "kind", name="uq_case_links"),
        Index("ix_case_links_other", "other_case_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("cases.id"))
    other_case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("cases.id"))
    kind: Mapped[str] = mapped_column(String(32))
    details: Mapped[dict[str, Any]]
    created_at: Mapped[datetime]


# ----------------------------------------------------------------------------- notices

#: Printed notices whose envelope is not yet confirmed (the reconciliation list).
UNENCLOSED_WHERE = "status = 'printed' AND enclosed_at IS NULL"


class NoticeBatch(Base):
    """One print run (a batch, a reprint or a calibration sheet) by one operator."""

    __tablename__ = "notice_batches"
    __table_args__ = (Index("ix_notice_batches_created", "created_at"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    procedure_code: Mapped[str | None] = mapped_column(String(64))
    operator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    operator: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))
    printer: Mapped[str | None] = mapped_column(String(255))
    directory: Mapped[str | None] = mapped_column(Text)
    cases: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    sheets: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    files: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)
    selection: Mapped[dict[str, Any]]
    skipped: Mapped[list[dict[str, Any]]] = mapped_column(JSON)


class Notice(Base):
    """A notice of one case with its document number (unique per procedure and fiscal
    year; numbers are taken from :class:`NoticeSequence` in the same transaction)."""

    __tablename__ = "notices"
    __table_args__ = (
        UniqueConstraint("procedure_code", "fiscal_year", "seq", name="uq_notices_number"),
        UniqueConstraint("case_id", "decision_id", "kind", name="uq_notices_decision"),
        Index("ix_notices_case", "case_id"),
        Index("ix_notices_batch", "batch_id"),
        Index("ix_notices_unenclosed", "batch_id",
              sqlite_where=text(UNENCLOSED_WHERE), postgresql_where=text(UNENCLOSED_WHERE)),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("cases.id"))
    decision_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("decisions.id"))
    procedure_code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(64))
    fiscal_year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    document_number: Mapped[str] = mapped_column(String(64))
    issued_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))
    generation: Mapped[int] = mapped_column(Integer, default=0, server_default=text("0"))
    sheets: Mapped[int] = mapped_column(Integer)
    batch_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("notice_batches.id"))
    lease_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
    printed_at: Mapped[datetime | None]
    enclosed_at: Mapped[datetime | None]
    enclosed_by: Mapped[str | None] = mapped_column(String(64))
    enclosed_generation: Mapped[int | None] = mapped_column(Integer)


class NoticeSequence(Base):
    """The last document number taken per procedure and fiscal year."""

    __tablename__ = "notice_sequences"

    procedure_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    fiscal_year: Mapped[int] = mapped_column(Integer, primary_key=True)
    last_value: Mapped[int] = mapped_column(Integer)


class PrintLogEntry(Base):
    """One job given to a spooler or written to a file: batch, operator, printer, cases,
    sheets, time, and whether it was accepted."""

    __tablename__ = "print_log"
    __table_args__ = (Index("ix_print_log_batch", "batch_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    batch_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("notice_batches.id"))
    at: Mapped[datetime]
    operator: Mapped[str] = mapped_column(String(64))
    printer: Mapped[str] = mapped_column(String(255))
    job_id: Mapped[str | None] = mapped_column(String(128))
    outcome: Mapped[str] = mapped_column(String(16))
    message: Mapped[str] = mapped_column(Text)
    cases: Mapped[list[str]] = mapped_column(JSON)
    sheets: Mapped[int] = mapped_column(Integer)
    files: Mapped[list[str]] = mapped_column(JSON)
    reason: Mapped[str | None] = mapped_column(Text)


class EnclosureEvent(Base):
    """An envelope confirmed, or a mismatch at the enclosure check (封入封緘確認)."""

    __tablename__ = "enclosure_events"
    __table_args__ = (Index("ix_enclosure_events_case", "case_id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("cases.id"))
    notice_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("notices.id"))
    at: Mapped[datetime]
    user: Mapped[str] = mapped_column(String(64))
    result: Mapped[str] = mapped_column(String(16))
    details: Mapped[dict[str, Any]]


#: Duplicate applicants are searched by kana name and birth date (intake).
Index("ix_cases_kana_birth", Case.kana_key, Case.birth_date)

# ------------------------------------------------------------------------- case search
# The case table sorts open work (partial, like the queue index) by each column it
# offers, id last as the keyset tie-breaker; the search box finds cases by prefix of
# name, kana and phone, by birth date and by receipt number (migration 0005_case_search).
for _column in ("received_at", "due_date", "number", "status"):
    Index(f"ix_cases_open_{_column}", Case.procedure_code, Case.stage, getattr(Case, _column),
          Case.id, sqlite_where=text(QUEUE_INDEX_WHERE),
          postgresql_where=text(QUEUE_INDEX_WHERE))
# The applicant order is kana, then claim order: so a kana search in a queue, shown in
# claim order, is read and sorted from this index alone.
Index("ix_cases_open_kana_key", Case.procedure_code, Case.stage, Case.kana_key,
      text("priority DESC"), Case.due_date, Case.received_at, Case.id,
      sqlite_where=text(QUEUE_INDEX_WHERE), postgresql_where=text(QUEUE_INDEX_WHERE))
# Scope columns behind a search key let SQLite count a search's matches in one queue
# from the index alone (case_search_repository chooses its plan by that count); the
# claim-order columns let it sort a kanji-name search's matches without reading rows.
Index("ix_cases_name_key", Case.name_key, Case.procedure_code, Case.stage, Case.priority,
      Case.due_date, Case.received_at, postgresql_ops={"name_key": "text_pattern_ops"})
Index("ix_cases_phone_key", Case.phone_key, Case.procedure_code, Case.stage,
      postgresql_ops={"phone_key": "text_pattern_ops"})
Index("ix_cases_birth_date", Case.birth_date, Case.procedure_code, Case.stage)
Index("ix_cases_receipt_number", Case.receipt_number)
#: The case table's holder order (desktop.domain.case_filter.NOBODY for nobody); the
#: constant is part of the SQL text, so that SQLite recognises the indexed expression.
HOLDER_ORDER = func.coalesce(Case.holder_id, literal_column(str(NOBODY)), type_=BigInteger)
Index("ix_cases_open_holder", Case.procedure_code, Case.stage, HOLDER_ORDER, Case.id,
      sqlite_where=text(QUEUE_INDEX_WHERE), postgresql_where=text(QUEUE_INDEX_WHERE))
# The monthly report reads one procedure's cases by receipt and by decision time
# (migration 0011_report_indexes).
Index("ix_cases_procedure_received", Case.procedure_code, Case.received_at)
Index("ix_cases_procedure_decided", Case.procedure_code, Case.decided_at)
#: PostgreSQL only: LIKE 'prefix%' on kana needs the pattern operator class, and on
#: SQLite it would only repeat ix_cases_kana_key (migrations create it; not compared).
PG_ONLY_INDEXES = frozenset({"ix_cases_kana_pattern"})
#: Open cases flagged as possible duplicates, in claim order: the flag filter reads
#: these few instead of every case's JSON. Queries repeat the same term to use it.
DUPLICATE_FLAG_WHERE = {
    "sqlite": "json_extract(flags, '$.possible_duplicate') IS NOT NULL",
    "postgresql": "(flags ->> 'possible_duplicate') IS NOT NULL",
}
Index("ix_cases_open_duplicates", Case.procedure_code, Case.stage, text("priority DESC"),
      Case.due_date, Case.received_at, Case.id,
      sqlite_where=text(f"{QUEUE_INDEX_WHERE} AND {DUPLICATE_FLAG_WHERE['sqlite']}"),
      postgresql_where=text(f"{QUEUE_INDEX_WHERE} AND {DUPLICATE_FLAG_WHERE['postgresql']}"))
EXPRESSION_INDEXES = (EXPRESSION_INDEXES | PG_ONLY_INDEXES
                      | {"ix_cases_open_kana_key", "ix_cases_open_duplicates"})

# ------------------------------------------------------------------------------- scans


class ScanItem(Base):
    """A scanned paper application (one file) waiting to be keyed in, keyed in as a case,
    a problem file, or discarded with a reason (migration 0008_scans). ``dedupe_key``
    is the file's SHA-256 (or, for a file that could not be read, its place), so the
    same scan registered twice is one item."""

    __tablename__ = "scan_items"
    __table_args__ = (
        UniqueConstraint("dedupe_key", name="uq_scan_items_key"),
        Index("ix_scan_items_status", "status", "procedure_code", "id"),
        Index("ix_scan_items_case", "case_id"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    procedure_code: Mapped[str] = mapped_column(String(64))
    folder: Mapped[str] = mapped_column(Text)
    file_name: Mapped[str] = mapped_column(String(255))
    dedupe_key: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str | None] = mapped_column(String(64))
    media_type: Mapped[str | None] = mapped_column(String(64))
    size: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[str] = mapped_column(String(16))
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    holder: Mapped[str | None] = mapped_column(String(64))
    lease_expires_at: Mapped[datetime | None]
    case_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("cases.id"))
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
    registered_by: Mapped[str] = mapped_column(String(64))
    registered_at: Mapped[datetime]
    resolved_by: Mapped[str | None] = mapped_column(String(64))
    resolved_at: Mapped[datetime | None]
    resolution_note: Mapped[str | None] = mapped_column(Text)


# --------------------------------------------------------------------------- dashboard
# (restored by the case-search helper from migration 0007_dashboard after an edit of
# this file removed them; the dashboard helper should check them against their own.)


class CaseCountSummary(Base):
    """Open cases per procedure, group, receipt day and due date (kept by triggers)."""

    __tablename__ = "case_counts"
    # Open groups are a few thousand rows among every receipt day of the years' "done".
    __table_args__ = (Index("ix_case_counts_group", "grp"),)

    procedure_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    grp: Mapped[str] = mapped_column(String(32), primary_key=True)
    received_on: Mapped[date] = mapped_column(Date, primary_key=True)
    due_date: Mapped[date] = mapped_column(Date, primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class CaseFlowDay(Base):
    """Cases in and out per procedure, day and kind (kept by triggers)."""

    __tablename__ = "case_flow"
    __table_args__ = (Index("ix_case_flow_day", "day"),)

    procedure_code: Mapped[str] = mapped_column(String(64), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    n: Mapped[int] = mapped_column(Integer)


class DecisionFact(Base):
    """One decision with what the dashboard reports about it (kept by triggers)."""

    __tablename__ = "decision_facts"
    __table_args__ = (Index("ix_decision_facts_day", "day", "user_id"),)

    decision_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    case_id: Mapped[int] = mapped_column(BigInteger)
    user_id: Mapped[int] = mapped_column(Integer)
    procedure_code: Mapped[str] = mapped_column(String(64))
    stage: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime]
    day: Mapped[date] = mapped_column(Date)
    claimed_at: Mapped[datetime | None]
    handling_seconds: Mapped[float | None] = mapped_column(Float)
    first_reviewer_id: Mapped[int | None] = mapped_column(Integer)


Index("ix_notices_printed_at", Notice.printed_at)



class FieldMarkRow(Base):
    """A reviewer's ✓ / ✗ on one form field of a case at one stage, with the note of a ✗
    (migration 0012_field_marks; see :mod:`desktop.domain.field_marks`)."""

    __tablename__ = "field_marks"
    __table_args__ = (
        UniqueConstraint("case_id", "stage", "field_id", name="uq_field_marks_field"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    case_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("cases.id"))
    stage: Mapped[str] = mapped_column(String(32))
    field_id: Mapped[str] = mapped_column(String(64))
    mark: Mapped[str] = mapped_column(String(8))
    note: Mapped[str] = mapped_column(Text)
    code: Mapped[str | None] = mapped_column(String(64))
    marked_by: Mapped[str] = mapped_column(String(64))
    marked_at: Mapped[datetime]
