"""The CUPS print queue through its command-line clients (``lp``, ``lpstat``).

Used for scheduled batch runs (``review-desk notices batch --printer NAME``) on Linux;
the desktop application prints through Qt (:mod:`desktop.qt.printing`), which reaches
CUPS or the Windows spooler the same way a user's print dialog does.

:meth:`LpSpooler.submit` returns once ``lp`` has handed the file to the scheduler and
received a job id — the moment the job is *accepted*. Pages are printed at 100 %
(``print-scaling=none``): scaling would move the address out of the envelope window.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import time
from collections.abc import Sequence
from pathlib import Path

from desktop.services.notice_ports import SpoolerError, SpoolTicket

_REQUEST_ID = re.compile(r"request id is (\S+)")
DEFAULT_OPTIONS: tuple[str, ...] = ("media=A4", "print-scaling=none", "sides=one-sided")


def _env() -> dict[str, str]:
    return os.environ | {"LC_ALL": "C", "LANG": "C"}


class LpSpooler:
    """A CUPS queue named *printer* (see ``lpstat -p``)."""

    def __init__(self, printer: str, *, options: Sequence[str] = DEFAULT_OPTIONS,
                 timeout: float = 120.0) -> None:
        self._printer = printer
        self.options = tuple(options)
        self.timeout = timeout

    @property
    def printer(self) -> str:
        return self._printer

    def _tool(self, name: str) -> str:
        path = shutil.which(name)
        if path is None:
            raise SpoolerError(
                f"印刷コマンド {name} が見つかりません（CUPS のクライアントをインストールしてください）",
                f"the print command {name} is missing (install the CUPS client)",
                printer=self._printer, detail=f"{name} not found",
            )
        return path

    def submit(self, pdf: Path, title: str) -> SpoolTicket:
        cmd = [self._tool("lp"), "-d", self._printer, "-t", title]
        for option in self.options:
            cmd += ["-o", option]
        cmd.append(str(pdf))
        try:
            done = subprocess.run(cmd, capture_output=True, text=True, timeout=self.timeout,
                                  env=_env(), check=False)
        except subprocess.TimeoutExpired:
            raise self._refused(f"lp timed out after {self.timeout:g} s") from None
        detail = (done.stderr or done.stdout).strip()
        if done.returncode != 0:
            raise self._refused(detail or f"lp exit status {done.returncode}")
        match = _REQUEST_ID.search(done.stdout)
        if match is None:
            raise self._refused(f"no job id in lp's answer: {done.stdout.strip()!r}")
        return SpoolTicket(self._printer, match.group(1))

    def _refused(self, detail: str) -> SpoolerError:
        return SpoolerError(
            f"プリンタ「{self._printer}」が印刷ジョブを受け付けませんでした: {detail}",
            f"the printer '{self._printer}' did not accept the print job: {detail}",
            printer=self._printer, detail=detail,
        )

    # ------------------------------------------------------------------ job state
    def _jobs(self, which: str) -> set[str]:
        done = subprocess.run([self._tool("lpstat"), "-W", which, "-o", self._printer],
                              capture_output=True, text=True, timeout=30, env=_env(),
                              check=False)
        return {line.split()[0] for line in done.stdout.splitlines() if line.strip()}

    def state(self, job_id: str) -> str:
        """``completed``, ``pending`` (queued or printing) or ``unknown``."""
        if job_id in self._jobs("completed"):
            return "completed"
        if job_id in self._jobs("not-completed"):
            return "pending"
        return "unknown"

    def wait(self, job_id: str, timeout: float = 60.0, poll: float = 0.25) -> bool:
        """Whether the job completed within *timeout* seconds."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.state(job_id) == "completed":
                return True
            time.sleep(poll)
        return False
