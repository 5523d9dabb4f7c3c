"""What a test needs of the operating system, said once: it is skipped, with the reason, elsewhere."""

import sys

import pytest

posix_permissions = pytest.mark.skipif(
    sys.platform == "win32",
    reason="Windows files and folders have no POSIX permissions or umask (chmod sets only a file's read-only flag)",
)
