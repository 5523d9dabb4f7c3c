"""Where the application's shipped files are: the ``db/`` folder and ``resources/``.

In an installed wheel or a standalone bundle they sit inside the package under
``_bundled``; in a source checkout they are the repository's own folders.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _shipped(name: str) -> Path:
    bundled = _PACKAGE / "_bundled" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def db_folder() -> Path:
    """Migrations (``migrations/NNNN_*.sql``) and the example plan."""
    return _shipped("db")


def resources_folder() -> Path:
    """Icons and style sheets."""
    return _shipped("resources")


def default_database_path() -> Path:
    """The user's own plan database, in the platform's user-data folder."""
    from platformdirs import user_data_path

    return user_data_path("hmics-desktop", appauthor=False) / "plans.sqlite"


def log_folder() -> Path:
    from platformdirs import user_log_path

    return user_log_path("hmics-desktop", appauthor=False)
