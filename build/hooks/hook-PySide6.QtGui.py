"""PySide6.QtGui as PyInstaller's own hook collects it, less the Qt plugins the application never loads.

Taken out here, before PyInstaller follows each plugin's libraries, a plugin leaves its libraries
out too: the GTK theme its GTK, cairo and pango; Wayland, EGL and the VNC platform their Qt
libraries (WaylandClient, EglFS, OpenGL, Network). The window is a widgets window on X11 (xcb),
Windows or macOS (cocoa), or offscreen; its icons are PNG, which Qt reads without a plugin.
"""

import re

from PyInstaller.utils.hooks.qt import add_qt6_dependencies

UNUSED_PLUGINS = re.compile(
    r"plugins[/\\]("
    r"egldeviceintegrations|generic|iconengines|imageformats|xcbglintegrations|wayland-[a-z-]+|"
    r"platforms[/\\][^/\\]*(eglfs|linuxfb|minimal|vnc|vkkhrdisplay|wayland)|"
    r"platformthemes[/\\][^/\\]*gtk3"
    r")"
)

hiddenimports, binaries, datas = add_qt6_dependencies(__file__)
binaries = [(source, target) for source, target in binaries if not UNUSED_PLUGINS.search(source)]
