"""A real ``kill -9`` while a scan is being keyed in: inside the transaction (the case
inserted, the scan not yet marked done) nothing of it remains; keyed in again after the
restart, the scan becomes exactly one case and is marked done with it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.domain.permissions import SYSTEM
from desktop.services.attachments import FileAttachmentStore
from desktop.services.scan_intake import ScanIntakeService
from desktop.services.scan_records import SCAN_DONE, SCAN_WAITING
from tests.conftest import Users
from tests.intake.scan_samples import FLU, FLU_KEYED, pdf_bytes

ROOT = Path(__file__).resolve().parents[2]

DRIVER = textwrap.dedent("""
    import json, sys, time
    from desktop.app import open_services
    from desktop.domain.permissions import Actor

    services = open_services(sys.argv[1])
    with services.ctx.uow() as uow:
        user = uow.users.by_name(sys.argv[2])
    actor = Actor(user.id, user.name, user.display_name, user.role)
    scans = services.scans
    if sys.argv[4] == "stall":
        def stall(case_id):
            print("inserted", case_id, flush=True)
            time.sleep(600)  # killed here, inside key_in's transaction
        scans.after_case_insert = stall
    case = scans.key_in(actor, int(sys.argv[3]), json.loads(sys.argv[5]))
    print("done", case.id, flush=True)
""")


def _run(db_url: str, user: str, scan_id: int, mode: str,
         env: dict[str, str]) -> subprocess.Popen[str]:
    import json

    return subprocess.Popen(
        [sys.executable, "-c", DRIVER, db_url, user, str(scan_id), mode,
         json.dumps(FLU_KEYED, ensure_ascii=False)],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.slow
def test_kill_9_during_key_in_leaves_one_case_or_none(
        db_url: str, services: Services, users: Users, tmp_path: Path) -> None:
    attachments = tmp_path / "attachments"
    env = {**os.environ, "REVIEW_DESK_ATTACHMENTS": str(attachments)}
    scans = ScanIntakeService(services.ctx, FileAttachmentStore(attachments))
    folder = tmp_path / "scans"
    folder.mkdir()
    (folder / "paper.pdf").write_bytes(pdf_bytes("paper"))
    scan_id = scans.register_folder(SYSTEM, folder, FLU).files[0].item.id
    operator = users.operator

    killed = _run(db_url, operator.name, scan_id, "stall", env)
    assert killed.stdout is not None
    line = killed.stdout.readline()
    assert line.startswith("inserted"), killed.stderr.read() if killed.stderr else ""
    killed.send_signal(signal.SIGKILL)
    killed.wait(timeout=30)
    assert killed.returncode == -signal.SIGKILL

    def receipts() -> list[str]:
        with services.ctx.uow() as uow:
            return [c.receipt_number for c in uow.cases.list_queue(FLU, None, 100, 0)]

    assert receipts() == []  # the case died with its transaction
    assert scans.get(SYSTEM, scan_id).status == SCAN_WAITING

    finished = _run(db_url, operator.name, scan_id, "normal", env)
    out, err = finished.communicate(timeout=120)
    assert finished.returncode == 0, err
    case_id = int(out.split()[-1])
    item = scans.get(SYSTEM, scan_id)
    assert (item.status, item.case_id) == (SCAN_DONE, case_id)
    assert receipts() == [f"SCAN-{scan_id}"]
    with services.ctx.uow() as uow:
        assert [a.sha256 for a in uow.cases.attachments(case_id)] == [item.sha256]
    assert services.admin.verify_audit(SYSTEM).problem is None
