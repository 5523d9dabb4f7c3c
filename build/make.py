"""Build the standalone application: ``python build/make.py`` → ``dist/hmics-desktop/``.

Needs the project and PyInstaller installed (``python -m pip install ".[build]"``).
Prints the size of the folder it made, and what takes it: each package folder, the shared
libraries and Python's own runtime beside them, and the executables.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "dist"
WORK = ROOT / "build" / "work"


def components(bundle: Path) -> Counter[str]:
    """The bundle's bytes by component: a package folder, the loose libraries, the executables."""
    sizes: Counter[str] = Counter()
    for file in bundle.rglob("*"):
        if file.is_file() and not file.is_symlink():
            parts = file.relative_to(bundle).parts
            if parts[0] != "_internal":
                sizes["the executables"] += file.stat().st_size
            elif len(parts) > 2:
                sizes[parts[1]] += file.stat().st_size
            else:
                sizes["libraries and the Python runtime"] += file.stat().st_size
    return sizes


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
    # PyInstaller's cache of its own in this checkout: "--clean" empties it, and the shared one (in the user's
    # cache folder) was emptied under another checkout's build running at the same time, which then failed
    cache = {"PYINSTALLER_CONFIG_DIR": str(WORK / "pyinstaller")}
    result = subprocess.run(command, cwd=ROOT, env={**os.environ, **cache})
    if result.returncode:
        return result.returncode
    bundle = DIST / "hmics-desktop"
    sizes = components(bundle)
    largest = ", ".join(f"{name} {size / 1e6:.0f}" for name, size in sizes.most_common(8))
    print(f"built {bundle} ({sum(sizes.values()) / 1e6:.0f} MB; in MB: {largest})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
