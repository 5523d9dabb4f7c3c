"""Background jobs and the end of the program: quitting while one runs ends cleanly, after it.

Python must not shut down under a job running on a pool thread (it crashed on its way out:
a segmentation fault, or ``Fatal Python error``), and the Qt binding must not take Python's
``True`` away with each signal emitted (PySide6 6.12.0 did: Python 3.11 aborted once it ran out).
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from example_file import example_in
from PySide6.QtCore import QObject, Signal

ROOT = Path(__file__).resolve().parents[2]

# The real application on a database; once its window shows, a job starts that is still
# running when the window closes (it waits for the quit), and then reports progress a few
# thousand times, as an import does, before it writes that it ended.
QUIT_DURING_A_JOB = textwrap.dedent(
    """
    import sys, threading
    from pathlib import Path
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from hmics_desktop.ui.app import run_application
    from hmics_desktop.ui.background import run_in_background
    from hmics_desktop.ui.shell.main_window import MainWindow

    quitting = threading.Event()

    def job(progress):
        assert quitting.wait(60)
        for n in range(5000):
            progress(n, 5000, "working")
        Path(sys.argv[2]).write_text("ended")

    def start_the_job_and_close():
        app = QApplication.instance()
        app.aboutToQuit.connect(quitting.set)
        window = next(w for w in app.topLevelWidgets() if isinstance(w, MainWindow))
        run_in_background(window, "A long job", job, lambda result: None, lambda error: None)
        window.close()

    QTimer.singleShot(0, start_the_job_and_close)
    sys.exit(run_application(Path(sys.argv[1])))
    """
)


def test_quitting_while_a_job_runs_lets_it_end_and_then_ends_cleanly(tmp_path: Path) -> None:
    database = example_in(tmp_path)
    ended = tmp_path / "ended.txt"
    env = dict(os.environ, PYTHONPATH=str(ROOT), PYTHONFAULTHANDLER="1")
    done = subprocess.run(
        [sys.executable, "-c", QUIT_DURING_A_JOB, str(database), str(ended)],
        env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Fatal Python error" not in done.stderr and "Traceback" not in done.stderr, done.stderr[-3000:]
    assert ended.read_text() == "ended"


class _Signals(QObject):
    progressed = Signal(int, int, str)


def test_emitting_a_signal_leaves_python_s_true_alone(qapp) -> None:
    signals = _Signals()
    before = sys.getrefcount(True)
    for n in range(2000):
        signals.progressed.emit(n, 2000, "working")
    assert sys.getrefcount(True) > before - 100  # PySide6 6.12.0 took one reference per emit: 2000
