"""The installed PySide6 must not drop references to None, True or False.

PySide6 6.12.0 on Python 3.11 drops one reference to ``None`` on every call of a C++
method returning ``void`` and one to ``True``/``False`` on every ``Signal(bool)``
delivered; after a few thousand calls CPython frees the singleton and aborts the
process ("Fatal Python error: none_dealloc"). pyproject.toml excludes that release;
this test fails if a future upgrade brings the defect back.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    flag = Signal(bool)


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="immortal objects from Python 3.12")
def test_void_calls_and_bool_signals_keep_their_references() -> None:
    probe = _Probe()
    probe.flag.connect(lambda _value: None)
    calls = 500
    before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(calls):
        probe.setObjectName("probe")
    between = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(calls):
        probe.flag.emit(True)
    after = sys.getrefcount(None), sys.getrefcount(True)
    # A few references may come and go with unrelated objects; the defect loses one per call.
    assert abs(before[0] - between[0]) < calls // 10, "references to None lost per Qt call"
    assert abs(between[1] - after[1]) < calls // 10, "references to True lost per bool signal"
