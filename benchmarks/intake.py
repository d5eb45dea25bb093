"""Intake throughput and memory, side by side with a bare insert of the same rows.

    python benchmarks/intake.py                       # 100k rows, SQLite (+ PostgreSQL
                                                      # when REVIEW_DESK_TEST_PG is set)
    python benchmarks/intake.py --rows 20000 --pg postgresql://…/db
    python benchmarks/intake.py --memory-rows 1000000 # peak memory of a 1M-row import
    python benchmarks/intake.py --repeat 3            # median ratio of three runs, spread

An export in the standard profile of ``flu-free-certificate`` (cp932, CRLF, varied
realistic rows, ~1% with a problem) is imported end to end: encoding check, archive,
parsing, validation, duplicate check, cases + audit entries + progress record in
chunks. The baseline in the same run inserts *the same case rows* the import produced
(read back from the database) into a fresh schema: one ``sqlite3.executemany`` in one
transaction on SQLite, one ``COPY … FROM STDIN`` on PostgreSQL. Peak memory is the
child process's maximum resident set size (``ru_maxrss``). On SQLite, where the
database works inside this process, the CPU seconds of both are compared too
(``cpu_ratio``): unlike the wall clock they hardly move with other work on the machine.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from desktop.app import load_default_procedures, services_for  # noqa: E402
from desktop.demo.residents import era_text, resident  # noqa: E402
from desktop.domain.permissions import SYSTEM  # noqa: E402
from desktop.intake.profiles import standard_profile  # noqa: E402
from desktop.persistence.database import open_database, upgrade_database  # noqa: E402
from desktop.services.attachments import FileAttachmentStore  # noqa: E402

PROCEDURE = "flu-free-certificate"
BASIS = ("介護保険料 第1段階", "介護保険料 第2段階", "介護保険料 第3段階", "生活保護受給")


def write_export(path: Path, rows: int, seed: int = 20261128) -> None:
    """A cp932 export of *rows* applications in the standard profile."""
    procedure = load_default_procedures()[PROCEDURE]
    headers = standard_profile(procedure).headers()
    rng = random.Random(seed)
    with path.open("w", encoding="cp932", newline="") as f:
        out = csv.writer(f, lineterminator="\r\n")
        out.writerow(headers)
        for i in range(rows):
            person = resident(rng, min_age=65, max_age=95)
            row = {
                "受付番号": f"E-{i:08d}", "受付日時": f"2026-11-{1 + i % 20:02d} 09:{i % 60:02d}",
                "氏名": person.name, "フリガナ": person.kana,
                "生年月日": era_text(person.birth_date) if i % 2 else person.birth_date.isoformat(),
                "郵便番号": person.postal_code, "住所": person.address,
                "電話番号（日中の連絡先）": person.phone,
                "申請方法": ("ウェブ", "電話", "郵送")[i % 3],
                "対象となる理由": BASIS[i % 4],
                "1月1日時点で市内に住所があった": "はい" if i % 10 else "いいえ",
                "代理人による申請": "いいえ",
            }
            if i % 100 == 99:
                row["生年月日"] = "不明"  # ~1% quarantined
            out.writerow([row.get(h, "") for h in headers])


def _services(url: str, work: Path) -> Any:
    database = open_database(url)
    services = services_for(database, load_default_procedures(), database_label=database.label,
                            attachments=FileAttachmentStore(work / "attachments"))
    return services


#: Rows per transaction for the import (``--chunk``; default: the service's own).
CHUNK: int | None = None


def run_import(url: str, export: Path, work: Path) -> tuple[float, dict[str, Any]]:
    services = _services(url, work)
    if CHUNK:
        services.intake.chunk_size = CHUNK
    try:
        started, cpu = time.perf_counter(), time.process_time()
        report = services.intake.import_file(SYSTEM, export, PROCEDURE)
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    finally:
        services.close()
    b = report.batch
    assert b.received == b.imported + b.already_present + b.quarantined
    return seconds, {"received": b.received, "imported": b.imported,
                     "quarantined": b.quarantined, "client_cpu_s": round(cpu, 2)}


def sqlite_side_by_side(rows: int, export: Path, work: Path) -> dict[str, Any]:
    import sqlite3

    work = Path(tempfile.mkdtemp(dir=work))
    db = work / "intake.sqlite3"
    upgrade_database(str(db))
    seconds, counts = run_import(str(db), export, work)
    with sqlite3.connect(db) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(cases)")]
        case_rows = conn.execute(f"SELECT {', '.join(columns)} FROM cases").fetchall()
    bare = work / "bare.sqlite3"
    upgrade_database(str(bare))
    conn = sqlite3.connect(bare, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=NORMAL")
    started, cpu = time.perf_counter(), time.process_time()
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO cases ({', '.join(columns)}) VALUES "
                     f"({', '.join('?' * len(columns))})", case_rows)
    conn.execute("COMMIT")
    bare_seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    conn.close()
    figures = _figures("sqlite", rows, counts, seconds, len(case_rows), bare_seconds,
                       "sqlite3.executemany")
    # SQLite runs in this process: CPU seconds compare the two without the machine's load.
    figures["baseline_cpu_s"] = round(cpu, 2)
    figures["cpu_ratio"] = round((cpu / len(case_rows)) / (counts["client_cpu_s"] / rows), 3)
    return figures


def pg_side_by_side(rows: int, export: Path, work: Path, base_url: str) -> dict[str, Any]:
    import psycopg
    from sqlalchemy.engine import make_url

    from desktop.persistence.engine import normalise_url

    admin = make_url(normalise_url(base_url))
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    names = [f"rd_bench_{uuid.uuid4().hex[:8]}" for _ in range(2)]
    with psycopg.connect(conninfo, autocommit=True) as conn:
        for name in names:
            conn.execute(f'CREATE DATABASE "{name}"')
    urls = [admin.set(database=n).render_as_string(hide_password=False) for n in names]
    try:
        for url in urls:
            upgrade_database(url)
        seconds, counts = run_import(urls[0], export, work)
        plain = [make_url(u).set(drivername="postgresql").render_as_string(hide_password=False)
                 for u in urls]
        buf = io.BytesIO()
        with psycopg.connect(plain[0]) as conn, conn.cursor() as cur, \
                cur.copy("COPY cases TO STDOUT") as copy:
            for data in copy:
                buf.write(data)
        payload = buf.getvalue()
        n = payload.count(b"\n")
        with psycopg.connect(plain[1]) as conn, conn.cursor() as cur:
            started = time.perf_counter()
            with cur.copy("COPY cases FROM STDIN") as copy:
                for i in range(0, len(payload), 1 << 20):
                    copy.write(payload[i:i + (1 << 20)])
            conn.commit()
            bare_seconds = time.perf_counter() - started
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            for name in names:
                _drop(conn, name)
    return _figures("postgresql", rows, counts, seconds, n, bare_seconds, "COPY")


def _drop(conn: Any, name: str) -> None:
    """Drop a benchmark database (autovacuum may hold it for a moment)."""
    import psycopg

    for _ in range(30):
        try:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            return
        except psycopg.errors.ObjectInUse:
            time.sleep(1)
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _figures(engine: str, rows: int, counts: dict[str, Any], seconds: float, bare_rows: int,
             bare_seconds: float, baseline: str) -> dict[str, Any]:
    ours = rows / seconds
    bare = bare_rows / bare_seconds
    return {"engine": engine, "rows": rows, **counts, "seconds": round(seconds, 2),
            "rows_per_s": round(ours), "baseline": baseline,
            "baseline_rows_per_s": round(bare), "ratio": round(ours / bare, 3)}


def memory_child(rows: int, work: Path) -> dict[str, Any]:
    export = work / "memory.csv"
    write_export(export, rows)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    db = work / "memory.sqlite3"
    upgrade_database(str(db))
    seconds, counts = run_import(str(db), export, work)
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"rows": rows, **counts, "seconds": round(seconds, 1),
            "file_mb": round(export.stat().st_size / 2**20, 1),
            "peak_rss_mb_before_import": round(before / 1024, 1),
            "peak_rss_mb": round(peak_kb / 1024, 1)}


def main() -> int:
    global CHUNK
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--pg", default=os.environ.get("REVIEW_DESK_TEST_PG"),
                        help="PostgreSQL URL whose role may create databases")
    parser.add_argument("--no-sqlite", action="store_true")
    parser.add_argument("--repeat", type=int, default=1,
                        help="import this many times per database (fresh each time) and "
                             "report the median ratio and the spread")
    parser.add_argument("--chunk", type=int, help="rows per transaction (default: the "
                                                  "intake service's)")
    parser.add_argument("--memory-rows", type=int, default=0,
                        help="also measure the peak memory of an import of this many rows")
    parser.add_argument("--child-memory", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    CHUNK = args.chunk
    with tempfile.TemporaryDirectory(prefix="rd-bench-intake-") as tmp:
        work = Path(tmp)
        if args.child_memory:
            print(json.dumps(memory_child(args.child_memory, work)))
            return 0
        results: list[dict[str, Any]] = []
        if args.rows:
            export = work / "export.csv"
            write_export(export, args.rows)
            print(f"export: {args.rows:,} rows, {export.stat().st_size / 2**20:.1f} MB cp932",
                  file=sys.stderr)
            runs: dict[str, list[dict[str, Any]]] = {}
            for _ in range(args.repeat):
                if not args.no_sqlite:
                    runs.setdefault("sqlite", []).append(
                        sqlite_side_by_side(args.rows, export, work))
                    print(json.dumps(runs["sqlite"][-1]), f"({load()})", file=sys.stderr)
                if args.pg:
                    runs.setdefault("postgresql", []).append(
                        pg_side_by_side(args.rows, export, work, args.pg))
                    print(json.dumps(runs["postgresql"][-1]), f"({load()})", file=sys.stderr)
            results += [_summary(engine, done) for engine, done in runs.items()]
        if args.memory_rows:
            child = subprocess.run(
                [sys.executable, __file__, "--child-memory", str(args.memory_rows)],
                capture_output=True, text=True, check=True)
            results.append({"memory": json.loads(child.stdout.strip().splitlines()[-1])})
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return 0


def _summary(engine: str, runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The median run by ratio, with every run's ratio beside it (the spread)."""
    ordered = sorted(runs, key=lambda r: r["ratio"])
    median = dict(ordered[(len(ordered) - 1) // 2])  # the lower median of an even count
    median["runs"] = len(runs)
    median["ratios"] = [r["ratio"] for r in runs]
    median["rows_per_s_all"] = [r["rows_per_s"] for r in runs]
    median["baseline_rows_per_s_all"] = [r["baseline_rows_per_s"] for r in runs]
    median["target"] = TARGETS[engine]
    median["target_met"] = median["ratio"] >= TARGETS[engine]
    return median


TARGETS = {"sqlite": 0.5, "postgresql": 0.3}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f}"


if __name__ == "__main__":
    raise SystemExit(main())
