"""What the bundled UI font (BIZ UD Gothic) costs before the login dialog.

    python benchmarks/ui_font.py            # 9 runs of each, medians and the ratio
    python benchmarks/ui_font.py --runs 21

Each run is a new Python process (fonts are registered once per process): it creates a
QApplication, then — "ours" — calls ``desktop.qt.style.install_ui_font`` (register the
two TTF files with QFontDatabase, make the family the application font) or —
"baseline" — nothing (Qt's default font, Japanese glyphs found by fontconfig), and
shows a dialog with Japanese text, timing until its first paint has finished. The
child reports ``install_ui_font``'s own time and the time to the first paint; the two
variants alternate so that load on the machine hits both alike. Qt runs offscreen.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

CHILD = """
import json, sys, time
start = time.perf_counter()
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QVBoxLayout
app = QApplication([])
created = time.perf_counter()
font_s = 0.0
if sys.argv[1] == "ours":
    from desktop.qt.style import install_ui_font
    t = time.perf_counter()
    family = install_ui_font(app)
    font_s = time.perf_counter() - t
else:
    family = app.font().family()

class Probe(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, done)
        return False

def done():
    print(json.dumps({"family": family, "font_s": font_s,
                      "to_paint_s": time.perf_counter() - created}), flush=True)
    app.quit()

dialog = QDialog()
layout = QVBoxLayout(dialog)
for text in ("審査デスク — ログイン", "利用者名", "パスワード", "0O 1lI ガギグゲゴ 髙橋 𠮷野"):
    layout.addWidget(QLabel(text))
probe = Probe()
dialog.installEventFilter(probe)
dialog.show()
app.exec()
"""


def run_child(variant: str) -> dict[str, float | str]:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    result = subprocess.run([sys.executable, "-c", CHILD, variant], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120, check=True)
    line = next(x for x in result.stdout.splitlines() if x.startswith("{"))
    data: dict[str, float | str] = json.loads(line)
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    run_child("ours"), run_child("baseline")  # warm the disk cache, untimed
    ours: list[dict[str, float | str]] = []
    base: list[dict[str, float | str]] = []
    for _ in range(args.runs):
        ours.append(run_child("ours"))
        base.append(run_child("baseline"))

    def median(rows: list[dict[str, float | str]], key: str) -> float:
        return statistics.median(float(r[key]) for r in rows)

    ours_paint, base_paint = median(ours, "to_paint_s"), median(base, "to_paint_s")
    print(f"runs: {args.runs} of each (medians)")
    print(f"ours     family {ours[0]['family']!r}: install_ui_font "
          f"{median(ours, 'font_s') * 1000:.1f} ms, QApplication → first paint "
          f"{ours_paint * 1000:.1f} ms")
    print(f"baseline family {base[0]['family']!r}: QApplication → first paint "
          f"{base_paint * 1000:.1f} ms")
    print(f"ratio ours / baseline (to first paint): {ours_paint / base_paint:.2f}")
    print(f"added before the login dialog: {(ours_paint - base_paint) * 1000:+.1f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
