"""The window's start: the application on the example plan ÷ a bare PySide6 window, both real windows.

Run: ``python benchmarks/startup_benchmark.py [--runs N] [--display :NN]``. Starts Xvfb (on the
display given, or on one it finds free) at 1366x768, then N times each, alternately, a fresh
process of the application (``hmics-desktop --db FILE``, the file holding the example plan) and
of a bare ``QMainWindow``. Each is timed from the moment it is started to its window's first
paint having been done (the event loop's first idle turn after it), read on the machine's
monotonic clock, which both processes share. Prints each run, and ends with
``start-up: window shown X s (median of N), bare PySide6 window Y s; ratio R``.
Run it alone: another program busy beside it moves the figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Both children end the same way: on their main window's first paint, once that paint is done,
# they print the monotonic clock and leave at once (what happens after is not the start).
FIRST_PAINT = textwrap.dedent(
    """
    import os, sys, time
    from PySide6.QtCore import QEvent, QObject, QTimer

    class FirstPaint(QObject):
        def eventFilter(self, watched, event):
            if event.type() == QEvent.Type.Paint:
                QTimer.singleShot(0, self.report)
            return False

        def report(self):
            print(time.monotonic(), flush=True)
            os._exit(0)

    first_paint = FirstPaint()
    """
)

# The program's own entry point, imported first as ``hmics-desktop`` does; the window module it
# imports before it opens the window comes next, and only then the watch on the first paint.
APPLICATION = (
    textwrap.dedent(
        """
        from hmics_desktop.cli.main import main
        import hmics_desktop.ui.app as app
        """
    )
    + FIRST_PAINT
    + textwrap.dedent(
        """
        shown = app.start_window

        def start_window(*args, **kwargs):
            window = shown(*args, **kwargs)
            window.installEventFilter(first_paint)
            return window

        app.start_window = start_window
        sys.exit(main(["--db", sys.argv[1]]))
        """
    )
)

BARE = FIRST_PAINT + textwrap.dedent(
    """
    from PySide6.QtWidgets import QApplication, QMainWindow

    application = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.setWindowTitle("Bare PySide6 window")
    window.installEventFilter(first_paint)
    window.show()
    sys.exit(application.exec())
    """
)


def _start_xvfb(display: str | None) -> tuple[subprocess.Popen, str]:
    """Xvfb at 1366x768 on ``display``, or on a display it finds free (``-displayfd``)."""
    if display is not None:
        server = subprocess.Popen(["Xvfb", display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
                                  stderr=subprocess.DEVNULL)  # fmt: skip
        socket = Path("/tmp/.X11-unix") / f"X{display.lstrip(':')}"
        deadline = time.monotonic() + 10
        while not socket.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Xvfb did not start on {display}")
            time.sleep(0.05)
        return server, display
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1366x768x24", "-nolisten", "tcp"],
        pass_fds=(write_end,), stderr=subprocess.DEVNULL,
    )  # fmt: skip
    os.close(write_end)
    with os.fdopen(read_end) as chosen:
        number = chosen.readline().strip()
    if not number:
        raise SystemExit("Xvfb did not start")
    return server, f":{number}"


def _time_to_first_paint(code: str, env: dict[str, str], *args: str) -> float:
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not done.stdout.strip():
        raise SystemExit(f"the window did not show (status {done.returncode}):\n{done.stderr[-3000:]}")
    return float(done.stdout.split()[-1]) - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="starts of each (default 15)")
    parser.add_argument("--display", help="the X display to start Xvfb on (default: one found free)")
    options = parser.parse_args()
    server, display = _start_xvfb(options.display)
    try:
        with tempfile.TemporaryDirectory() as folder:
            home = Path(folder)
            # As installed (pip compiles the bytecode), Python may keep the bytecode it compiles.
            inherited = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
            env = {
                **inherited, "DISPLAY": display, "QT_QPA_PLATFORM": "xcb", "PYTHONPATH": str(ROOT),
                "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data"),
                "XDG_STATE_HOME": str(home / "state"), "XDG_CACHE_HOME": str(home / "cache"),
            }  # fmt: skip
            database = home / "plans.sqlite"
            subprocess.run([sys.executable, "-m", "hmics_desktop", "example", "--db", str(database)], env=env,
                           check=True, capture_output=True, timeout=120)  # fmt: skip
            _time_to_first_paint(APPLICATION, env, str(database))  # the first starts warm the disk cache, and
            _time_to_first_paint(BARE, env)  # the application's writes its settings: not timed
            shown, bare = [], []
            for run in range(1, options.runs + 1):
                shown.append(_time_to_first_paint(APPLICATION, env, str(database)))
                bare.append(_time_to_first_paint(BARE, env))
                print(f"run {run}: window shown {shown[-1]:.3f} s, bare PySide6 window {bare[-1]:.3f} s")
    finally:
        server.terminate()
        server.wait(timeout=10)
    window, yardstick = statistics.median(shown), statistics.median(bare)
    print(
        f"start-up: window shown {window:.3f} s (median of {options.runs}), bare PySide6 window {yardstick:.3f} s; "
        f"ratio {window / yardstick:.2f}"
    )


if __name__ == "__main__":
    main()
