"""The user's settings, declared once here with their defaults.

Window layout, recent databases, export choices. Stored with QSettings (the registry on
Windows, an ini file elsewhere); tests pass their own ini file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QSettings

from hmics_desktop.storage.locations import Location, display_location

MAX_RECENT = 8

DEFAULTS: dict[str, Any] = {
    "export/title_prefix": "APPENDIX B - ",
    "export/marking": "OFFICIAL",
    "export/folder": "",
    "export/layout": "template",
    "import/folder": "",
    "recent_databases": [],
    "board/last_meeting": "",  # yyyy-MM-dd; empty: the last committee meeting of the papers, else a month ago
    "board/views": "{}",  # the user's saved views, JSON: name → filter
    "board/filter": "",  # the board's filter when the window closed, JSON
    "user/name": "",  # "who" in the audit trail and History; empty: the computer's login name
    "view/high_contrast": False,  # the application's own high-contrast colours (the system's are followed anyway)
    "requests/folder": "",  # where update requests were last written
    "requests/sender": "",  # the secretary's email address, for the drafts' From (empty: none)
}


def open_settings(path: Path | None = None) -> QSettings:
    if path is not None:
        return QSettings(str(path), QSettings.Format.IniFormat)
    return QSettings("hmics-desktop", "hmics-desktop")


def value(settings: QSettings, key: str) -> Any:
    default = DEFAULTS[key]
    found = settings.value(key, default)
    if isinstance(default, list):
        if found is None or found == "":
            return []
        return list(found) if isinstance(found, list | tuple) else [found]
    if isinstance(default, bool):  # an ini file gives "true" back
        return found is True or str(found).lower() == "true"
    return found


def layout(settings: QSettings, key: str) -> QByteArray | None:
    """A saved geometry or state (window, splitter, header), or None the first time."""
    found = settings.value(f"layout/{key}")
    return found if isinstance(found, QByteArray) and not found.isEmpty() else None


def save_layout(settings: QSettings, key: str, state: QByteArray) -> None:
    settings.setValue(f"layout/{key}", state)


def last_database(settings: QSettings) -> str | None:
    """The database last opened in the window: a file's path, or a server's location without password."""
    recent = value(settings, "recent_databases")
    return recent[0] if recent else None


def remember_database(settings: QSettings, location: Location) -> list[str]:
    """Put a database first in File ▸ Recent: a file's path, or a server's location without its password."""
    entry = display_location(location)
    recent = [p for p in value(settings, "recent_databases") if p != entry]
    recent.insert(0, entry)
    del recent[MAX_RECENT:]
    settings.setValue("recent_databases", recent)
    return recent
