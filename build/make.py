"""Build the standalone application: ``python build/make.py`` → ``dist/hmics-desktop/``.

Needs the project and PyInstaller installed (``python -m pip install ".[build]"``).
Prints the size of the folder it made.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "work"


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def main() -> int:
    if (
        shutil.which("pyinstaller") is None
        and subprocess.run([sys.executable, "-m", "PyInstaller", "--version"], capture_output=True).returncode
    ):
        print('PyInstaller is not installed: python -m pip install ".[build]"', file=sys.stderr)
        return 2
    command = [
        sys.executable, "-m", "PyInstaller", str(ROOT / "build" / "hmics-desktop.spec"),
        "--noconfirm", "--clean", "--log-level", "WARN", "--distpath", str(DIST), "--workpath", str(WORK),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT)
    if result.returncode:
        return result.returncode
    bundle = DIST / "hmics-desktop"
    print(f"built {bundle} ({folder_size(bundle) / 1e6:.0f} MB)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
