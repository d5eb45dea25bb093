"""The monthly contract report (``ReportService.monthly``) with and without the indexes
of migrations 0011 (``ix_cases_procedure_received``, ``ix_cases_procedure_decided``) and
0015 (``ix_decisions_kind_at``).

    python benchmarks/report.py                 # 200,000 cases, SQLite and PostgreSQL
    python benchmarks/report.py --cases 50000 --runs 5 --sqlite-only
    python benchmarks/report.py --explain       # also print each query's plan

Seed: ``benchmarks/dashboard.py``'s (cases of three procedures received over two years,
a week of decisions), plus the decision history before that week (one decision per
decided case, a fifth of them ``return``), as a database in use has. The same database is then copied — SQLite: the file; PostgreSQL:
``CREATE DATABASE … TEMPLATE`` — and the copy loses the three indexes (``ANALYZE`` after).
Ours = the report as shipped; *without* = the same report on the copy. Runs alternate
between the two (each procedure's report for the current month, with its 12-month
trend); medians of ``--runs``. The plans are read with ``EXPLAIN QUERY PLAN`` /
``EXPLAIN`` on the statements the report really sent (captured from the engine).
On PostgreSQL the decided-cases query is also timed with JIT compilation allowed and
off (the report turns it off for that query).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import claim  # benchmarks/claim.py: machine(), load(), throw-away PostgreSQL databases
import dashboard  # benchmarks/dashboard.py: the seed
import psycopg
from sqlalchemy import event

from desktop.app import load_default_procedures, services_for
from desktop.domain.permissions import SYSTEM
from desktop.domain.procedures import Procedure
from desktop.persistence.database import Database, open_database

INDEXES = ("ix_cases_procedure_received", "ix_cases_procedure_decided", "ix_decisions_kind_at")
#: The decisions before the seed's week: one per decided case, every fifth a return.
HISTORY = (
    "INSERT INTO decisions (case_id, stage, kind, reasons, note, user_id, at) "
    "SELECT id, 'first_review', CASE WHEN status = 'rejected' THEN 'reject' "
    "WHEN id % 5 = 0 THEN 'return' ELSE 'approve' END, '[]', '', "
    "(SELECT min(id) FROM users), decided_at FROM cases "
    "WHERE decided_at IS NOT NULL AND id NOT IN (SELECT case_id FROM decisions)"
)


def seed(url: str, n: int) -> None:
    """``dashboard.seed`` and the decision history before its week."""
    dashboard.seed(url, n)
    if url.startswith("postgresql"):
        with psycopg.connect(claim.conninfo_of(url), autocommit=True) as conn:
            conn.execute(HISTORY)
            conn.execute("VACUUM (ANALYZE) decisions")
    else:
        conn3 = sqlite3.connect(url, isolation_level=None)
        conn3.execute(HISTORY)
        conn3.execute("ANALYZE")
        conn3.close()


def _report_all(database: Database, procedures: dict[str, Procedure]) -> float:
    """Seconds for the current month's report of every procedure of the seed."""
    services = services_for(database, procedures)
    today = services.ctx.today()
    t = time.perf_counter()
    for code in dashboard.PROCEDURES:
        services.reports.monthly(SYSTEM, code, today.year, today.month)
    return time.perf_counter() - t


def measure(urls: dict[str, str], runs: int, procedures: dict[str, Procedure],
            ) -> dict[str, float]:
    """Median seconds per variant, runs alternating (first run of each is warm-up)."""
    databases = {name: open_database(url, pool_size=1) for name, url in urls.items()}
    times: dict[str, list[float]] = {name: [] for name in urls}
    try:
        for database in databases.values():
            _report_all(database, procedures)
        for k in range(runs):
            order = list(databases) if k % 2 == 0 else list(reversed(databases))
            for name in order:
                times[name].append(_report_all(databases[name], procedures))
    finally:
        for database in databases.values():
            database.dispose()
    return {name: statistics.median(v) for name, v in times.items()}


def report_statements(url: str, procedures: dict[str, Procedure]) -> list[tuple[str, Any]]:
    """The SELECTs one report of the first procedure sends (statement, parameters)."""
    database = open_database(url, pool_size=1)
    sent: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                executemany: bool) -> None:
        if statement.lstrip().upper().startswith("SELECT") and " cases" in statement:
            sent.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", capture)
    services = services_for(database, procedures)
    today = services.ctx.today()
    services.reports.monthly(SYSTEM, dashboard.PROCEDURES[0], today.year, today.month)
    database.dispose()
    return [s for s in sent if "GROUP BY" in s[0]]


def explain(url: str, procedures: dict[str, Procedure]) -> list[str]:
    """Each report query's plan, on the database at *url*."""
    out = []
    statements = report_statements(url, procedures)
    if url.startswith("postgresql"):
        with psycopg.connect(claim.conninfo_of(url)) as conn:
            for statement, params in statements:
                rows = conn.execute("EXPLAIN " + statement, params).fetchall()
                out.append("\n".join(r[0] for r in rows))
    else:
        conn3 = sqlite3.connect(url)
        for statement, params in statements:
            rows = conn3.execute("EXPLAIN QUERY PLAN " + statement, params).fetchall()
            out.append("\n".join(r[-1] for r in rows))
        conn3.close()
    return out


