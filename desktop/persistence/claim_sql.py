"""The claim's SQL: "next case" runs on every click, so it is plain SQL run on the
driver (see :func:`desktop.persistence.engine.driver_execute`), built once here per
dialect × four-eyes, returning only the columns a ``CaseRecord`` needs, plus the
previous status and holder (to audit a lease takeover).

On PostgreSQL the claim is one call of a PL/pgSQL function (its plan cached in each
server process) that also appends the claim's audit entry to the case stream's hash
chain (:func:`claim_audit_function_ddl`); SQLite runs the statements inline and the
audit log appends the entry.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from sqlalchemy.dialects import postgresql

from desktop.domain.audit import GENESIS
from desktop.persistence.models import Case

# The claim runs on every "next case", so it is plain SQL run on the driver (see
# engine.driver_execute), built once here per dialect × four-eyes, returning only the
# columns a CaseRecord needs, plus the previous status and holder (to audit a lease
# takeover) and the case stream's audit head (so the audit append need not read it).
#
# A case whose lease ran out is taken first (oldest lease), else the first waiting case
# in queue order. Each comes from its own partial index (ix_cases_leased,
# ix_cases_waiting), so neither scans past the other kind: held cases never slow down
# the search for a free one.

#: The columns :func:`case_from_row` reads, in the order the claim returns them.
_CASE_NAMES = (
    "id", "number", "procedure_code", "source", "receipt_number", "status", "priority",
    "received_at", "due_date", "fields", "checked", "version", "holder_id",
    "lease_expires_at", "first_reviewer_id", "held_from", "hold_reason",
    "correction_deadline", "pending_decision", "applicant_name", "kana_key", "birth_date",
    "updated_by", "updated_at", "decided_at", "flags",
)
_PICK_NAMES = ("old_status", "old_holder_name", "head_seq", "head_hash")
_CLAIM_NAMES = _CASE_NAMES + _PICK_NAMES
CASE_NAMES = _CASE_NAMES
PICK_NAMES = _PICK_NAMES


def _claim_sql(pg: bool, four_eyes: bool) -> tuple[str, str | None]:
    def p(name: str) -> str:
        return f"%({name})s" if pg else f":{name}"

    not_own = (f"AND (first_reviewer_id IS NULL OR first_reviewer_id <> {p('uid')})"
               if four_eyes else "")
    lock = "FOR UPDATE SKIP LOCKED" if pg else ""
    where = f"procedure_code = {p('procedure')} AND stage = {p('stage')}"
    expired = f"""
        SELECT id, status AS old_status, holder_id AS old_holder FROM cases
        WHERE {where} AND holder_id IS NOT NULL AND lease_expires_at < {p('now')} {not_own}
        ORDER BY lease_expires_at, id LIMIT 1 {lock}"""
    waiting = f"""
        SELECT id, status AS old_status, holder_id AS old_holder FROM cases
        WHERE {where} AND holder_id IS NULL {not_own}
        ORDER BY priority DESC, due_date, received_at, id LIMIT 1 {lock}"""
    set_clause = f"""SET status = {p('working')}, holder_id = {p('uid')},
        lease_expires_at = {p('lease')}, version = version + 1, updated_by = {p('uname')},
        updated_at = {p('now')}"""
    old_holder_name = "(SELECT u.name FROM users AS u WHERE u.id = picked.old_holder)"
    if pg:
        # SKIP LOCKED lets concurrent claimers pass each other; the waiting branch runs
        # only when no expired lease was found. The case stream's audit head is read,
        # not locked: the audit append moves it only from where it was read.
        returning = ", ".join(f"c.{name}" for name in _CASE_NAMES)
        claim = (
            f"WITH expired AS ({expired}), waiting AS ({waiting}), "
            "picked AS (SELECT * FROM expired UNION ALL SELECT * FROM waiting LIMIT 1) "
            f"UPDATE cases AS c {set_clause} FROM picked LEFT JOIN audit_streams AS s "
            "ON s.stream = 'case:' || picked.id "
            f"WHERE c.id = picked.id RETURNING {returning}, picked.old_status, "
            f"{old_holder_name}, s.seq, s.head_hash"
        )
        return claim, None
    pick = (
        f"SELECT picked.id, picked.old_status, {old_holder_name}, s.seq, s.head_hash "
        f"FROM (SELECT * FROM ({expired}) UNION ALL SELECT * FROM ({waiting}) LIMIT 1) "
        "AS picked LEFT JOIN audit_streams AS s ON s.stream = 'case:' || picked.id"
    )
    take = f"UPDATE cases {set_clause} WHERE id = :id RETURNING {', '.join(_CASE_NAMES)}"
    return pick, take


#: The PostgreSQL claim as a function (created by migration 0009_claim_function): a
#: PL/pgSQL function keeps its statement's plan for the life of the server process,
#: so the claim is not parsed and planned again on every call — that was half of the
#: server's CPU per claim (``cases`` has some twenty indexes to consider). The name
#: carries a version: a change to the statement below needs a new version and a
#: migration that creates it (a test compares the function in the database with
#: :func:`claim_function_ddl`).
CLAIM_FUNCTION = "review_desk_claim_next_v1"
_FUNCTION_PARAMS = (
    ("procedure", "varchar"), ("stage", "varchar"), ("uid", "integer"), ("uname", "varchar"),
    ("working", "varchar"), ("now", "timestamptz"), ("lease", "timestamptz"),
    ("four_eyes", "boolean"),
)


def claim_function_ddl() -> str:
    """``CREATE OR REPLACE FUNCTION`` for :data:`CLAIM_FUNCTION` (PostgreSQL; migration
    0009 creates it, 0013 replaces it with :data:`CLAIM_AUDIT_FUNCTION`)."""
    body = _function_body(_claim_sql(True, True)[0], _FUNCTION_PARAMS)
    pg = postgresql.dialect()  # type: ignore[no-untyped-call]
    types = {c.name: c.type.compile(dialect=pg) for c in Case.__table__.c}
    types.update(old_status=types["status"], old_holder_name="VARCHAR", head_seq="INTEGER",
                 head_hash="VARCHAR")
    result = ", ".join(f"r_{name} {types[name]}" for name in _CLAIM_NAMES)
    params = ", ".join(f"p_{name} {kind}" for name, kind in _FUNCTION_PARAMS)
    return (
        f"CREATE OR REPLACE FUNCTION {CLAIM_FUNCTION}({params}) RETURNS TABLE ({result}) "
        "LANGUAGE plpgsql AS $claim$\n#variable_conflict use_column\nBEGIN\n"
        f"RETURN QUERY {body};\nEND\n$claim$"
    )


#: The PostgreSQL claim with its audit entry (migration 0013_claim_audit): one call
#: claims the case as :data:`CLAIM_FUNCTION` did and appends the ``claim`` entry to the
#: case stream's hash chain in the same statement, so a claim is ping, BEGIN, call,
#: COMMIT. The entry is the one :meth:`QueueService.claim_next` asks for; the audit
#: log checks its hash against the service's details before it lets the claim commit
#: (:meth:`SqlAuditLog.append`). Versioned like :data:`CLAIM_FUNCTION`.
CLAIM_AUDIT_FUNCTION = "review_desk_claim_next_v2"
_AUDIT_PARAMS = (("at_text", "text"), ("lease_text", "text"))
#: What the function returns after the case's columns: the claim's audit entry.
AUDIT_NAMES = ("audit_id", "audit_seq", "audit_prev", "audit_hash")

# The entry's canonical JSON (desktop.domain.audit.entry_hash: keys sorted, no spaces,
# non-ASCII as is) built in SQL. to_json(text) escapes exactly as Python's json.dumps
# with ensure_ascii=False does (quote, backslash, \b \f \n \r \t, other control
# characters as lower-case \u00xx). A test checks a name with all of them.
_DETAILS_JSON = (
    "'{\"from\":' || to_json(r_old_status::text)::text"
    " || CASE WHEN r_old_status = p_working THEN ',\"lease_expired_for\":'"
    " || COALESCE(to_json(r_old_holder_name::text)::text, 'null') ELSE '' END"
    " || ',\"lease_until\":' || to_json(p_lease_text)::text"
    " || ',\"to\":' || to_json(p_working::text)::text || '}'"
)
_ENTRY_HASH = (
    "encode(sha256(convert_to(v_prev || '|{\"action\":\"claim\",\"actor\":'"
    " || to_json(p_uname::text)::text || ',\"at\":' || to_json(p_at_text)::text"
    " || ',\"case_id\":' || r_id || ',\"details\":' || v_details"
    " || ',\"seq\":' || r_audit_seq || ',\"stream\":' || to_json(v_stream)::text"
    " || '}', 'UTF8')), 'hex')"
)


def claim_audit_function_ddl() -> str:
    """``CREATE OR REPLACE FUNCTION`` for :data:`CLAIM_AUDIT_FUNCTION` (PostgreSQL).

    The head of the case stream comes with the claimed row, unlocked; the head moves
    only from where it was read, else the function locks it and chains after the entry
    written since (as :meth:`SqlAuditLog.append` does). The head row stays locked to the
    commit, so two transactions never append after the same entry.
    """
    claim = _function_body(_claim_sql(True, True)[0], _FUNCTION_PARAMS)
    outputs = ", ".join(f"r_{name}" for name in _CASE_NAMES + _PICK_NAMES[:2])
    pg = postgresql.dialect()  # type: ignore[no-untyped-call]
    types = {c.name: c.type.compile(dialect=pg) for c in Case.__table__.c}
    types.update(old_status=types["status"], old_holder_name="VARCHAR", audit_id="BIGINT",
                 audit_seq="INTEGER", audit_prev="VARCHAR", audit_hash="VARCHAR")
    names = _CASE_NAMES + _PICK_NAMES[:2] + AUDIT_NAMES
    result = ", ".join(f"r_{name} {types[name]}" for name in names)
    params = ", ".join(f"p_{name} {kind}" for name, kind in _FUNCTION_PARAMS + _AUDIT_PARAMS)
    return (
        f"CREATE OR REPLACE FUNCTION {CLAIM_AUDIT_FUNCTION}({params}) "
        f"RETURNS TABLE ({result}) LANGUAGE plpgsql AS $claim$\n"
        "#variable_conflict use_column\n"
        "DECLARE\n  v_stream varchar; v_seq integer; v_prev varchar; v_details text;\n"
        "BEGIN\n"
        f"  {claim}\n  INTO {outputs}, v_seq, v_prev;\n"
        "  IF NOT FOUND THEN RETURN; END IF;\n"
        "  v_stream := 'case:' || r_id;\n"
        f"  v_details := {_DETAILS_JSON};\n"
        "  LOOP\n"
        "    IF v_seq IS NULL THEN\n"
        "      INSERT INTO audit_streams (stream, seq, head_hash)\n"
        f"        VALUES (v_stream, 0, '{GENESIS}') ON CONFLICT DO NOTHING;\n"
        "      SELECT seq, head_hash INTO v_seq, v_prev FROM audit_streams\n"
        "        WHERE stream = v_stream FOR UPDATE;\n"
        "    END IF;\n"
        "    r_audit_seq := v_seq + 1;\n"
        f"    r_audit_hash := {_ENTRY_HASH};\n"
        "    UPDATE audit_streams SET seq = r_audit_seq, head_hash = r_audit_hash\n"
        "      WHERE stream = v_stream AND seq = v_seq AND head_hash = v_prev;\n"
        "    EXIT WHEN FOUND;\n"
        "    -- Another transaction appended since the claim read the head: wait for its\n"
        "    -- lock, then chain after its entry.\n"
        "    SELECT seq, head_hash INTO v_seq, v_prev FROM audit_streams\n"
        "      WHERE stream = v_stream FOR UPDATE;\n"
        "  END LOOP;\n"
        "  r_audit_prev := v_prev;\n"
        "  INSERT INTO audit_log (stream, seq, at, actor, action, case_id, details,\n"
        "      prev_hash, hash)\n"
        "    VALUES (v_stream, r_audit_seq, p_now, p_uname, 'claim', r_id, v_details::json,\n"
        "      v_prev, r_audit_hash)\n"
        "    RETURNING id INTO r_audit_id;\n"
        "  RETURN NEXT;\n"
        "END\n$claim$"
    )


def _function_body(statement: str, params: tuple[tuple[str, str], ...]) -> str:
    """*statement* (psycopg placeholders) with the function's parameters in their place."""
    for name, _ in params:
        statement = statement.replace(f"%({name})s", f"p_{name}")
    # One function for both queues: four eyes is a parameter.
    return statement.replace("AND (first_reviewer_id IS NULL", "AND (NOT p_four_eyes OR "
                             "first_reviewer_id IS NULL")


