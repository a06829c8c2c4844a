"""Guards against a known-broken Qt binding: PySide6-Essentials 6.12.0 on Python 3.11 drops a reference to
None on every void Qt call (and to True on every Python-side emit) until the interpreter aborts. The app
makes such calls continuously (a playing video emits its position five times a second)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    fired = Signal(bool)


def test_void_qt_calls_and_emits_keep_none_and_true_alive():
    obj = _Emitter()
    received = []
    obj.fired.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(2000):
        obj.setObjectName("x")
        obj.fired.emit(True)
    assert len(received) == 2000
    # other threads may move these counts a little; a leak moves them by thousands
    assert sys.getrefcount(None) > none_before - 500
    assert sys.getrefcount(True) > true_before - 500
