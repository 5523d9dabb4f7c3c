"""Files and folders the application makes are private to the user who runs it.

A plan, its backups, an exported workbook and a paper hold police information, and a shared PC
has other users: each new file is readable and writable by its owner only (0600) and each new
folder openable by its owner only (0700), as KeePassXC and Anki keep theirs. A file replaced
keeps the permissions it had (the user's choice). On Windows the permissions are the folder's.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
FOLDER_MODE = 0o700


def new_private_file(path: Path) -> None:
    """Make ``path`` as an empty private file (FileExistsError when there is one)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def private_folder(path: Path) -> None:
    """Make ``path`` (and the folders above it that are missing) private folders; one already there is left."""
    missing = [folder for folder in (path, *path.parents) if not folder.exists()]
    for folder in reversed(missing):
        folder.mkdir(mode=FOLDER_MODE, exist_ok=True)
