"""What a screen reader needs from the windows: names from the visible labels, and status said aloud.

Qt names a field after a label whose buddy it is only when the two share a parent; the forms
wrap each field in a box (its problem shown under it), so the name is given here, from the
same words the label shows. Status changes (a save, an undo, an import finished) go to the
status bar and to the screen reader as a polite announcement (Qt's accessibility events);
a problem that stops a save is announced at once.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget


def spoken(label: str) -> str:
    """The words a label shows, as a name: "&Owner:" → "Owner"."""
    return label.replace("&&", "\0").replace("&", "").replace("\0", "&").strip().rstrip(":").strip()


def name_after(field: QWidget, label: str, description: str | None = None) -> QWidget:
    """Name ``field`` after its visible label (and describe what it takes, where the label does not say)."""
    field.setAccessibleName(spoken(label))
    if description:
        field.setAccessibleDescription(description)
    return field


def labelled(label: str, field: QWidget, description: str | None = None) -> QLabel:
    """A label for ``field``: its mnemonic moves to the field, and the field is named after it."""
    caption = QLabel(label)
    caption.setBuddy(field)
    name_after(field, label, description)
    return caption


def announce(widget: QWidget, sentence: str, *, urgent: bool = False) -> None:
    """Have the screen reader say ``sentence`` (polite: after what it is saying; urgent: at once)."""
    from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent  # large: made when first said

    event = QAccessibleAnnouncementEvent(widget, sentence)
    if urgent:
        event.setPoliteness(QAccessible.AnnouncementPoliteness.Assertive)
    QAccessible.updateAccessibility(event)


def tell(window: QMainWindow, sentence: str, seconds: int = 0) -> None:
    """A status change: shown in the window's status bar (for ``seconds``, or until the next) and said aloud."""
    window.statusBar().showMessage(sentence, seconds * 1000)
    announce(window.statusBar(), sentence)


def _focus_chain(window: QWidget) -> list[QWidget]:
    """The widgets of ``window`` that Tab stops at, in Tab's order.

    PySide makes the widget ``nextInFocusChain`` returns a Python child of the widget asked (its
    return-value rule): the window itself, reached last, became the child of one of its own fields,
    a cycle of wrappers that the collector (:mod:`garbage`) then destroyed with the window open —
    a form or a dialog that vanished. Each widget passed is put back under its real parent (a no-op
    for Qt, which keeps the parent it has; PySide's keeping of the wrapper is restored).
    """
    chain, passed, widget = [], [], window.nextInFocusChain()
    while widget is not window and widget not in passed:
        passed.append(widget)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.window() is window:
            chain.append(widget)
        widget = widget.nextInFocusChain()
    for each in (*passed, window):
        QObject.setParent(each, each.parent())
    return chain


def buttons_last(window: QWidget, buttons: QWidget) -> None:
    """Tab reaches ``buttons`` after every field (a dialog made them first); it opens on its first field.

    A field that already has the focus (the action form's progress update) keeps it.
    """
    chain = _focus_chain(window)
    fields = [widget for widget in chain if not buttons.isAncestorOf(widget)]
    order = fields + [widget for widget in chain if buttons.isAncestorOf(widget)]
    for before, after in pairwise(order):
        QWidget.setTabOrder(before, after)
    focused = window.focusWidget()
    first = next((w for w in fields if w.isEnabled() and w.isVisibleTo(window)), None)
    if first is not None and (focused is None or buttons.isAncestorOf(focused)):
        first.setFocus(Qt.FocusReason.OtherFocusReason)
