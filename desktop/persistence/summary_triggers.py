"""The dashboard's summary tables and the triggers that keep them (SQLite and PostgreSQL).

Why triggers: every write path — a claim, a decision, a supervisor's reassignment, the
intake's COPY or ``executemany``, a demo seed, a hand-written UPDATE — changes the
summaries in the same transaction as the case itself, so they are never behind, never
ahead after a rollback, and no service can forget them. 50 dashboards then read a few
thousand summary rows instead of aggregating millions of cases every 10 s.

What is kept (see the models in :mod:`desktop.persistence.models`):

``case_counts`` (procedure, group, receipt day JST, due date) → n
    The group is the case's *stage* while it is in a queue, so a claim or a release
    (``received`` ⇄ ``in_first_review``) does not move it: the trigger's ``WHEN``
    clause is false for a claim and the claim pays one comparison, nothing else.
    Outside queues the group is ``awaiting_correction``, ``on_hold`` or ``done``
    (decided, withdrawn, printed, …). "In progress" is not kept here: it is the
    number of held cases, read live from the small partial index ``ix_cases_leased``.
``case_flow`` (procedure, day JST, kind) → n
    ``received``: cases by receipt day; ``resolved``: cases that left open work
    (became ``done``) that day. With today's open count this gives the backlog of
    every past day without a nightly job.
``decision_facts`` one row per decision
    With the procedure, the case's first reviewer at that moment (it changes after a
    send-back) and when the decider took the case (last ``claim``/``assign`` audit
    entry before the decision), so handling times need no audit search per refresh.

Lock order (PostgreSQL): a trigger changes counter rows in key order, ``case_counts``
before ``case_flow``; claims touch none; decisions touch only ``resolved`` flow rows and
intake only ``received`` ones — so writers queue behind each other but never wait in a
cycle. PostgreSQL uses statement-level triggers with transition tables for INSERT and
DELETE (one aggregated upsert per intake COPY, not one per row) and a row trigger with
a ``WHEN`` clause for UPDATE; TRUNCATE of ``cases``/``decisions`` empties the summaries.

The rule that keeps it so: **one transaction moves one case between groups** (every
service does: a decision, a withdrawal, a reassignment each commit per case; printing
and sweeping leases do not change groups). An UPDATE that moves *several* cases at
once takes each row's counters in turn, so two such transactions running together can
deadlock — PostgreSQL then rolls one back with an error (nothing is lost or
miscounted). Should a bulk action ever need one transaction, the way out is to make
the counters append-only (a delta table folded into ``case_counts`` now and then).

SQLite caveat: a later migration that *recreates* ``cases`` (Alembic batch mode for a
dropped or altered column) drops its triggers; it must call :func:`install` again.
``tests/integration/test_dashboard_summary.py`` checks every trigger is present at head.
"""

from __future__ import annotations

from collections.abc import Callable

Execute = Callable[[str], object]

#: Triggers this module creates, per dialect (a test checks they exist at head).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "sqlite": ("trg_cases_summary_insert", "trg_cases_summary_delete",
               "trg_cases_summary_update", "trg_decision_facts_insert",
               "trg_decision_facts_delete"),
    "postgresql": ("trg_cases_summary_insert", "trg_cases_summary_delete",
                   "trg_cases_summary_update", "trg_cases_summary_truncate",
                   "trg_decision_facts_insert", "trg_decision_facts_delete",
                   "trg_decision_facts_truncate"),
}
_PG_FUNCTIONS = ("rd_cases_summary_rows", "rd_cases_summary_update",
                 "rd_cases_summary_truncate", "rd_decision_facts_insert",
                 "rd_decision_facts_delete", "rd_decision_facts_truncate")

#: Groups of open work (every group but ``done``).
OPEN_GROUPS = ("first_review", "double_check", "awaiting_correction", "on_hold")


def group_sql(row: str) -> str:
    """The summary group of a ``cases`` row (*row* is ``NEW``, ``OLD`` or an alias)."""
    return (f"(CASE WHEN {row}.stage IS NOT NULL THEN {row}.stage "
            f"WHEN {row}.status IN ('awaiting_correction', 'on_hold') THEN {row}.status "
            "ELSE 'done' END)")


