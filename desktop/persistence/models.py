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
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Statuses whose cases sit in (or are being worked in) a work queue. The claim query
#: and the partial queue index must agree on this list (see migrations).
QUEUE_INDEX_WHERE = "stage IS NOT NULL"

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
    applicant_name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200))
    kana_key: Mapped[str] = mapped_column(String(200))
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
    __table_args__ = (Index("ix_decisions_case", "case_id"),)

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
EXPRESSION_INDEXES = frozenset({"ix_cases_queue"})


def include_in_autogenerate(obj: object, name: str | None, type_: str, reflected: bool,
                            compare_to: object) -> bool:
    return not (type_ == "index" and name in EXPRESSION_INDEXES)
