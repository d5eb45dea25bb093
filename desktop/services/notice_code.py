"""The text of the 2D code on every sheet: case, notice, print generation, sheet n/N and
a short check value — no personal data.

``RD1-<case id>-<notice id>-<generation>-<n>-<N>-<check>``: digits, capital letters and
hyphens only, so a keyboard-wedge scanner types it the same on a US and a Japanese (JIS)
keyboard layout, and QR's compact alphanumeric mode encodes it. The check value (five
base-32 characters of a SHA-256) catches a misread or a hand-typed mistake.
"""

from __future__ import annotations

import base64
import hashlib
import re
import unicodedata
from dataclasses import dataclass

PREFIX = "RD1"
_SEPARATORS = re.compile(r"[^0-9A-Z]+")


@dataclass(frozen=True)
class SheetCode:
    case_id: int
    notice_id: int
    generation: int
    sheet: int
    sheets: int

    @property
    def text(self) -> str:
        body = (f"{PREFIX}-{self.case_id}-{self.notice_id}-{self.generation}-"
                f"{self.sheet}-{self.sheets}")
        return f"{body}-{_check(body)}"


def _check(body: str) -> str:
    return base64.b32encode(hashlib.sha256(body.encode("ascii")).digest()).decode()[:5]


def sheet_code(case_id: int, notice_id: int, generation: int, sheet: int, sheets: int) -> str:
    return SheetCode(case_id, notice_id, generation, sheet, sheets).text


def parse_sheet_code(text: str) -> SheetCode | None:
    """The code a scanner typed, or ``None`` if it is not one of ours or fails its check.

    Full-width characters (an IME left on), lower case (caps lock) and any separator are
    accepted.
    """
    folded = unicodedata.normalize("NFKC", text).strip().upper()
    parts = [p for p in _SEPARATORS.split(folded) if p]
    if len(parts) != 7 or parts[0] != PREFIX or not all(p.isdigit() for p in parts[1:6]):
        return None
    code = SheetCode(*(int(p) for p in parts[1:6]))
    if code.sheets < 1 or not 1 <= code.sheet <= code.sheets or parts[6] != code.text[-5:]:
        return None
    return code