def jst_date_sql(dialect: str, expr: str) -> str:
    """The Japan calendar day of a stored UTC moment (Japan has no daylight saving)."""
    if dialect == "postgresql":
        return f"(({expr}) AT TIME ZONE 'Asia/Tokyo')::date"
    return f"date({expr}, '+9 hours')"


def resolved_day_sql(dialect: str, row: str) -> str:
    """The day a ``done`` case left open work: its decision, else its last change."""
    return jst_date_sql(dialect, f"COALESCE({row}.decided_at, {row}.updated_at, "
                                 f"{row}.received_at)")


def _claimed_at_sql(row: str) -> str:
    return ("(SELECT max(a.at) FROM audit_log a WHERE a.case_id = "
            f"{row}.case_id AND a.action IN ('claim', 'assign') AND a.at <= {row}.at)")


def _seconds_sql(dialect: str, later: str, earlier: str) -> str:
    """Seconds from *earlier* to *later* (milliseconds kept)."""
    if dialect == "postgresql":
        return f"ROUND(EXTRACT(EPOCH FROM ({later}) - ({earlier}))::numeric, 3)"
    return f"ROUND((julianday({later}) - julianday({earlier})) * 86400.0, 3)"


def _facts_select_sql(dialect: str, d: str, source: str) -> str:
    """The fact rows of decisions *d* (``NEW`` in a trigger, an alias in the rebuild)
    read from *source* (which joins ``cases c``)."""
    return (
        "SELECT y.id, y.case_id, y.user_id, y.procedure_code, y.stage, y.kind, y.at, y.day, "
        f"y.claimed, {_seconds_sql(dialect, 'y.at', 'y.claimed')}, y.first_reviewer_id "
        f"FROM (SELECT {d}.id AS id, {d}.case_id AS case_id, {d}.user_id AS user_id, "
        f"c.procedure_code AS procedure_code, {d}.stage AS stage, {d}.kind AS kind, "
        f"{d}.at AS at, {jst_date_sql(dialect, d + '.at')} AS day, "
        f"{_claimed_at_sql(d)} AS claimed, c.first_reviewer_id AS first_reviewer_id "
        f"FROM {source}) y"
    )


_FACT_COLUMNS = ("decision_id, case_id, user_id, procedure_code, stage, kind, at, day, "
                 "claimed_at, handling_seconds, first_reviewer_id")


def _facts_insert_sql(dialect: str) -> str:
    source = "cases c WHERE c.id = NEW.case_id"
    return f"INSERT INTO decision_facts ({_FACT_COLUMNS}) {_facts_select_sql(dialect, 'NEW', source)}"


_UPDATE_WHEN = (
    f"{group_sql('OLD')} IS DISTINCT FROM {group_sql('NEW')} "
    "OR OLD.procedure_code IS DISTINCT FROM NEW.procedure_code "
    "OR OLD.received_at IS DISTINCT FROM NEW.received_at "
    "OR OLD.due_date IS DISTINCT FROM NEW.due_date"
)
_UPDATE_OF = "UPDATE OF status, stage, procedure_code, received_at, due_date ON cases"


# ---------------------------------------------------------------------------- SQLite


def _sqlite_count(row: str, delta: int) -> str:
    return (
        "INSERT INTO case_counts (procedure_code, grp, received_on, due_date, n) "
        f"VALUES ({row}.procedure_code, {group_sql(row)}, "
        f"{jst_date_sql('sqlite', row + '.received_at')}, {row}.due_date, {delta}) "
        "ON CONFLICT (procedure_code, grp, received_on, due_date) DO UPDATE SET n = n + excluded.n;"
    )


def _sqlite_flow(procedure: str, day: str, kind: str, delta: int, where: str) -> str:
    return (
        "INSERT INTO case_flow (procedure_code, day, kind, n) "
        f"SELECT {procedure}, {day}, '{kind}', {delta} WHERE {where} "
        "ON CONFLICT (procedure_code, day, kind) DO UPDATE SET n = n + excluded.n;"
    )


