"""The watch folder: complete files are imported once, moved with a report beside them."""

from __future__ import annotations

import json
import os
import threading
import time
from pathlib import Path

from desktop.app import Services
from desktop.domain.permissions import SYSTEM
from desktop.services.intake import IntakeService
from desktop.services.intake_watch import FolderWatcher
from tests.intake.helpers import FLU, flu_row, write_csv


def _watcher(intake: IntakeService, folder: Path, **kw: float) -> FolderWatcher:
    return FolderWatcher(intake, folder, FLU, SYSTEM, **kw)  # type: ignore[arg-type]


def _case_count(services: Services) -> int:
    with services.ctx.uow() as uow:
        return len(uow.cases.list_queue(FLU, None, 100_000, 0))


def test_marker_or_settled_files_are_imported_and_moved_with_a_report(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    watcher = _watcher(intake, inbox, settle_seconds=3600)
    ready = write_csv(inbox / "ready.csv", [flu_row(), flu_row(生年月日="不明")])
    (inbox / "ready.csv.done").write_text("")
    writing = write_csv(inbox / "writing.csv", [flu_row()])
    broken = inbox / "broken.csv"
    broken.write_bytes("受付番号\r\n".encode("utf-16"))
    (inbox / "broken.csv.ok").write_text("")
    (inbox / "scan.pdf").write_bytes(b"%PDF-1.4")

    results = {r.name: r for r in watcher.scan_once()}
    assert set(results) == {"ready.csv", "broken.csv"}
    done = results["ready.csv"]
    assert done.outcome == "processed" and done.moved_to is not None
    assert done.moved_to.parent == inbox / "processed"
    report = json.loads(done.moved_to.with_name(done.moved_to.name + ".report.json")
                        .read_text(encoding="utf-8"))
    assert (report["batch"]["imported"], report["batch"]["quarantined"]) == (1, 1)
    assert report["batch"]["file"] == "ready.csv"
    assert not ready.exists() and not (inbox / "ready.csv.done").exists()
    failed = results["broken.csv"]
    assert failed.outcome == "failed" and failed.moved_to is not None
    assert failed.moved_to.parent == inbox / "failed"
    assert "UTF-16" in failed.report["error"]["message_ja"]
    assert writing.exists() and (inbox / "scan.pdf").exists()

    # Without a marker, a file is taken once its size and time stayed put long enough.
    settled = _watcher(intake, inbox, settle_seconds=1)
    old = time.time() - 60
    os.utime(writing, (old, old))
    assert settled.scan_once() == []  # first sight: remember the size
    [later] = settled.scan_once()
    assert later.name == "writing.csv" and later.outcome == "processed"
    assert _case_count(services) == 2


def test_two_workstations_on_one_folder_import_each_file_once(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    names = [f"export-{i}.csv" for i in range(8)]
    for i, name in enumerate(names):
        write_csv(inbox / name, [flu_row(フリガナ=f"テスト{'アイウエオカキク'[i]}") for _ in range(3)])
    watchers = [_watcher(intake, inbox, settle_seconds=0) for _ in range(2)]
    start = threading.Barrier(2)
    results: list[list[str]] = [[], []]

    def run(i: int) -> None:
        start.wait()
        results[i] = [r.name for r in watchers[i].scan_once() if r.outcome == "processed"]

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert sorted(results[0] + results[1]) == sorted(names)
    assert _case_count(services) == 24
    assert len(intake.batches(SYSTEM)) == 8
    assert sorted(p.name.split("-", 1)[1] for p in (inbox / "processed").glob("*.csv")) == \
        sorted(names)


def test_a_stale_claim_of_a_dead_workstation_is_taken_over(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    claim = inbox / ".work" / "deadhost-1-abc"
    claim.mkdir(parents=True)
    path = write_csv(claim / "orphan.csv", [flu_row()])
    old = time.time() - 3600
    os.utime(path, (old, old))
    [result] = _watcher(intake, inbox, settle_seconds=0, stale_after_seconds=600).scan_once()
    assert (result.name, result.outcome) == ("orphan.csv", "processed")
    assert not claim.exists()
    assert _case_count(services) == 1


def test_watch_setting_round_trip(intake: IntakeService, inbox: Path) -> None:
    assert intake.watch_setting() is None
    intake.set_watch_setting(SYSTEM, str(inbox), FLU, None, 30)
    assert intake.watch_setting() == {"directory": str(inbox), "procedure": FLU,
                                      "profile": None, "interval_seconds": 30}
