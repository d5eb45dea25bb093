"""Printing through a real CUPS server with the cups-pdf backend.

``.ci/run`` installs CUPS and cups-pdf, starts ``cupsd``, adds the printer and exports
``REVIEW_DESK_TEST_PRINTER`` (and ``REVIEW_DESK_TEST_PRINTER_OUT``, where cups-pdf
writes). Without them these tests skip — except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.domain.workflow import Status
from desktop.services.notice_batch import BatchOutput, BatchSelection
from desktop.services.printing_lp import LpSpooler
from tests.conftest import Users
from tests.notices import pdftools, samples
from tests.notices.workflow import decided

PRINTER_ENV = "REVIEW_DESK_TEST_PRINTER"
OUT_ENV = "REVIEW_DESK_TEST_PRINTER_OUT"


@pytest.fixture(scope="module")
def printer() -> str:
    name = os.environ.get(PRINTER_ENV)
    problem = None
    if not name:
        problem = f"{PRINTER_ENV} is not set (.ci/run sets up CUPS with a cups-pdf printer)"
    elif shutil.which("lp") is None or shutil.which("lpstat") is None:
        problem = "the CUPS clients (lp, lpstat) are not installed"
    elif subprocess.run(["lpstat", "-p", name], capture_output=True,
                        check=False).returncode != 0:
        problem = f"CUPS has no printer {name} (is cupsd running?)"
    if problem is None:
        assert name is not None
        return name
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must print through a real CUPS server: {problem}")
    pytest.skip(problem)


def _cups_pdf_output(job_id: str, timeout: float = 60) -> Path:
    out = Path(os.environ.get(OUT_ENV, "/var/spool/cups-pdf/review-desk"))
    number = job_id.rsplit("-", 1)[-1]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(out.glob(f"job_{number}-*.pdf"))
        if found and found[0].stat().st_size > 0:
            time.sleep(0.3)  # cups-pdf may still be closing the file
            return found[0]
        time.sleep(0.25)
    raise AssertionError(f"cups-pdf wrote no file for job {job_id} in {out}")


def test_a_batch_prints_through_cups(services: Services, users: Users, printer: str) -> None:
    op, checker, staff = users.operator, users.checker, users.print_staff
    cases = [decided(services, op, checker, samples.MOVE_IN, "approve"),
             decided(services, op, checker, samples.MOVE_IN, "approve")]
    spooler = services.notices.spooler(printer)
    assert isinstance(spooler, LpSpooler)
    result = services.notices.run_batch(staff, BatchSelection(samples.MOVE_IN),
                                        BatchOutput(spooler=spooler))
    assert not result.failed and not result.skipped
    [job] = {p.job_id for p in result.printed}
    assert job is not None and job.startswith(f"{printer}-")
    for case in cases:  # marked printed once CUPS accepted the job
        assert services.review.show(staff, case.id).case.status == Status.NOTICE_PRINTED
    assert spooler.wait(job, timeout=90), f"job {job} did not complete"
    completed = subprocess.run(["lpstat", "-W", "completed", "-o", printer],
                               capture_output=True, text=True, check=True).stdout
    assert job in completed
    output = _cups_pdf_output(job)
    assert pdftools.pages(output) == result.sheets == 6
    [entry] = services.notices.print_log(staff, result.batch_id)
    assert (entry.printer, entry.job_id, entry.outcome, entry.sheets) == (
        printer, job, "accepted", 6)


def test_an_unknown_printer_refuses_and_nothing_is_marked(services: Services, users: Users,
                                                          printer: str) -> None:
    op, checker, staff = users.operator, users.checker, users.print_staff
    case = decided(services, op, checker, samples.MOVE_IN, "approve")
    result = services.notices.run_batch(
        staff, BatchSelection(samples.MOVE_IN),
        BatchOutput(spooler=LpSpooler(f"{printer}-does-not-exist")))
    assert result.printed == []
    [failed] = result.failed
    assert "受け付けませんでした" in failed.message_ja and failed.cases == (case.number,)
    assert services.review.show(staff, case.id).case.status == Status.APPROVED
