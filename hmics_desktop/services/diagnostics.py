"""What support needs to know: versions, XML protection, where the database and log are."""

from __future__ import annotations

import platform
import sys
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from hmics_desktop import APP_NAME, __version__
from hmics_desktop.paths import log_folder
from hmics_desktop.storage.locations import display_location


def _version(name: str) -> str:
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def xml_protection() -> str:
    """Whether openpyxl parses XML through defusedxml (entity and bomb protection)."""
    import openpyxl.xml

    return "on (defusedxml)" if openpyxl.xml.DEFUSEDXML else "OFF: defusedxml is missing"


def diagnostics(db_path: Path | str) -> list[tuple[str, str]]:
    return [
        ("Application", f"{APP_NAME} {__version__}"),
        ("Python", f"{platform.python_version()} ({sys.platform})"),
        ("Qt for Python", _version("PySide6-Essentials")),
        ("openpyxl", _version("openpyxl")),
        ("python-calamine", _version("python-calamine")),
        ("peewee", _version("peewee")),
        ("XML protection", xml_protection()),
        ("Standalone build", "yes" if getattr(sys, "frozen", False) else "no"),
        ("Plan database", display_location(db_path)),
        ("Log folder", str(log_folder())),
    ]
