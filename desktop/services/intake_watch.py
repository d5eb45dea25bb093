"""The watch folder: files that e-application systems drop into a shared folder are
imported once they are complete, then moved to ``processed/`` or ``failed/`` with a
report file beside them.

- Complete means a marker file (``NAME.done`` or ``NAME.ok``) exists, or the size and
  modification time have not changed for *settle* seconds.
- Safe with several workstations on one folder: a file is claimed by an atomic rename
  into ``.work/<host-pid-…>/NAME`` and only the workstation whose rename succeeded
  imports it. A claim whose owner died (no heartbeat for *stale_after* seconds) is taken
  over by rename again; the import resumes after the last committed row (same SHA-256).
- A file that cannot be read at all goes to ``failed/``; when the database is
  unreachable the file goes back to the folder and is tried again on the next scan.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from desktop.domain.errors import InvalidInput, ReviewDeskError
from desktop.domain.permissions import Actor
from desktop.services.intake import IntakeService
from desktop.services.intake_report import report_json

DATA_SUFFIXES = frozenset({".csv", ".tsv", ".txt", ".json", ".ndjson", ".jsonl"})
MARKER_SUFFIXES = (".done", ".ok")
WORK, PROCESSED, FAILED = ".work", "processed", "failed"
HEARTBEAT_SECONDS = 30.0


@dataclass(frozen=True)
class WatchResult:
    """What became of one file."""

    name: str
    outcome: str  # "processed" | "failed" | "retry"
    moved_to: Path | None
    report: dict[str, Any]


@dataclass
class FolderWatcher:
    intake: IntakeService
    directory: Path
    procedure: str
    actor: Actor
    profile: str | None = None
    settle_seconds: float = 5.0
    stale_after_seconds: float = 600.0
    wall_clock: Callable[[], float] = time.time
    _observed: dict[str, tuple[int, int]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.directory = Path(self.directory)
        for sub in (WORK, PROCESSED, FAILED):
            (self.directory / sub).mkdir(parents=True, exist_ok=True)
        self.intake.profile(self.procedure, self.profile)  # fail early on a typo

    # ---------------------------------------------------------------- scanning

    def scan_once(self) -> list[WatchResult]:
        """Import every complete file now in the folder (and any stale claim)."""
        results = [self._process(path, path.name) for path in self._stale_claims()]
        for path in sorted(self.directory.iterdir()):
            if not self._is_data(path) or not self._complete(path):
                continue
            claimed = self._claim(path)
            if claimed is not None:
                results.append(self._process(claimed, path.name))
        return [r for r in results if r is not None]

    def _is_data(self, path: Path) -> bool:
        return (path.is_file() and not path.name.startswith(".")
                and path.suffix.lower() in DATA_SUFFIXES)

    def _markers(self, path: Path) -> list[Path]:
        return [m for m in (path.with_name(path.name + s) for s in MARKER_SUFFIXES) if m.exists()]

    def _complete(self, path: Path) -> bool:
        if self._markers(path):
            return True
        try:
            st = path.stat()
        except FileNotFoundError:
            return False
        seen = (st.st_size, st.st_mtime_ns)
        previous = self._observed.get(path.name)
        self._observed[path.name] = seen
        old_enough = self.wall_clock() - st.st_mtime >= self.settle_seconds
        if self.settle_seconds <= 0:
            return True
        return previous == seen and old_enough

    def _tag(self) -> str:
        return f"{socket.gethostname()}-{os.getpid()}-{uuid.uuid4().hex[:8]}"

    def _claim(self, path: Path) -> Path | None:
        target_dir = self.directory / WORK / self._tag()
        target_dir.mkdir(parents=True)
        target = target_dir / path.name
        try:
            os.rename(path, target)  # atomic: exactly one workstation succeeds
        except FileNotFoundError:
            _remove_if_empty(target_dir)
            return None
        os.utime(target)  # heartbeat: the claim is fresh
        self._observed.pop(path.name, None)
        return target

    def _stale_claims(self) -> list[Path]:
        out = []
        now = self.wall_clock()
        for claim_dir in sorted((self.directory / WORK).iterdir()):
            try:  # other workstations add and remove claims all the time
                entries = list(claim_dir.iterdir()) if claim_dir.is_dir() else []
                if not entries and now - claim_dir.stat().st_mtime >= self.stale_after_seconds:
                    _remove_if_empty(claim_dir)
            except FileNotFoundError:
                continue
            for path in entries:
                try:
                    stale = now - path.stat().st_mtime >= self.stale_after_seconds
                except FileNotFoundError:
                    continue
                if stale:
                    claimed = self._claim(path)
                    if claimed is not None:
                        out.append(claimed)
                        _remove_if_empty(claim_dir)  # the dead workstation's
        return out

    # --------------------------------------------------------------- importing

    def _process(self, claimed: Path, name: str) -> WatchResult:
        last_beat = [self.wall_clock()]

        def heartbeat(rows: int, done: int, total: int) -> None:
            if self.wall_clock() - last_beat[0] >= HEARTBEAT_SECONDS:
                os.utime(claimed)
                last_beat[0] = self.wall_clock()

        markers = self._markers(self.directory / name)
        try:
            report = self.intake.import_file(self.actor, claimed, self.procedure, self.profile,
                                             attachments_dir=self.directory, progress=heartbeat,
                                             file_name=name)
        except InvalidInput as error:
            data = {"file": name, "error": {"code": error.code, "message_ja": error.message_ja,
                                            "message_en": error.message_en}}
            return self._finish(claimed, name, FAILED, data, markers)
        except ReviewDeskError as error:
            # The database (or another workstation) is in the way, not the file: put it
            # back and try again on the next scan.
            back = self.directory / name
            if not back.exists():
                os.rename(claimed, back)
                _remove_if_empty(claimed.parent)
            return WatchResult(name, "retry", None,
                               {"file": name, "error": {"code": error.code,
                                                        "message_ja": error.message_ja,
                                                        "message_en": error.message_en}})
        return self._finish(claimed, name, PROCESSED, report_json(report), markers)

    def _finish(self, claimed: Path, name: str, where: str, data: dict[str, Any],
                markers: list[Path]) -> WatchResult:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        target = self.directory / where / f"{stamp}-{name}"
        n = 1
        while target.exists():
            n += 1
            target = self.directory / where / f"{stamp}-{n}-{name}"
        report_path = target.with_name(target.name + ".report.json")
        tmp = report_path.with_name("." + report_path.name + ".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, report_path)
        shutil.move(str(claimed), target)
        _remove_if_empty(claimed.parent)
        for marker in markers:
            marker.unlink(missing_ok=True)
        return WatchResult(name, where, target, data)


def _remove_if_empty(directory: Path) -> None:
    with contextlib.suppress(OSError):
        directory.rmdir()
