"""Claim throughput and latency: our service against a raw SQL loop, in the same run.

    python benchmarks/claim.py                 # full run (100,000 cases, 1/4/16/64 workers)
    python benchmarks/claim.py --quick         # shorter (20,000 cases, 1,000 claims a cell)
    python benchmarks/claim.py --pg postgresql://user:pw@host/db --no-sqlite --repeat 3

Each cell of the table is one run: N worker processes (``fork``; every process opens
its own connection after the fork) claim from one shared first-review queue — 4,000
claims per cell shared by the workers, or ``--duration`` seconds each — recording each
claim's latency and the CPU time it cost (client process, and the PostgreSQL backend
when the server runs on this machine). "ours" is ``QueueService.claim_next`` (unit of
work, claim statement, audit append, commit); "raw" is psycopg (or sqlite3) with
autocommit off, one ``UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP LOCKED) RETURNING
id`` and a commit per claim. Before every run the queue is put back exactly as seeded
(holders, statuses and the claim audit entries undone, then VACUUM ANALYZE), so every
run starts from the same queue. As in a real centre, where an operator holds one case
at a time and deciding it takes it out of the queue, each worker takes its claimed
cases out of the queue every 10 claims (``--finish-every``; untimed and left out of the
CPU figures), one transaction per case as a decision would be (the dashboard's summary
triggers can deadlock a transaction that moves several cases out of the queue at once).

Those cells are closed loops: every worker claims again as soon as a claim returns, so
the two cores are saturated and a claim's latency is mostly its wait for a core. After
them, 16 PostgreSQL workers claim *paced* (``--paced``, 5 claims/s each unless told):
each starts a claim on a fixed schedule, staggered across the workers, and a claim's
latency runs from its scheduled start. That is the latency a floor of workstations sees
short of saturation, still far above a real floor's rate.

The PostgreSQL server comes from ``--pg``, ``REVIEW_DESK_BENCH_PG`` or
``REVIEW_DESK_TEST_PG``; the role needs CREATEDB: the benchmark creates a throw-away
database ``rd_bench_…`` next to the one named and drops it at the end. Results are
ratios against the raw loop measured on the same machine in the same run (DESIGN §8).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import sqlite3
import sys
import tempfile
import time
import traceback
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from multiprocessing import get_context
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any

import psycopg
from sqlalchemy import update
from sqlalchemy.engine import make_url

from desktop.app import load_default_procedures, services_for
from desktop.domain.cases import NewCase
from desktop.domain.errors import QueueEmpty
from desktop.domain.permissions import Actor, Role
from desktop.domain.procedures import Procedure
from desktop.persistence.bulk import bulk_insert_cases
from desktop.persistence.database import open_database, upgrade_database
from desktop.persistence.engine import SQLITE_BUSY_TIMEOUT_MS, WRITE_OPTION, normalise_url
from desktop.persistence.models import Case
from desktop.services.new_case import build_new_case

PROCEDURE = "flu-free-certificate"
SEED_ACTOR = "bench-seed"
SEEDED_AT = datetime(2026, 11, 1, 0, 0, tzinfo=UTC)
LEASE = timedelta(minutes=15)
FIELDS: dict[str, object] = {
    "applicant_name": "山田 太郎", "applicant_kana": "ヤマダ タロウ",
    "applicant_birth_date": "昭和30年4月1日", "postal_code": "650-0001",
    "address": "神戸市中央区加納町6丁目5-1", "phone": "078-331-8181",
    "application_route": "郵送", "eligibility_basis": "介護保険料 第1段階",
}
TARGET_RATIO = 0.5
TARGET_P99_MS = 10.0
TARGET_P99_WORKERS = 16
RUN_TIMEOUT = 900  # seconds a cell may take before the benchmark gives up

RAW_PG_CLAIM = """
UPDATE cases SET holder_id = %(uid)s, status = 'in_first_review', lease_expires_at = %(lease)s
WHERE id = (
    SELECT id FROM cases
    WHERE procedure_code = %(procedure)s AND stage = 'first_review' AND holder_id IS NULL
    ORDER BY priority DESC, due_date, received_at, id
    LIMIT 1 FOR UPDATE SKIP LOCKED)
