"""A real, small file system (tmpfs) for the tests of a full or read-only disk; skipped where none can be mounted."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest


@contextlib.contextmanager
def small_file_system(size: str, prefix: str = "hmics-small-disk-") -> Iterator[Path]:
    """A folder with a file system of ``size`` ("640k", "4m") of its own, unmounted afterwards."""
    if sys.platform != "linux":
        pytest.skip("a small file system of its own is a tmpfs, which Linux has")
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True, timeout=60
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip("a small file system cannot be mounted here (mount needs root's rights)")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False, timeout=60)
        folder.rmdir()
