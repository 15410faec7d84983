"""The installed PySide6 keeps None's reference count right (6.12.0 did not, and Python 3.11 aborted)."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_qt_calls_returning_nothing_leave_none_alone():
    script = textwrap.dedent("""
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QObject
        probe = QObject()
        before = sys.getrefcount(None)
        for _ in range(20_000):
            probe.setObjectName("x")
        print(before - sys.getrefcount(None))
    """)
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    assert abs(int(run.stdout.strip())) < 100, "PySide6 drops references to None: keep the version pin"
