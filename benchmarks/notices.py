"""Notice rendering speed and memory: our pipeline against bare ReportLab, in the same run.

    python benchmarks/notices.py                # 1,000 notices × 2 sheets, memory at 250/1,000/4,000
    python benchmarks/notices.py --quick        # 300 notices, memory at 100/300/1,200
    python benchmarks/notices.py --notices 5000 --no-memory

"ours" is what a print batch does per case, minus the database: compose the notice
from the case record (procedure texts, 教示, reasons, contact), lay it out (window
address fit, wrapping, pagination), check every character against the fonts, then
write it — text, frames, the document number and a 2D code per sheet (zxing-cpp) — into
PDF files of at most 500 sheets with embedded TrueType subsets. "bare" is ReportLab
drawing the very same strings at the same places with ``setFont``/``drawString`` on
one canvas with the same fonts and compression, nothing else (no layout, no checks, no
frames, no codes). Both run on one core in this process; pages/s are CPU time
(``time.process_time``, robust against other load on the machine) with wall-clock
figures beside them. Memory: each batch size runs in a fresh process and reports its
peak RSS; "flat" means the peak does not grow with the number of notices.

Residents are invented (real 神戸市 postal codes and towns, made-up names).
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from desktop import settings  # noqa: E402
from desktop.app import load_default_procedures  # noqa: E402
from desktop.demo.residents import resident  # noqa: E402
from desktop.domain.cases import CaseRecord, DecisionRecord  # noqa: E402
from desktop.domain.workflow import Stage, Status  # noqa: E402
from desktop.notices.flow import LaidOut, TextOp  # noqa: E402
from desktop.notices.renderer import ReportLabNoticeRenderer  # noqa: E402
from desktop.services.notice_code import sheet_code  # noqa: E402

PROCEDURE = "flu-free-certificate"
KIND = "refusal"
ISSUED_ON = date(2026, 11, 28)
MAX_SHEETS = 500
FACTS = "令和8年度の介護保険料の所得段階が第5段階であることを介護保険台帳で確認しました。"


def make_cases(n: int, seed: int = 20261128) -> list[CaseRecord]:
    rng = random.Random(seed)
    cases = []
    for i in range(n):
        r = resident(rng, min_age=65, max_age=95)
        fields = {"applicant_name": r.name, "applicant_kana": r.kana,
                  "applicant_birth_date": r.birth_date.isoformat(), "postal_code": r.postal_code,
                  "address": r.address, "phone": r.phone, "eligibility_basis": "介護保険料 第2段階"}
        cases.append(CaseRecord(
            id=i + 1, number=f"FFC-{i + 1:08d}", procedure_code=PROCEDURE, source="web",
            receipt_number=f"B-{i}", status=Status.REJECTED, priority=0,
            received_at=datetime(2026, 11, 1, 1, tzinfo=UTC), due_date=date(2026, 11, 10),
            fields=fields, checked={}, version=4, applicant_name=r.name))
    return cases


DECISIONS = [DecisionRecord(case_id=0, stage=Stage.FIRST_REVIEW, kind="reject",
                            reasons=("premium_level_not_eligible",), note=FACTS, deadline=None,
                            user_id=1, user_name="bench", at=datetime(2026, 11, 20, tzinfo=UTC))]


@dataclass
class Run:
    notices: int
    pages: int
    cpu: float
    wall: float
    files: int = 0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.cpu

    @property
    def wall_pages_per_s(self) -> float:
        return self.pages / self.wall


def ours(renderer: ReportLabNoticeRenderer, cases: list[CaseRecord], out: Path,
         keep: list[LaidOut] | None = None) -> Run:
    """Prepare and write *cases* the way a batch does: groups of ≤ MAX_SHEETS per file."""
    procedure = load_default_procedures()[PROCEDURE]
    cpu, wall = time.process_time(), time.perf_counter()
    pages = files = 0
    group: list[tuple[CaseRecord, LaidOut]] = []
    sheets = 0

    def flush() -> None:
        nonlocal pages, files, group, sheets
        files += 1
        target = renderer.open_file(out / f"ours-{files:03d}.pdf", "bench")
        for case, laid in group:
            target.add(laid, document_number=renderer.document_number(PROCEDURE, 2026, case.id),
                       sheet_code=lambda n, total, c=case.id: sheet_code(c, c, 0, n, total))
        pages += target.close()
        group, sheets = [], 0

    for case in cases:
        laid = renderer.prepare(kind=KIND, case=case, procedure=procedure,
                                decisions=DECISIONS, issued_on=ISSUED_ON, reissue=False)
        if keep is not None:
            keep.append(laid)
        if group and sheets + laid.sheet_count > MAX_SHEETS:
            flush()
        group.append((case, laid))
        sheets += laid.sheet_count
    if group:
        flush()
    return Run(len(cases), pages, time.process_time() - cpu, time.perf_counter() - wall, files)


def bare(pages: list[list[TextOp]], out: Path, compress: bool) -> Run:
    """ReportLab alone: the same strings, same fonts and places, one canvas."""
    from reportlab.pdfgen.canvas import Canvas

    from desktop.notices.flow import MM
    from desktop.notices.fonts import MINCHO

    cpu, wall = time.process_time(), time.perf_counter()
    c = Canvas(str(out / "bare.pdf"), pagesize=(210 * MM, 297 * MM), initialFontName=MINCHO,
               pageCompression=1 if compress else 0)
    for page in pages:
        for op in page:
            x = op.x
            for font, text in op.runs:
                c.setFont(font, op.size)
                c.drawString(x, op.y, text)
        c.showPage()
    c.save()
    return Run(0, len(pages), time.process_time() - cpu, time.perf_counter() - wall, 1)


def text_pages(laid: list[LaidOut], renderer: ReportLabNoticeRenderer) -> list[list[TextOp]]:
    """The strings each page carries (the document number included), for the baseline."""
    from desktop.notices.fonts import MINCHO

    out = []
    for k, notice in enumerate(laid):
        for n, sheet in enumerate(notice.sheets, 1):
            ops = [op for op in sheet.ops if isinstance(op, TextOp)]
            if n == 1:
                right, base, size = notice.number_at
                number = renderer.document_number(PROCEDURE, 2026, k + 1)
                w = renderer.fonts.width(MINCHO, number, size)
                ops.append(TextOp(right - w, base, size, ((MINCHO, number),)))
            out.append(ops)
    return out


def memory_child(n: int) -> None:
    """Run in a fresh process: render *n* notices; print the peak RSS of the process and
    the peak of the Python heap while rendering (tracemalloc, fonts already loaded)."""
    renderer = ReportLabNoticeRenderer.from_resources(settings.resources_dir())
    renderer.fonts.load()
    cases = make_cases(n)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    with tempfile.TemporaryDirectory() as tmp:
        run = ours(renderer, cases, Path(tmp))
    traced = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"notices": n, "pages": run.pages, "baseline_kib": before,
                      "peak_kib": peak, "traced_peak_kib": traced // 1024}))


def memory(sizes: list[int]) -> list[dict[str, Any]]:
    rows = []
    for n in sizes:
        done = subprocess.run([sys.executable, __file__, "--memory-child", str(n)],
                              capture_output=True, text=True, check=True)
        rows.append(json.loads(done.stdout.strip().splitlines()[-1]))
    return rows


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--notices", type=int, default=1000)
    p.add_argument("--quick", action="store_true")
    p.add_argument("--no-memory", action="store_true")
    p.add_argument("--repeat", type=int, default=3, help="best of N runs for each side")
    p.add_argument("--json", action="store_true")
    p.add_argument("--memory-child", type=int, help=argparse.SUPPRESS)
    a = p.parse_args()
    if a.memory_child:
        memory_child(a.memory_child)
        return 0
    n = 300 if a.quick else a.notices
    renderer = ReportLabNoticeRenderer.from_resources(settings.resources_dir())
    t = time.perf_counter()
    renderer.fonts.load()
    font_load = time.perf_counter() - t
    cases = make_cases(n)
    laid: list[LaidOut] = []
    with tempfile.TemporaryDirectory() as tmp:
        ours(renderer, cases[:50], Path(tmp))  # warm caches of both sides alike
        best_ours = min((ours(renderer, cases, Path(tmp), keep=laid if not laid else None)
                         for _ in range(a.repeat)), key=lambda r: r.cpu)
        sheets = {x.sheet_count for x in laid}
        pages = text_pages(laid, renderer)
        bare(pages[:100], Path(tmp), True)
        best_bare = min((bare(pages, Path(tmp), True) for _ in range(a.repeat)),
                        key=lambda r: r.cpu)
        sizes = [f.stat().st_size for f in Path(tmp).glob("ours-*.pdf")]
    mem = [] if a.no_memory else memory([100, 300, 1200] if a.quick else [250, 1000, 4000])
    ratio = best_ours.pages_per_s / best_bare.pages_per_s
    result = {
        "machine": f"{platform.machine()} {platform.python_implementation()} "
                   f"{platform.python_version()}",
        "notices": n, "sheets_per_notice": sorted(sheets), "pages": best_ours.pages,
        "files": best_ours.files, "ours_pages_per_s": round(best_ours.pages_per_s),
        "ours_wall_pages_per_s": round(best_ours.wall_pages_per_s),
        "bare_pages_per_s": round(best_bare.pages_per_s),
        "bare_wall_pages_per_s": round(best_bare.wall_pages_per_s),
        "ratio": round(ratio, 2), "font_load_s": round(font_load, 2),
        "pdf_bytes_per_page": round(sum(sizes) / max(best_ours.pages, 1)),
        "memory": mem,
    }
    if a.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(f"{n} notices ({'/'.join(map(str, sorted(sheets)))} sheets each), "
          f"{best_ours.pages} pages in {best_ours.files} files; {result['machine']}")
    print(f"  ours : {best_ours.pages_per_s:7.0f} pages/s CPU ({best_ours.wall_pages_per_s:.0f}"
          f" wall)  compose + layout + glyph check + 2D code + PDF")
    print(f"  bare : {best_bare.pages_per_s:7.0f} pages/s CPU ({best_bare.wall_pages_per_s:.0f}"
          f" wall)  ReportLab drawString of the same strings")
    print(f"  ratio ours/bare: {ratio:.2f}   (target ≥ 0.5, and ours ≥ 1,000 pages/s)")
    print(f"  font registration (once per process): {font_load:.2f} s;"
          f" PDF size {result['pdf_bytes_per_page']} bytes/page")
    if mem:
        first = mem[0]["peak_kib"]
        print("  peak memory by batch size (fresh process each; RSS includes the fonts):")
        for row in mem:
            print(f"    {row['notices']:6d} notices {row['pages']:6d} pages: RSS "
                  f"{row['peak_kib'] / 1024:6.1f} MiB (+{(row['peak_kib'] - first) / 1024:.1f}),"
                  f" Python heap while rendering {row['traced_peak_kib'] / 1024:5.1f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
