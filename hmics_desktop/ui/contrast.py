"""Colours everyone can read, high contrast, and a focus frame you can see.

- Contrast as WCAG measures it: text at 4.5:1 against its background, the parts of a control
  and the focus frame at 3:1.
- High contrast: when the system asks for it (Windows' contrast themes) the application keeps
  the system's palette, and its own colours (problems, on track, delayed) are chosen against
  it; Edit ▸ Preferences can also turn on the application's own high-contrast palette (white
  on black, drawn with the classic Windows style, whose bevels take their colours from the
  palette, as Windows itself draws in high contrast).
- The focus frame (:mod:`.focus_ring`), started here with the look.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QWidget

from hmics_desktop.ui.focus_ring import FocusRing

TEXT_CONTRAST = 4.5  # WCAG 1.4.3: text
PART_CONTRAST = 3.0  # WCAG 1.4.11: the parts of controls, the focus frame, the bar's segments

# The application's colours: for a light background, and for a dark one (high contrast).
TONES: dict[str, tuple[str, str]] = {
    "problem": ("#a4262c", "#ff9e9e"),
    "delayed": ("#a4262c", "#ff9e9e"),
    "on_track": ("#0b6a0b", "#8ce08c"),
    "closed": ("#505050", "#d0d0d0"),
    "muted": ("#555555", "#c8c8c8"),
}
BAR_TONES: dict[str, tuple[str, str]] = {  # the counts' bar: closed, on track, delayed
    "closed": ("#7a7a7a", "#bdbdbd"),
    "on_track": ("#2e7d32", "#66bb6a"),
    "delayed": ("#c62828", "#ff6e6e"),
}
HIGH_CONTRAST: dict[QPalette.ColorRole, str] = {
    QPalette.ColorRole.Window: "#000000",
    QPalette.ColorRole.WindowText: "#ffffff",
    QPalette.ColorRole.Base: "#000000",
    QPalette.ColorRole.AlternateBase: "#1f1f1f",
    QPalette.ColorRole.Text: "#ffffff",
    QPalette.ColorRole.Button: "#000000",
    QPalette.ColorRole.ButtonText: "#ffffff",
    QPalette.ColorRole.BrightText: "#ffffff",
    QPalette.ColorRole.Highlight: "#1aebff",
    QPalette.ColorRole.HighlightedText: "#000000",
    QPalette.ColorRole.ToolTipBase: "#000000",
    QPalette.ColorRole.ToolTipText: "#ffffff",
    QPalette.ColorRole.PlaceholderText: "#c8c8c8",
    QPalette.ColorRole.Link: "#ffff00",
    QPalette.ColorRole.LinkVisited: "#ffb0ff",
    QPalette.ColorRole.Light: "#ffffff",
    QPalette.ColorRole.Midlight: "#c8c8c8",
    QPalette.ColorRole.Mid: "#a0a0a0",
    QPalette.ColorRole.Dark: "#ffffff",
    QPalette.ColorRole.Shadow: "#ffffff",
}
DISABLED_TEXT = "#a6a6a6"  # 8.6:1 on black: a control that is off still reads


def luminance(colour: QColor) -> float:
    """WCAG's relative luminance of an sRGB colour."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(one: QColor, other: QColor) -> float:
    """WCAG's contrast ratio, from 1 (the same) to 21 (black on white)."""
    lighter, darker = sorted((luminance(one), luminance(other)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def high_contrast_palette() -> QPalette:
    palette = QPalette()
    for role, colour in HIGH_CONTRAST.items():
        palette.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    return palette


def _pick(choices: tuple[str, str], palette: QPalette, needed: float) -> QColor:
    """The first of ``choices`` that stands out from the window and the fields at ``needed``, else the text colour."""
    backgrounds = (palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.Base))
    for name in choices:
        colour = QColor(name)
        if all(contrast(colour, background) >= needed for background in backgrounds):
            return colour
    return palette.color(QPalette.ColorRole.WindowText)


def tone(name: str, palette: QPalette | None = None) -> QColor:
    """One of :data:`TONES` as text, readable (4.5:1) on the palette in use."""
    return _pick(TONES[name], palette or QApplication.palette(), TEXT_CONTRAST)


def bar_tone(name: str, palette: QPalette | None = None) -> QColor:
    """A segment of the counts' bar (:data:`BAR_TONES`), standing out (3:1) from the palette's fields."""
    return _pick(BAR_TONES[name], palette or QApplication.palette(), PART_CONTRAST)


class QuietLabel(QLabel):
    """Words said more quietly (the muted tone), at 4.5:1 on the palette in use, as it changes."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._colour()

    def _colour(self) -> None:
        wanted = tone("muted")
        if self.palette().color(QPalette.ColorRole.WindowText) != wanted:  # set only when it changes
            palette = QPalette()  # only this role: the others follow the application's
            palette.setColor(QPalette.ColorRole.WindowText, wanted)
            self.setPalette(palette)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self._colour()
        super().changeEvent(event)


class _Look(QObject):
    """The platform's own style, kept to come back to from the application's high contrast.

    The palette is the platform's (it follows the system's colours) unless the application's own
    high contrast is on; when the system's contrast setting changes while the application runs,
    the style follows it.
    """

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.style_name = ""  # the platform's, read when the application's high contrast first replaces it
        self.high = False  # the application's own choice (Preferences)
        self.ring = FocusRing(app)
        self.hints = app.styleHints()
        self.hints.accessibility().contrastPreferenceChanged.connect(self._on_system_colours_changed)
        self.hints.colorSchemeChanged.connect(self._on_system_colours_changed)

    def _on_system_colours_changed(self) -> None:
        apply_contrast(self.high)


_look: list[_Look] = []


def system_wants_high_contrast() -> bool:
    """Whether the system's settings ask for high contrast (Windows' contrast themes)."""
    hints = QGuiApplication.styleHints()  # kept while its accessibility hints are read (Qt owns them)
    return bool(hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast)


def apply_contrast(high: bool) -> None:
    """The application's high contrast on (``high``) or off; with the system's high contrast on, its palette stays.

    The first call keeps the platform's style and palette, and starts the focus frame.
    """
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    if not _look:
        _look.append(_Look(app))
    look = _look[0]
    look.high = high
    own = high and not system_wants_high_contrast()
    if own or look.style_name:  # (Python's view of the style, QStyle, is made only when it is changed)
        look.style_name = look.style_name or app.style().name()
        style = "windows" if own else look.style_name
        if app.style().name().lower() != style.lower():  # by name: Qt makes and owns the style
            app.setStyle(style)
    if own:
        app.setPalette(high_contrast_palette())
        return
    app.setPalette(QPalette())  # an empty palette: the system's, followed as it changes
    hint = QPalette()  # but for the hints in empty fields, which the styles draw at half the text's strength
    hint.setColor(QPalette.ColorRole.PlaceholderText, _pick(TONES["muted"], app.palette(), TEXT_CONTRAST))
    app.setPalette(hint)
