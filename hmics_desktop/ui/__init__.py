"""The desktop interface (PySide6): the only layer that imports Qt."""