#: The call, per four eyes; psycopg placeholders (values from :func:`claim_params`).
PG_CLAIM = {
    four_eyes: f"SELECT * FROM {CLAIM_AUDIT_FUNCTION}("
    + ", ".join(f"%({name})s" for name, _ in _FUNCTION_PARAMS[:-1])
    + (", true, " if four_eyes else ", false, ")
    + ", ".join(f"%({name})s" for name, _ in _AUDIT_PARAMS) + ")"
    for four_eyes in (False, True)
}
#: The names of the call's result columns.
PG_CLAIM_NAMES = _CASE_NAMES + _PICK_NAMES[:2] + AUDIT_NAMES
SQLITE_PICK = {four_eyes: _claim_sql(False, four_eyes)[0] for four_eyes in (False, True)}
SQLITE_TAKE = _claim_sql(False, False)[1] or ""

_SQLITE_DATES = ("due_date", "correction_deadline", "birth_date")
_SQLITE_TIMES = ("received_at", "lease_expires_at", "updated_at", "decided_at")
_SQLITE_JSON = ("fields", "checked", "flags", "pending_decision")


def from_sqlite(values: dict[str, Any]) -> dict[str, Any]:
    """Column values as SQLAlchemy's types would read them back from SQLite."""
    for name in _SQLITE_DATES:
        if values[name] is not None:
            values[name] = date.fromisoformat(values[name])
    for name in _SQLITE_TIMES:
        if values[name] is not None:
            values[name] = datetime.fromisoformat(values[name])
    for name in _SQLITE_JSON:
        if values[name] is not None:
            values[name] = json.loads(values[name])
    return values
