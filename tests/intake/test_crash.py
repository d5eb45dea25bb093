"""A real ``kill -9`` in the middle of an import, several times over: started again on
the same file, the import resumes and every row ends up imported exactly once."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.domain.permissions import SYSTEM
from tests.intake.helpers import FLU, flu_row, write_csv

ROOT = Path(__file__).resolve().parents[2]
# Small chunks, so that three runs killed a few chunks in cannot finish the file between
# them even on a fast machine: each kill must land in an unfinished import.
CHUNK = 10

DRIVER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from desktop.app import open_services
    from desktop.domain.permissions import SYSTEM

    services = open_services(sys.argv[1])
    intake = services.intake
    intake.chunk_size = int(sys.argv[4])

    def tell(last_row):
        print(f"chunk {last_row}", flush=True)

    intake.after_chunk = tell
    report = intake.import_file(SYSTEM, Path(sys.argv[2]), sys.argv[3])
    print("done", report.batch.id, flush=True)
""")


def _start(db_url: str, path: Path, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, db_url, str(path), FLU, str(CHUNK)], cwd=ROOT, env=env,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_kill_9_at_any_point_then_restart_imports_every_row_once(
        db_url: str, services: Services, tmp_path: Path) -> None:
    kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノ"
    rows = [flu_row(フリガナ=f"テスト{kana[i % 25]}{kana[i // 25 % 25]}") for i in range(1200)]
    rows[100]["生年月日"] = "不明"  # one quarantined row
    rows[700]["生年月日"] = "不明"
    path = write_csv(tmp_path / "big.csv", rows, encoding="cp932")
    env = {**os.environ, "REVIEW_DESK_ATTACHMENTS": str(tmp_path / "attachments")}
    rng = random.Random(20261128)
    kills = 0
    for wanted_chunks in (2, 5, 9):
        proc = _start(db_url, path, env)
        assert proc.stdout is not None
        seen = 0
        while seen < wanted_chunks:
            line = proc.stdout.readline()
            if not line:
                break
            seen += line.startswith("chunk")
        time.sleep(rng.uniform(0, 0.05))  # land anywhere, often inside a transaction
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.read() if proc.stderr else ""
        assert "done" not in proc.stdout.read(), "the import finished before the kill"
        kills += 1
    final = _start(db_url, path, env)
    out, err = final.communicate(timeout=300)
    assert final.returncode == 0, err
    assert "done" in out

    with services.ctx.uow() as uow:
        cases = uow.cases.list_queue(FLU, None, 100_000, 0)
    receipts = [c.receipt_number for c in cases]
    assert len(receipts) == len(set(receipts)) == len(rows) - 2
    assert set(receipts) == {r["受付番号"] for i, r in enumerate(rows) if i not in (100, 700)}
    batches = services.intake.batches(SYSTEM)
    assert len(batches) == 1, [(b.id, b.status, b.last_row, b.message) for b in batches]
    [batch] = batches
    assert batch.status == "completed"
    assert (batch.received, batch.imported, batch.quarantined, batch.already_present) == (
        len(rows), len(rows) - 2, 2, 0)
    assert len(services.intake.quarantine(SYSTEM, batch_id=batch.id)) == 2
    assert services.admin.verify_audit(SYSTEM).problem is None
    assert kills == 3