def jit_effect(url: str, runs: int, procedures: dict[str, Procedure]) -> dict[str, float]:
    """PostgreSQL: median ms of the report's decided-cases query (the one with a
    subquery per row) with JIT compilation allowed and off, alternating. The report
    turns it off for that query (``SqlReportRepository.decided_groups``)."""
    [(statement, params)] = [s for s in report_statements(url, procedures)
                             if "outcome" in s[0]]
    times: dict[str, list[float]] = {"on": [], "off": []}
    # Unprepared statements, as the application sends them (desktop/persistence/engine.py):
    # a prepared statement's generic plan would not be compiled.
    with psycopg.connect(claim.conninfo_of(url), prepare_threshold=None) as conn:
        for k in range(runs + 1):
            for jit in ("on", "off") if k % 2 == 0 else ("off", "on"):
                with conn.transaction():
                    conn.execute(f"SET LOCAL jit = {jit}")
                    t = time.perf_counter()
                    conn.execute(statement, params).fetchall()
                    if k:  # the first round warms the cache
                        times[jit].append((time.perf_counter() - t) * 1000)
    return {jit: statistics.median(v) for jit, v in times.items()}


def _print(engine: str, n: int, medians: dict[str, float]) -> None:
    ours, without = medians["ours"], medians["without"]
    print(f"{engine}, {n:,} cases: report of {len(dashboard.PROCEDURES)} procedures "
          f"(median) — with the indexes {ours * 1000:.0f} ms, without {without * 1000:.0f} ms "
          f"({without / ours:.1f}× slower without)", flush=True)


def bench_sqlite(n: int, runs: int, show_plans: bool, procedures: dict[str, Procedure],
                 ) -> None:
    with tempfile.TemporaryDirectory(prefix="rd_bench_") as tmp:
        ours = str(Path(tmp) / "report.sqlite3")
        t = time.perf_counter()
        seed(ours, n)
        print(f"SQLite {sqlite3.sqlite_version}: seeded {n:,} cases in "
              f"{time.perf_counter() - t:.0f} s", flush=True)
        without = str(Path(tmp) / "without.sqlite3")
        shutil.copyfile(ours, without)
        conn3 = sqlite3.connect(without, isolation_level=None)
        for name in INDEXES:
            conn3.execute(f"DROP INDEX {name}")
        conn3.execute("ANALYZE")
        conn3.close()
        if show_plans:
            for label, path in (("with", ours), ("without", without)):
                print(f"-- SQLite plans, {label} the indexes")
                print("\n\n".join(explain(path, procedures)))
        _print("SQLite", n, measure({"ours": ours, "without": without}, runs, procedures))


def bench_pg(base_url: str, n: int, runs: int, show_plans: bool,
             procedures: dict[str, Procedure]) -> None:
    with claim.throwaway_pg_database(base_url, False) as ours, \
            claim.throwaway_pg_database(base_url, False) as without:
        t = time.perf_counter()
        seed(ours, n)
        print(f"PostgreSQL: seeded {n:,} cases in {time.perf_counter() - t:.0f} s", flush=True)
        copy_name = without.rsplit("/", 1)[1]
        ours_name = ours.rsplit("/", 1)[1]
        with psycopg.connect(claim.conninfo_of(base_url), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE "{copy_name}"')
            conn.execute(f'CREATE DATABASE "{copy_name}" TEMPLATE "{ours_name}"')
        with psycopg.connect(claim.conninfo_of(without), autocommit=True) as conn:
            for name in INDEXES:
                conn.execute(f"DROP INDEX {name}")
            conn.execute("VACUUM (ANALYZE) cases, decisions")
        if show_plans:
            for label, url in (("with", ours), ("without", without)):
                print(f"-- PostgreSQL plans, {label} the indexes")
                print("\n\n".join(explain(url, procedures)))
        _print("PostgreSQL", n, measure({"ours": ours, "without": without}, runs, procedures))
        jit = jit_effect(ours, runs, procedures)
        print(f"PostgreSQL, decided-cases query of one report (median): JIT allowed "
              f"{jit['on']:.0f} ms, off (as shipped) {jit['off']:.0f} ms", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pg", help="PostgreSQL URL (default: $REVIEW_DESK_BENCH_PG, then "
                                     "$REVIEW_DESK_TEST_PG)")
    parser.add_argument("--cases", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=9, help="reports measured (median)")
    parser.add_argument("--explain", action="store_true", help="print the query plans")
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false")
    parser.add_argument("--sqlite-only", action="store_true")
    args = parser.parse_args(argv)
    base_url = args.pg or os.environ.get("REVIEW_DESK_BENCH_PG") or os.environ.get(
        "REVIEW_DESK_TEST_PG")
    if not args.sqlite_only and not base_url:
        parser.error("no PostgreSQL server: pass --pg URL or set REVIEW_DESK_BENCH_PG "
                     "(or use --sqlite-only)")
    print(f"report benchmark — {claim.machine()}")
    procedures = load_default_procedures()
    if args.sqlite or args.sqlite_only:
        bench_sqlite(args.cases, args.runs, args.explain, procedures)
    if not args.sqlite_only:
        assert base_url is not None
        bench_pg(base_url, args.cases, args.runs, args.explain, procedures)
    print(f"({claim.load()} at the end)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
