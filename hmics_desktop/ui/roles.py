"""Custom item-data roles shared by the Qt models."""

from __future__ import annotations

from enum import IntEnum

from PySide6.QtCore import Qt


class Role(IntEnum):
    ID = Qt.ItemDataRole.UserRole + 1  # the database id of the row's item
    KIND = Qt.ItemDataRole.UserRole + 2  # "recommendation" or "action"
    SORT = Qt.ItemDataRole.UserRole + 3  # a key that sorts the column correctly
