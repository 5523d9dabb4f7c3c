"""A focus frame you can see: a ring around whatever has the keyboard, in every window.

The ring is two pixels wide, outside the control, in the window's text colour (black on the
usual palettes, white on black in high contrast: far above the 3:1 WCAG asks of it). It sits
on top of the control's window, so the boxes a field is wrapped in (its problem shown under
it) do not cut it off, and it is clipped to the part of a scrolled form on view. Qt's own
QFocusFrame is drawn inside the field's parent, which cut it off on three sides in the forms.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QPaintEvent, QPalette, QRegion
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QMenu, QWidget
from shiboken6 import isValid

WIDTH = 2  # pixels
_MOVES = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.LayoutRequest)


class _Ring(QWidget):
    """The ring itself: a child of the window, on top, letting the mouse through to what is under it."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)

    def paintEvent(self, event: QPaintEvent) -> None:
        QPainter(self).fillRect(self.rect(), self.palette().color(QPalette.ColorRole.WindowText))  # the mask: a ring


def _target() -> QWidget | None:
    """The widget the ring goes round: the one with the keyboard, asked of Qt each time (never kept)."""
    focused = QApplication.focusWidget()
    return focused if focused is not None and not focused.isWindow() and not isinstance(focused, QMenu) else None


class FocusRing(QObject):
    """Moves the ring to each widget the keyboard goes to, and with it when it moves or scrolls."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.ring: _Ring | None = None  # our own widget: Python is told when it goes (``isValid``)
        app.focusChanged.connect(self._on_app_focus_changed)

    def _on_app_focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        target = _target()
        if target is None:
            self._hide()
            return
        window = target.window()
        if self.ring is None or not isValid(self.ring) or self.ring.parentWidget() is not window:
            if self.ring is not None and isValid(self.ring):
                self.ring.deleteLater()  # one ring in all: another window's, only hidden, stayed with it
            self.ring = _Ring(window)
        # A move of the field or of any of its parents moves the ring. The filter stays on a widget the
        # keyboard has left (its moves only place the ring again), and Qt drops it when either goes: no
        # reference to a widget is kept, since Python is not told when Qt deletes a widget of its own
        # (a table's editor), and one kept would stand for whatever Qt made next at that address.
        widget: QWidget | None = target
        while widget is not None and widget is not window:
            widget.installEventFilter(self)
            widget = widget.parentWidget()
        self._place()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _MOVES:
            self._place()
        return False

    def _hide(self) -> None:
        if self.ring is not None and isValid(self.ring):
            self.ring.hide()

    def _place(self) -> None:
        ring, target = self.ring, _target()
        if (
            ring is None
            or not isValid(ring)
            or target is None
            or not target.isVisible()
            or target.window() is not ring.parentWidget()
        ):
            self._hide()
            return
        window = ring.parentWidget()
        area = QRect(target.mapTo(window, QPoint(0, 0)), target.size()).adjusted(-WIDTH, -WIDTH, WIDTH, WIDTH)
        parent = target.parentWidget()
        while parent is not None and parent is not window:  # only what of the field is on view
            if isinstance(parent, QAbstractScrollArea):
                view = parent.viewport()
                area &= QRect(view.mapTo(window, QPoint(0, 0)), view.size()).adjusted(-WIDTH, -WIDTH, WIDTH, WIDTH)
            parent = parent.parentWidget()
        if area.width() <= 2 * WIDTH or area.height() <= 2 * WIDTH:
            self._hide()
            return
        ring.setGeometry(area)
        inside = QRect(0, 0, area.width(), area.height())
        ring.setMask(QRegion(inside) - QRegion(inside.adjusted(WIDTH, WIDTH, -WIDTH, -WIDTH)))
        ring.show()
        ring.raise_()
