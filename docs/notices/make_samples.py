"""Render one page of each notice kind to docs/notices/<kind>.png (for the README).

    PYTHONPATH=. .venv/bin/python docs/notices/make_samples.py

Uses the sample residents of the notice tests (invented people) and the real
procedure, city and layout files; needs poppler's pdftoppm.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from desktop import settings
from desktop.app import load_default_procedures
from desktop.domain.workflow import Status
from desktop.notices.renderer import ReportLabNoticeRenderer
from desktop.services.notice_code import sheet_code
from tests.notices import samples

OUT = Path(__file__).resolve().parent
#: file name → (procedure, notice kind, status, decision, page)
PAGES = {
    "certificate": (samples.FLU, "certificate", Status.APPROVED, "approve", 1),
    "decision": (samples.COMMUTER, "decision", Status.APPROVED, "approve", 1),
    "refusal": (samples.FLU, "refusal", Status.REJECTED, "reject", 1),
    "refusal-without-appeal": (samples.COMMUTER, "refusal", Status.REJECTED, "reject", 1),
    "correction-request": (samples.FLU, "correction_request", Status.AWAITING_CORRECTION,
                           "return", 1),
    "reservation-confirmation": (samples.MOVE_IN, "reservation_confirmation",
                                 Status.APPROVED, "approve", 1),
    "counter-sheet": (samples.MOVE_IN, "reservation_confirmation", Status.APPROVED,
                      "approve", 2),
}


def main() -> None:
    renderer = ReportLabNoticeRenderer.from_resources(settings.resources_dir())
    procedures = load_default_procedures()
    with tempfile.TemporaryDirectory() as tmp:
        for name, (proc, kind, status, decision, page) in PAGES.items():
            case = samples.case(proc, status, case_id=1234)
            laid = renderer.prepare(kind=kind, case=case, procedure=procedures[proc],
                                    decisions=[samples.decision(proc, decision, 1234)],
                                    issued_on=samples.ISSUED_ON, reissue=False)
            pdf = Path(tmp) / f"{name}.pdf"
            out = renderer.open_file(pdf, name)
            out.add(laid, document_number=renderer.document_number(proc, 2026, 123),
                    sheet_code=lambda n, total: sheet_code(1234, 77, 0, n, total))
            out.close()
            _png(pdf, page, OUT / f"{name}.png")
        pdf = Path(tmp) / "calibration.pdf"
        renderer.calibration_sheet(pdf)
        _png(pdf, 1, OUT / "calibration.png")


def _png(pdf: Path, page: int, target: Path) -> None:
    stem = target.with_suffix("")
    subprocess.run([shutil.which("pdftoppm") or "pdftoppm", "-r", "100", "-gray", "-png",
                    "-singlefile", "-f", str(page), "-l", str(page), str(pdf), str(stem)],
                   check=True)
    print(target)


if __name__ == "__main__":
    main()
