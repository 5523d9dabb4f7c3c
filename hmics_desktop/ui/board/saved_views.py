"""The board's named views: the built-in ones and those the secretary saved, kept in the settings."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QComboBox

from hmics_desktop.ui import settings as user_settings

BUILT_IN_VIEWS: dict[str, dict[str, Any]] = {
    "Overdue actions": {"kind": "action", "overdue": True},
    "Awaiting HMICS": {"kind": "recommendation", "awaiting_hmics": True},
}
_KEY = "board/views"


def views(settings: QSettings) -> dict[str, dict[str, Any]]:
    """Every view by name: the built-in ones, then the saved ones."""
    return {**BUILT_IN_VIEWS, **json.loads(user_settings.value(settings, _KEY) or "{}")}


def save_view(settings: QSettings, name: str, state: dict[str, Any]) -> None:
    saved = json.loads(user_settings.value(settings, _KEY) or "{}")
    saved[name] = state
    settings.setValue(_KEY, json.dumps(saved))


def fill(combo: QComboBox, settings: QSettings) -> None:
    """The views offered in ``combo``, the first item asking for a choice."""
    combo.clear()
    combo.addItem("(choose a view)", None)
    for name in views(settings):
        combo.addItem(name, name)
