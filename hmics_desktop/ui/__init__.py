"""The desktop interface (PySide6): the only layer that imports Qt.

Python's automatic cycle collection is off from the moment the interface is loaded: the window
collects on its GUI thread instead (:mod:`hmics_desktop.ui.garbage`, once the application is
made). Turned off only then, it walked the window's modules again and again while they loaded
(some 36,000 objects that live as long as the window does): 43 collections, about 12 ms of the
window's start.
"""

import gc

gc.disable()