def _sqlite_statements() -> list[str]:
    received = {r: jst_date_sql("sqlite", f"{r}.received_at") for r in ("NEW", "OLD")}
    resolved = {r: resolved_day_sql("sqlite", r) for r in ("NEW", "OLD")}
    done = {r: f"{group_sql(r)} = 'done'" for r in ("NEW", "OLD")}
    moved = ("OLD.procedure_code IS NOT NEW.procedure_code "
             f"OR {received['OLD']} IS NOT {received['NEW']}")
    insert = "\n".join([
        _sqlite_count("NEW", 1),
        _sqlite_flow("NEW.procedure_code", received["NEW"], "received", 1, "1"),
        _sqlite_flow("NEW.procedure_code", resolved["NEW"], "resolved", 1, done["NEW"]),
    ])
    delete = "\n".join([
        _sqlite_count("OLD", -1),
        _sqlite_flow("OLD.procedure_code", received["OLD"], "received", -1, "1"),
        _sqlite_flow("OLD.procedure_code", resolved["OLD"], "resolved", -1, done["OLD"]),
    ])
    changed_procedure = "OLD.procedure_code IS NOT NEW.procedure_code"
    update = "\n".join([
        _sqlite_count("OLD", -1),
        _sqlite_count("NEW", 1),
        _sqlite_flow("OLD.procedure_code", received["OLD"], "received", -1, moved),
        _sqlite_flow("NEW.procedure_code", received["NEW"], "received", 1, moved),
        # Left open work / came back to it; a done case only moves with its procedure.
        _sqlite_flow("OLD.procedure_code", resolved["OLD"], "resolved", -1,
                     f"{done['OLD']} AND (NOT {done['NEW']} OR {changed_procedure})"),
        _sqlite_flow("NEW.procedure_code", resolved["NEW"], "resolved", 1,
                     f"{done['NEW']} AND NOT {done['OLD']}"),
        _sqlite_flow("NEW.procedure_code", resolved["OLD"], "resolved", 1,
                     f"{done['NEW']} AND {done['OLD']} AND {changed_procedure}"),
    ])
    return [
        f"CREATE TRIGGER trg_cases_summary_insert AFTER INSERT ON cases BEGIN\n{insert}\nEND",
        f"CREATE TRIGGER trg_cases_summary_delete AFTER DELETE ON cases BEGIN\n{delete}\nEND",
        f"CREATE TRIGGER trg_cases_summary_update AFTER {_UPDATE_OF} "
        f"WHEN {_UPDATE_WHEN.replace('IS DISTINCT FROM', 'IS NOT')} BEGIN\n{update}\nEND",
        "CREATE TRIGGER trg_decision_facts_insert AFTER INSERT ON decisions BEGIN\n"
        f"{_facts_insert_sql('sqlite')};\nEND",
        "CREATE TRIGGER trg_decision_facts_delete AFTER DELETE ON decisions BEGIN\n"
        "DELETE FROM decision_facts WHERE decision_id = OLD.id;\nEND",
    ]


# ------------------------------------------------------------------------ PostgreSQL


def _pg_count(row: str, delta: int, grp: str, received: str) -> str:
    return (
        "INSERT INTO case_counts AS c (procedure_code, grp, received_on, due_date, n) "
        f"VALUES ({row}.procedure_code, {grp}, {received}, {row}.due_date, {delta}) "
        "ON CONFLICT (procedure_code, grp, received_on, due_date) "
        "DO UPDATE SET n = c.n + EXCLUDED.n;"
    )


def _pg_flow(procedure: str, day: str, kind: str, delta: int) -> str:
    return (
        "INSERT INTO case_flow AS f (procedure_code, day, kind, n) "
        f"VALUES ({procedure}, {day}, '{kind}', {delta}) "
        "ON CONFLICT (procedure_code, day, kind) DO UPDATE SET n = f.n + EXCLUDED.n;"
    )


