"""The desktop interface (PySide6): the only layer that imports Qt.

Once imported, PySide6 reads the source file of every module imported after it (its
``__feature__`` import hook looks for the word "PySide6" in it, to learn whether the module may
switch on PySide's ``snake_case`` or ``true_property``): some 15 ms of the window's start, for
switches this application never uses. Every module is taken instead as PySide takes one that
imports it (no switch on), without reading its file.
"""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - it sets up the hook


def _uses_pyside(_module: ModuleType) -> bool:
    return True


_feature = sys.modules.get("PySide6.support.feature")
if _feature is not None and hasattr(_feature, "_mod_uses_pyside"):  # a PySide that has the hook
    _feature._mod_uses_pyside = _uses_pyside