RETURNING id
"""
# SQLite has no row locks: BEGIN IMMEDIATE takes the database's write lock instead.
RAW_SQLITE_CLAIM = """
UPDATE cases SET holder_id = :uid, status = 'in_first_review', lease_expires_at = :lease
WHERE id = (
    SELECT id FROM cases
    WHERE procedure_code = :procedure AND stage = 'first_review' AND holder_id IS NULL
    ORDER BY priority DESC, due_date, received_at, id
    LIMIT 1)
RETURNING id
"""

# Put the queue back as seeded: claimed cases unclaimed, their claim entries removed and
# every case stream's head back on its "create" entry.
RESET_STATEMENTS = (
    "UPDATE cases SET status = 'received', stage = 'first_review', holder_id = NULL, "
    "lease_expires_at = NULL, "
    "version = 1, updated_by = :actor, updated_at = :at WHERE holder_id IS NOT NULL",
    "DELETE FROM audit_log WHERE seq > 1",
    "UPDATE audit_streams SET seq = 1, head_hash = (SELECT a.hash FROM audit_log a "
    "WHERE a.stream = audit_streams.stream AND a.seq = 1) WHERE seq > 1",
)


# --------------------------------------------------------------------------- results


@dataclass
class Run:
    """One cell: *workers* processes claiming for *seconds*."""

    engine: str
    variant: str
    workers: int
    claims: int
    seconds: float
    latencies_ms: list[float] = field(repr=False)
    client_cpu_s: float = 0.0
    server_cpu_s: float | None = None
    duplicates: int = 0

    @property
    def rate(self) -> float:
        return self.claims / self.seconds if self.seconds else 0.0

    def pct(self, q: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]

    def cpu_ms(self, seconds: float | None) -> str:
        """CPU milliseconds per claim, or "–" when unknown."""
        if seconds is None or not self.claims:
            return "–"
        return f"{seconds * 1000 / self.claims:.2f}"


# --------------------------------------------------------------------------- workers
# Each worker runs in a forked child: it builds its own connection, does one warm-up
# claim (connect, compile, prepare), waits for the others, then claims until its time is
# up. It reports its claimed ids, latencies (ms), elapsed seconds, its own CPU seconds
# and, when the server runs on this machine, its server backend's CPU seconds.


@dataclass
class Claimer:
    claim: Callable[[], int | None]
    #: Takes claimed cases out of the queue, as deciding them would (stage NULL).
    finish: Callable[[list[int]], None]
    backend_pid: int | None = None  # the PostgreSQL backend serving this worker


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int | None) -> float | None:
    """CPU seconds (user + system) of a local process, None if it cannot be read (a
    remote server, or another user's process)."""
    if pid is None:
        return None
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / _TICK


@dataclass(frozen=True)
class Budget:
    """How long each cell runs: a number of claims shared by its workers (so ours and
    raw end a run with the same queue), or a fixed time per worker."""

    claims: int | None = None
    seconds: float | None = None
    #: Paced (open loop): each worker starts a claim every 1/rate s on a fixed schedule,
    #: and a claim's latency runs from its scheduled start (so a worker falling behind
    #: counts its lag). None: closed loop, the next claim as soon as one returns.
    rate: float | None = None

    def per_worker(self, workers: int) -> Budget:
        if self.claims is None:
            return self
        return Budget(max(1, self.claims // workers), self.seconds, self.rate)

    def describe(self) -> str:
        if self.claims is not None:
            return f"{self.claims:,} claims per cell shared by its workers"
        return f"{self.seconds:g} s per worker per cell"


def _worker(make_claimer: Callable[[], Claimer], budget: Budget, finish_every: int,
            phase: float, barrier: Barrier, results: Any) -> None:
    """Claim until the budget is spent. Every *finish_every* claims the worker takes its
    claimed cases out of the queue, as an operator deciding them would; that pause is
    left out of the elapsed time and of both CPU figures. A paced worker starts its
    schedule *phase* (0–1) of an interval late, so the workers do not claim in step."""
    try:
        claimer = make_claimer()
        claim = claimer.claim
        warm = claim()
        ids: list[int] = [] if warm is None else [warm]
        claimer.finish(ids)
        latencies: list[float] = []
        pending: list[int] = []
        paused = paused_cpu = paused_server = 0.0
        barrier.wait(120)
        server0 = process_cpu(claimer.backend_pid)
        cpu0 = time.process_time()
        start = time.perf_counter()
        deadline = start + budget.seconds if budget.seconds is not None else float("inf")
        count = budget.claims if budget.claims is not None else sys.maxsize
        interval = 1 / budget.rate if budget.rate else 0.0
        next_at = start + phase * interval
        now = start
        while now < deadline and len(latencies) < count:
            if interval:
                if now < next_at:
                    time.sleep(next_at - now)
                now, next_at = next_at, next_at + interval
            case_id = claim()
            after = time.perf_counter()
            if case_id is None:
                break
            latencies.append((after - now) * 1000)
            ids.append(case_id)
            now = after
            pending.append(case_id)
            if finish_every and len(pending) >= finish_every:
                c, s = time.process_time(), process_cpu(claimer.backend_pid)
                claimer.finish(pending)
                pending = []
                s2 = process_cpu(claimer.backend_pid)
                paused_server += s2 - s if s is not None and s2 is not None else 0.0
                paused_cpu += time.process_time() - c
                after = time.perf_counter()
                paused += after - now
                deadline += after - now
                next_at += after - now
                now = after
        cpu = time.process_time() - cpu0 - paused_cpu
        server1 = process_cpu(claimer.backend_pid)
        server = (server1 - server0 - paused_server
                  if server0 is not None and server1 is not None else None)
        results.put((ids, latencies, now - start - paused, cpu, server, None))
    except BaseException:
        barrier.abort()
        results.put(([], [], 0.0, 0.0, None, traceback.format_exc()))


def ours_claimer(url: str, actor: Actor, procedures: dict[str, Procedure]) -> Claimer:
    database = open_database(url, pool_size=1)
    services = services_for(database, procedures)
    pid = None
    if database.engine.dialect.name == "postgresql":
        # pool_size=1 and one claim at a time: every unit of work reuses this connection.
        with database.engine.connect() as conn:
            pid = int(conn.exec_driver_sql("SELECT pg_backend_pid()").scalar_one())

    def claim() -> int | None:
        try:
            return services.queue.claim_next(actor, PROCEDURE).id
        except QueueEmpty:
            return None

    def finish(ids: list[int]) -> None:
        with database.engine.connect() as conn:
            conn.execution_options(**{WRITE_OPTION: True})
            for case_id in ids:
                with conn.begin():
                    conn.execute(update(Case).where(Case.id == case_id).values(stage=None))

    return Claimer(claim, finish, pid)


def raw_pg_claimer(conninfo: str, actor: Actor) -> Claimer:
    # prepare_threshold=None as in the application's engine: no server-side prepared
    # statements (PgBouncer in transaction mode, DESIGN §6a), so neither side gets them.
    conn = psycopg.connect(conninfo, autocommit=False, application_name="rd-bench-raw",
                           prepare_threshold=None)

    def claim() -> int | None:
        params = {"uid": actor.id, "lease": datetime.now(UTC) + LEASE, "procedure": PROCEDURE}
        row = conn.execute(RAW_PG_CLAIM, params).fetchone()
        conn.commit()
        return None if row is None else int(row[0])

    def finish(ids: list[int]) -> None:
        for case_id in ids:
            conn.execute("UPDATE cases SET stage = NULL WHERE id = %s", (case_id,))
            conn.commit()

    return Claimer(claim, finish, conn.info.backend_pid)


def raw_sqlite_claimer(path: str, actor: Actor) -> Claimer:
    conn = sqlite3.connect(path, isolation_level=None, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000)
    for pragma in ("journal_mode=WAL", "foreign_keys=ON",
                   f"busy_timeout={SQLITE_BUSY_TIMEOUT_MS}", "synchronous=NORMAL"):
        conn.execute(f"PRAGMA {pragma}")

    def claim() -> int | None:
        lease = (datetime.now(UTC) + LEASE).replace(tzinfo=None).isoformat(sep=" ")
        conn.execute("BEGIN IMMEDIATE")
        row = conn.execute(RAW_SQLITE_CLAIM,
                           {"uid": actor.id, "lease": lease, "procedure": PROCEDURE}).fetchone()
        conn.execute("COMMIT")
        return None if row is None else int(row[0])

    def finish(ids: list[int]) -> None:
        for case_id in ids:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("UPDATE cases SET stage = NULL WHERE id = ?", (case_id,))
            conn.execute("COMMIT")

    return Claimer(claim, finish)


def run_cell(engine: str, variant: str, makers: list[Callable[[], Claimer]],
             budget: Budget, finish_every: int = 10) -> Run:
    ctx = get_context("fork")
    barrier = ctx.Barrier(len(makers) + 1)
    results = ctx.Queue()
    gc.collect()
    share = budget.per_worker(len(makers))
    children = [ctx.Process(target=_worker,
                            args=(m, share, finish_every, i / len(makers), barrier, results),
                            daemon=True)
                for i, m in enumerate(makers)]
    for child in children:
        child.start()
    try:
        try:
            barrier.wait(180)
        except Exception:
            # A worker failed before the start (and broke the barrier): show its error.
            failed = [results.get(timeout=30) for _ in children]
            errors = [c[-1] for c in failed if c[-1]]
            raise RuntimeError(f"{variant} worker failed before the start:\n"
                               f"{errors[0] if errors else '(no traceback)'}") from None
        collected = [results.get(timeout=RUN_TIMEOUT) for _ in children]
    finally:
        for child in children:
            child.join(30)
            if child.is_alive():
                child.terminate()
                child.join(5)
    errors = [c[-1] for c in collected if c[-1]]
    if errors:
        raise RuntimeError(f"{len(errors)} {variant} worker(s) failed; first:\n{errors[0]}")
    ids = [i for c in collected for i in c[0]]
    latencies = [ms for c in collected for ms in c[1]]
    seconds = max(c[2] for c in collected)
    servers = [c[4] for c in collected]
    return Run(engine, variant, len(makers), len(latencies), seconds, latencies,
               client_cpu_s=sum(c[3] for c in collected),
               server_cpu_s=None if None in servers else sum(s or 0.0 for s in servers),
               duplicates=len(ids) - len(set(ids)))


# --------------------------------------------------------------------------- set-up


def new_cases(procedures: dict[str, Procedure], n: int) -> Iterator[NewCase]:
    procedure = procedures[PROCEDURE]
    for i in range(n):
        yield build_new_case(procedure, FIELDS, source="bench", receipt_number=f"B-{i:07d}",
                             received_at=SEEDED_AT + timedelta(seconds=(i * 7919) % 2_592_000),
                             priority=(i * 31) % 3)


def seed(url: str, procedures: dict[str, Procedure], n_cases: int, n_users: int) -> list[Actor]:
    """Migrate, add the operators (no password: nobody logs in) and the queued cases."""
    upgrade_database(url)
    database = open_database(url)
    try:
        actors = []
        with database(write=True) as uow:
            for i in range(n_users):
                name = f"bench{i:02d}"
                user = uow.users.add(name, name, Role.OPERATOR, "!", SEEDED_AT)
                actors.append(Actor(user.id, user.name, user.display_name, user.role))
            uow.commit()
        bulk_insert_cases(database, new_cases(procedures, n_cases), actor=SEED_ACTOR,
                          now=SEEDED_AT)
    finally:
        database.dispose()
    return actors


def conninfo_of(url: str) -> str:
    """A libpq URL (no SQLAlchemy driver suffix) for psycopg."""
    return make_url(normalise_url(url)).set(drivername="postgresql").render_as_string(
        hide_password=False)


@contextmanager
def throwaway_pg_database(base_url: str, keep: bool) -> Iterator[str]:
    admin = make_url(normalise_url(base_url))
    name = f"rd_bench_{uuid.uuid4().hex[:10]}"
    admin_info = conninfo_of(base_url)
    with psycopg.connect(admin_info, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        if keep:
            print(f"(kept database {name})")
        else:
            with psycopg.connect(admin_info, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def reset_pg(conninfo: str) -> None:
    params = {"actor": SEED_ACTOR, "at": SEEDED_AT}
    with psycopg.connect(conninfo, autocommit=True) as conn:
        with conn.transaction():
            for statement in RESET_STATEMENTS:
                conn.execute(statement.replace(":actor", "%(actor)s").replace(":at", "%(at)s"),
                             params)
        conn.execute("VACUUM (ANALYZE) cases, audit_log, audit_streams")


def reset_sqlite(path: str) -> None:
    params = {"actor": SEED_ACTOR, "at": SEEDED_AT.replace(tzinfo=None).isoformat(sep=" ")}
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        for statement in RESET_STATEMENTS:
            conn.execute(statement, params if ":" in statement else {})
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.execute("ANALYZE")
    finally:
        conn.close()


# --------------------------------------------------------------------------- report


def print_table(title: str, runs: list[Run]) -> list[tuple[str, bool]]:
    print(f"\n### {title}\n")
    print("| workers | ours claims/s | raw claims/s | ratio | ours p50 / p99 ms "
          "| raw p50 / p99 ms | ratio ≥ 0.5 | CPU ms/claim client ours / raw "
          "| CPU ms/claim server ours / raw |")
    print("|---:|---:|---:|---:|---:|---:|:---:|---:|---:|")
    verdicts: list[tuple[str, bool]] = []
    by_workers: dict[int, dict[str, Run]] = {}
    for run in runs:
        by_workers.setdefault(run.workers, {})[run.variant] = run
    for workers, cell in sorted(by_workers.items()):
        ours, raw = cell["ours"], cell["raw"]
        ratio = ours.rate / raw.rate if raw.rate else float("nan")
        ok = ratio >= TARGET_RATIO
        verdicts.append((f"{title}: ours ≥ {TARGET_RATIO}× raw at {workers} workers "
                         f"({ratio:.2f}×)", ok))
        print(f"| {workers} | {ours.rate:,.0f} | {raw.rate:,.0f} | {ratio:.2f} "
              f"| {ours.pct(0.5):.1f} / {ours.pct(0.99):.1f} "
              f"| {raw.pct(0.5):.1f} / {raw.pct(0.99):.1f} | {'PASS' if ok else 'FAIL'} "
              f"| {ours.cpu_ms(ours.client_cpu_s)} / {raw.cpu_ms(raw.client_cpu_s)} "
              f"| {ours.cpu_ms(ours.server_cpu_s)} / {raw.cpu_ms(raw.server_cpu_s)} |")
        if workers == TARGET_P99_WORKERS:
            p99 = ours.pct(0.99)
            verdicts.append((f"{title}: ours p99 ≤ {TARGET_P99_MS:.0f} ms at "
                             f"{TARGET_P99_WORKERS} workers ({p99:.1f} ms)",
                             p99 <= TARGET_P99_MS))
    dupes = sum(r.duplicates for r in runs)
    print(f"\n(claims per cell: {', '.join(f'{r.variant}/{r.workers}={r.claims}' for r in runs)}; "
          f"cases handed out twice: {dupes})")
    if dupes:
        verdicts.append((f"{title}: no case handed out twice ({dupes} were)", False))
    return verdicts


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; {load()}")


def load() -> str:
    """The machine's load average: other work running beside the benchmark skews it."""
    try:
        one, five, _ = os.getloadavg()
    except OSError:
        return "load average unknown"
    return f"load average {one:.1f} (1 min), {five:.1f} (5 min)"


# --------------------------------------------------------------------------- main


def bench_pg(base_url: str, args: argparse.Namespace,
             procedures: dict[str, Procedure]) -> list[tuple[str, bool]]:
    with throwaway_pg_database(base_url, args.keep) as url:
        info = conninfo_of(url)
        with psycopg.connect(info) as conn:
            version = conn.execute("SHOW server_version").fetchone()
            settings = conn.execute(
                "SELECT string_agg(name || '=' || setting, ', ' ORDER BY name) FROM pg_settings "
                "WHERE name IN ('synchronous_commit', 'fsync', 'shared_buffers', "
                "'max_connections')").fetchone()
        print(f"PostgreSQL {version[0] if version else '?'} ({settings[0] if settings else ''})")
        t = time.perf_counter()
        paced_workers = [TARGET_P99_WORKERS] if args.paced else []
        actors = seed(url, procedures, args.cases, max(args.workers + paced_workers))
        print(f"seeded {args.cases:,} cases in {time.perf_counter() - t:.1f} s")
        def cells(budget: Budget) -> Callable[[str, int], Run]:
            def cell(variant: str, workers: int) -> Run:
                reset_pg(info)
                if variant == "ours":
                    makers = [_bind(ours_claimer, url, a, procedures) for a in actors[:workers]]
                else:
                    makers = [_bind(raw_pg_claimer, info, a) for a in actors[:workers]]
                return run_cell("postgresql", variant, makers, budget, args.finish_every)
            return cell

        runs = repeat_cells(cells(args.budget), args.workers, args.repeat)
        verdicts = print_table("PostgreSQL", runs)
        if args.paced:
            print(f"\npaced: {TARGET_P99_WORKERS} workers, each starting a claim every "
                  f"{1000 / args.paced:g} ms ({args.paced * TARGET_P99_WORKERS:g} claims/s "
                  "in all)")
            verdicts += print_paced(
                repeat_cells(cells(replace(args.budget, rate=args.paced)),
                             [TARGET_P99_WORKERS], args.repeat,
                             median_by=lambda run: run.pct(0.99)), args.paced)
        return verdicts


def print_paced(runs: list[Run], rate: float) -> list[tuple[str, bool]]:
    """The paced cells: latency when the workers claim on a schedule (open loop) rather
    than as fast as the two cores allow."""
    cell = {run.variant: run for run in runs}
    ours, raw = cell["ours"], cell["raw"]
    print("\n### PostgreSQL, paced\n")
    print("| workers | claims/s asked | ours claims/s | raw claims/s | ours p50 / p99 ms "
          "| raw p50 / p99 ms | ours p99 ≤ 10 ms |")
    print("|---:|---:|---:|---:|---:|---:|:---:|")
    p99 = ours.pct(0.99)
    ok = p99 <= TARGET_P99_MS
    print(f"| {ours.workers} | {rate * ours.workers:,.0f} | {ours.rate:,.0f} | {raw.rate:,.0f} "
          f"| {ours.pct(0.5):.1f} / {p99:.1f} | {raw.pct(0.5):.1f} / {raw.pct(0.99):.1f} "
          f"| {'PASS' if ok else 'FAIL'} |")
    dupes = ours.duplicates + raw.duplicates
    verdicts = [(f"PostgreSQL, paced at {rate:g} claims/s per worker: ours p99 ≤ "
                 f"{TARGET_P99_MS:.0f} ms at {ours.workers} workers ({p99:.1f} ms)", ok)]
    if dupes:
        verdicts.append((f"PostgreSQL, paced: no case handed out twice ({dupes} were)", False))
    return verdicts


def bench_sqlite(args: argparse.Namespace,
                 procedures: dict[str, Procedure]) -> list[tuple[str, bool]]:
    with tempfile.TemporaryDirectory(prefix="rd_bench_") as tmp:
        path = str(Path(tmp) / "bench.sqlite3")
        t = time.perf_counter()
        actors = seed(path, procedures, args.sqlite_cases, max(args.sqlite_workers))
        print(f"\nSQLite {sqlite3.sqlite_version}: seeded {args.sqlite_cases:,} cases in "
              f"{time.perf_counter() - t:.1f} s")
        def cell(variant: str, workers: int) -> Run:
            reset_sqlite(path)
            if variant == "ours":
                makers = [_bind(ours_claimer, path, a, procedures) for a in actors[:workers]]
            else:
                makers = [_bind(raw_sqlite_claimer, path, a) for a in actors[:workers]]
            return run_cell("sqlite", variant, makers, args.budget, args.finish_every)

        runs = repeat_cells(cell, args.sqlite_workers, args.repeat)
        verdicts = print_table("SQLite", runs)
        # The latency target is for the shared (PostgreSQL) mode only.
        return [v for v in verdicts if "p99" not in v[0]]


def repeat_cells(cell: Callable[[str, int], Run], worker_counts: list[int],
                 repeat: int, median_by: Callable[[Run], float] = lambda run: run.rate,
                 ) -> list[Run]:
    """Every (variant, workers) cell *repeat* times, ours and raw back to back in
    alternating order (so a busy neighbour hurts both alike); keeps each cell's median
    run by *median_by* (claims/s unless told)."""
    done: dict[tuple[str, int], list[Run]] = {}
    for r in range(repeat):
        for workers in worker_counts:
            for variant in ("ours", "raw") if r % 2 == 0 else ("raw", "ours"):
                run = cell(variant, workers)
                print(f"  {variant:>4} × {workers:>2}: {run.rate:8,.0f} claims/s  "
                      f"p50 {run.pct(0.5):6.1f} ms  p99 {run.pct(0.99):6.1f} ms", flush=True)
                done.setdefault((variant, workers), []).append(run)
    return [sorted(runs, key=median_by)[len(runs) // 2] for runs in done.values()]


def _bind(fn: Callable[..., Claimer], *args: Any) -> Callable[[], Claimer]:
    return lambda: fn(*args)


def _ints(text: str) -> list[int]:
    return [int(x) for x in text.split(",") if x.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--pg", help="PostgreSQL URL (default: $REVIEW_DESK_BENCH_PG, "
                                     "then $REVIEW_DESK_TEST_PG)")
    parser.add_argument("--quick", action="store_true",
                        help="20,000 cases and 1,000 claims per cell instead of 100,000 "
                             "and 4,000")
    parser.add_argument("--cases", type=int, help="queued cases (PostgreSQL)")
    parser.add_argument("--claims", type=int,
                        help="claims per cell, shared by its workers (default 4,000; "
                             "--quick 1,000)")
    parser.add_argument("--finish-every", type=int, default=10, metavar="N",
                        help="each worker takes its claimed cases out of the queue (as "
                             "deciding them would) after every N claims, untimed; 0 leaves "
                             "them held in the queue (default 10)")
    parser.add_argument("--duration", type=float,
                        help="instead of --claims: seconds each worker claims per cell")
    parser.add_argument("--workers", type=_ints, default=[1, 4, 16, 64],
                        help="comma-separated worker counts (default 1,4,16,64)")
    parser.add_argument("--no-sqlite", dest="sqlite", action="store_false",
                        help="skip the secondary SQLite table")
    parser.add_argument("--sqlite-only", action="store_true", help="skip PostgreSQL")
    parser.add_argument("--sqlite-workers", type=_ints, default=[1, 4])
    parser.add_argument("--sqlite-cases", type=int)
    parser.add_argument("--repeat", type=int, default=1,
                        help="run every cell this many times and report the median run")
    parser.add_argument("--paced", type=float, default=5.0, metavar="RATE",
                        help="then 16 PostgreSQL workers each claiming RATE times a second "
                             "on a schedule (open loop), for latency short of saturation "
                             "(default 5; 0 skips it)")
    parser.add_argument("--keep", action="store_true",
                        help="do not drop the benchmark database (to inspect it)")
    args = parser.parse_args(argv)
    args.cases = args.cases or (20_000 if args.quick else 100_000)
    args.sqlite_cases = args.sqlite_cases or args.cases
    if args.duration:
        args.budget = Budget(seconds=args.duration)
    else:
        args.budget = Budget(claims=args.claims or (1_000 if args.quick else 4_000))

    base_url = args.pg or os.environ.get("REVIEW_DESK_BENCH_PG") or os.environ.get(
        "REVIEW_DESK_TEST_PG")
    if not args.sqlite_only and not base_url:
        parser.error("no PostgreSQL server: pass --pg URL or set REVIEW_DESK_BENCH_PG "
                     "(or use --sqlite-only)")
    print(f"claim benchmark — {machine()}")
    print(f"{args.budget.describe()}, median of {args.repeat} run(s), one queue "
          f"({PROCEDURE}), three priorities; "
          + (f"claimed cases leave the queue every {args.finish_every} claims per worker"
             if args.finish_every else "claimed cases stay held in the queue"))
    procedures = load_default_procedures()
    verdicts: list[tuple[str, bool]] = []
    if not args.sqlite_only:
        assert base_url is not None
        verdicts += bench_pg(base_url, args, procedures)
    if args.sqlite or args.sqlite_only:
        verdicts += bench_sqlite(args, procedures)
    print(f"\nTargets ({load()} at the end):")
    for text, ok in verdicts:
        print(f"  {'PASS' if ok else 'FAIL'}  {text}")
    # Exit status 1 when a target is missed, so a scripted run notices.
    return 0 if all(ok for _, ok in verdicts) else 1


if __name__ == "__main__":
    sys.exit(main())