def _pg_statements() -> list[str]:
    rows_fn = f"""
CREATE OR REPLACE FUNCTION rd_cases_summary_rows() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE sign integer := CASE TG_OP WHEN 'INSERT' THEN 1 ELSE -1 END;
BEGIN
  -- One aggregated upsert per statement (an intake COPY of thousands of rows included),
  -- rows taken in key order.
  INSERT INTO case_counts AS c (procedure_code, grp, received_on, due_date, n)
  SELECT procedure_code, g, r, due_date, sign * count(*) FROM (
    SELECT t.procedure_code, {group_sql('t')} AS g,
           {jst_date_sql('postgresql', 't.received_at')} AS r, t.due_date
    FROM changed_rows t) x
  GROUP BY procedure_code, g, r, due_date ORDER BY procedure_code, g, r, due_date
  ON CONFLICT (procedure_code, grp, received_on, due_date) DO UPDATE SET n = c.n + EXCLUDED.n;
  INSERT INTO case_flow AS f (procedure_code, day, kind, n)
  SELECT procedure_code, day, kind, sign * count(*) FROM (
    SELECT t.procedure_code, {jst_date_sql('postgresql', 't.received_at')} AS day,
           'received'::text AS kind FROM changed_rows t
    UNION ALL
    SELECT t.procedure_code, {resolved_day_sql('postgresql', 't')}, 'resolved'
    FROM changed_rows t WHERE {group_sql('t')} = 'done') x
  GROUP BY procedure_code, day, kind ORDER BY procedure_code, day, kind
  ON CONFLICT (procedure_code, day, kind) DO UPDATE SET n = f.n + EXCLUDED.n;
  RETURN NULL;
END $$"""
    update_fn = f"""
CREATE OR REPLACE FUNCTION rd_cases_summary_update() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  og text := {group_sql('OLD')};
  ng text := {group_sql('NEW')};
  orx date := {jst_date_sql('postgresql', 'OLD.received_at')};
  nrx date := {jst_date_sql('postgresql', 'NEW.received_at')};
  od date := {resolved_day_sql('postgresql', 'OLD')};
  nd date := {resolved_day_sql('postgresql', 'NEW')};
BEGIN
  -- Both counter rows in key order, so two writers never wait for each other in a cycle.
  IF ROW(OLD.procedure_code, og, orx, OLD.due_date) < ROW(NEW.procedure_code, ng, nrx, NEW.due_date) THEN
    {_pg_count('OLD', -1, 'og', 'orx')}
    {_pg_count('NEW', 1, 'ng', 'nrx')}
  ELSE
    {_pg_count('NEW', 1, 'ng', 'nrx')}
    {_pg_count('OLD', -1, 'og', 'orx')}
  END IF;
  IF OLD.procedure_code IS DISTINCT FROM NEW.procedure_code OR orx IS DISTINCT FROM nrx THEN
    IF ROW(OLD.procedure_code, orx) < ROW(NEW.procedure_code, nrx) THEN
      {_pg_flow('OLD.procedure_code', 'orx', 'received', -1)}
      {_pg_flow('NEW.procedure_code', 'nrx', 'received', 1)}
    ELSE
      {_pg_flow('NEW.procedure_code', 'nrx', 'received', 1)}
      {_pg_flow('OLD.procedure_code', 'orx', 'received', -1)}
    END IF;
  END IF;
  IF ng = 'done' AND og <> 'done' THEN
    {_pg_flow('NEW.procedure_code', 'nd', 'resolved', 1)}
  ELSIF og = 'done' AND ng <> 'done' THEN
    {_pg_flow('OLD.procedure_code', 'od', 'resolved', -1)}
  ELSIF og = 'done' AND OLD.procedure_code IS DISTINCT FROM NEW.procedure_code THEN
    IF OLD.procedure_code < NEW.procedure_code THEN
      {_pg_flow('OLD.procedure_code', 'od', 'resolved', -1)}
      {_pg_flow('NEW.procedure_code', 'od', 'resolved', 1)}
    ELSE
      {_pg_flow('NEW.procedure_code', 'od', 'resolved', 1)}
      {_pg_flow('OLD.procedure_code', 'od', 'resolved', -1)}
    END IF;
  END IF;
  RETURN NULL;
END $$"""
    simple = {
        "rd_cases_summary_truncate": "DELETE FROM case_counts; DELETE FROM case_flow;",
        "rd_decision_facts_insert": _facts_insert_sql("postgresql") + ";",
        "rd_decision_facts_delete": "DELETE FROM decision_facts WHERE decision_id = OLD.id;",
        "rd_decision_facts_truncate": "DELETE FROM decision_facts;",
    }
    functions = [rows_fn, update_fn] + [
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
        f"BEGIN\n  {body}\n  RETURN NULL;\nEND $$"
        for name, body in simple.items()
    ]
    return [*functions,
            "CREATE TRIGGER trg_cases_summary_insert AFTER INSERT ON cases "
            "REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION rd_cases_summary_rows()",
            "CREATE TRIGGER trg_cases_summary_delete AFTER DELETE ON cases "
            "REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT "
            "EXECUTE FUNCTION rd_cases_summary_rows()",
            f"CREATE TRIGGER trg_cases_summary_update AFTER {_UPDATE_OF} FOR EACH ROW "
            f"WHEN ({_UPDATE_WHEN}) EXECUTE FUNCTION rd_cases_summary_update()",
            "CREATE TRIGGER trg_cases_summary_truncate AFTER TRUNCATE ON cases "
            "FOR EACH STATEMENT EXECUTE FUNCTION rd_cases_summary_truncate()",
            "CREATE TRIGGER trg_decision_facts_insert AFTER INSERT ON decisions "
            "FOR EACH ROW EXECUTE FUNCTION rd_decision_facts_insert()",
            "CREATE TRIGGER trg_decision_facts_delete AFTER DELETE ON decisions "
            "FOR EACH ROW EXECUTE FUNCTION rd_decision_facts_delete()",
            "CREATE TRIGGER trg_decision_facts_truncate AFTER TRUNCATE ON decisions "
            "FOR EACH STATEMENT EXECUTE FUNCTION rd_decision_facts_truncate()"]


