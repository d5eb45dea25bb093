"""The Big List of Naughty Strings (``shared/data/naughty-strings/blns.json``, beside
the repository), for every test that feeds hostile text through the application."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest

BLNS = Path(__file__).resolve().parents[2] / "shared" / "data" / "naughty-strings" / "blns.json"


def naughty_strings(extra: Sequence[str] = ()) -> list[str]:
    """Every string of the list, in its order, then *extra*. A missing list fails the
    test (a hostile-input test that cannot run must not pass)."""
    if not BLNS.exists():
        pytest.fail(f"{BLNS} is missing (shared/ must sit beside the repository)")
    strings = json.loads(BLNS.read_text(encoding="utf-8"))
    assert isinstance(strings, list) and all(isinstance(s, str) for s in strings)
    return [*strings, *extra]