# ---------------------------------------------------------------------------- public


def install(execute: Execute, dialect: str) -> None:
    """Create the triggers (and on PostgreSQL their functions)."""
    for statement in _pg_statements() if dialect == "postgresql" else _sqlite_statements():
        execute(statement)


def drop(execute: Execute, dialect: str) -> None:
    """Remove every trigger and function :func:`install` created."""
    for name in TRIGGERS[dialect]:
        table = "decisions" if "decision" in name else "cases"
        execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {table}" if dialect == "postgresql"
                                                    else ""))
    if dialect == "postgresql":
        for function in _PG_FUNCTIONS:
            execute(f"DROP FUNCTION IF EXISTS {function}()")


def rebuild(execute: Execute, dialect: str) -> None:
    """Recompute every summary from ``cases`` and ``decisions`` (the migration's
    backfill; also a repair if a summary was ever edited by hand)."""
    grp = group_sql("cases")
    received = jst_date_sql(dialect, "cases.received_at")
    resolved = resolved_day_sql(dialect, "cases")
    for table in ("case_counts", "case_flow", "decision_facts"):
        execute(f"DELETE FROM {table}")
    execute(
        "INSERT INTO case_counts (procedure_code, grp, received_on, due_date, n) "
        "SELECT procedure_code, g, r, due_date, count(*) FROM ("
        f"SELECT procedure_code, {grp} AS g, {received} AS r, due_date FROM cases) x "
        "GROUP BY procedure_code, g, r, due_date"
    )
    execute(
        "INSERT INTO case_flow (procedure_code, day, kind, n) "
        "SELECT procedure_code, day, kind, count(*) FROM ("
        f"SELECT procedure_code, {received} AS day, 'received' AS kind FROM cases "
        f"UNION ALL SELECT procedure_code, {resolved}, 'resolved' FROM cases "
        f"WHERE {grp} = 'done') x GROUP BY procedure_code, day, kind"
    )
    execute(f"INSERT INTO decision_facts ({_FACT_COLUMNS}) " + _facts_select_sql(
        dialect, "d", "decisions d JOIN cases c ON c.id = d.case_id"))
