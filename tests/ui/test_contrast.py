"""Colours everyone can read, in the usual colours and in high contrast: measured, as WCAG measures them.

Text at 4.5:1 against its background, the bar's segments and the focus frame at 3:1 (WCAG 1.4.3
and 1.4.11); the application's high contrast from Preferences; nothing told by colour alone.
"""

from __future__ import annotations

import pytest
from example_rows import action
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QScrollArea, QStyleFactory

from hmics_desktop.services.board import COLUMN_KEYS
from hmics_desktop.ui import contrast
from hmics_desktop.ui.board.counts_table import BAR_COLUMN
from hmics_desktop.ui.contrast import BAR_TONES, TONES, bar_tone, high_contrast_palette, tone
from hmics_desktop.ui.shell.preferences import PreferencesDialog

Role = QPalette.ColorRole
TEXT_ON = [(Role.WindowText, Role.Window), (Role.Text, Role.Base), (Role.Text, Role.AlternateBase),
           (Role.ButtonText, Role.Button), (Role.HighlightedText, Role.Highlight), (Role.ToolTipText, Role.ToolTipBase),
           (Role.PlaceholderText, Role.Base), (Role.Link, Role.Base), (Role.LinkVisited, Role.Base)]  # fmt: skip


def _palette(window: str, base: str, text: str) -> QPalette:
    palette = QPalette()
    for role, colour in ((Role.Window, window), (Role.Base, base), (Role.WindowText, text), (Role.Text, text)):
        palette.setColor(role, QColor(colour))
    return palette


PALETTES = {
    "Fusion's": QStyleFactory.create("Fusion").standardPalette,
    "Windows 11 light": lambda: _palette("#f3f3f3", "#ffffff", "#000000"),
    "Windows 10 classic": lambda: _palette("#f0f0f0", "#ffffff", "#000000"),
    "ours, high contrast": high_contrast_palette,
    "Windows High Contrast White": lambda: _palette("#ffffff", "#ffffff", "#000000"),
    "Windows Night sky": lambda: _palette("#000000", "#000000", "#ffffff"),
    "Windows Dusk": lambda: _palette("#2d3236", "#2d3236", "#ffffff"),
}


def test_our_high_contrast_palette_reads_at_4_5_to_1_everywhere() -> None:
    palette = high_contrast_palette()
    for text, background in TEXT_ON:
        assert contrast.contrast(palette.color(text), palette.color(background)) >= 4.5, (text, background)
        disabled = palette.color(QPalette.ColorGroup.Disabled, text)
        assert contrast.contrast(disabled, palette.color(background)) >= 4.5 or text not in (Role.Text, Role.WindowText)
    for edge in (Role.Light, Role.Dark, Role.Shadow, Role.Mid):  # the classic style's bevels: each control's outline
        assert contrast.contrast(palette.color(edge), palette.color(Role.Button)) >= 3, edge


@pytest.mark.parametrize("name", sorted(PALETTES))
def test_our_colours_read_on_every_palette(name: str) -> None:
    palette = PALETTES[name]()
    window, base = palette.color(Role.Window), palette.color(Role.Base)
    for tone_name in TONES:
        colour = tone(tone_name, palette)
        assert min(contrast.contrast(colour, window), contrast.contrast(colour, base)) >= 4.5, tone_name
    for part in BAR_TONES:
        assert contrast.contrast(bar_tone(part, palette), base) >= 3, part
    # the focus frame is drawn in the window's text colour, around the control, on the window
    assert contrast.contrast(palette.color(Role.WindowText), window) >= 3


def test_the_contrast_ratio_is_wcags() -> None:
    assert round(contrast.contrast(QColor("#000000"), QColor("#ffffff")), 1) == 21.0
    assert round(contrast.contrast(QColor("#767676"), QColor("#ffffff")), 2) == 4.54  # the lightest grey at 4.5
    assert contrast.contrast(QColor("#a4262c"), QColor("#a4262c")) == 1


def test_preferences_turn_high_contrast_on_and_off(qtbot, window, settings) -> None:
    app = QApplication.instance()
    before = app.style().name()
    dialog = PreferencesDialog(settings, window)
    qtbot.addWidget(dialog)
    dialog.high_contrast.setChecked(True)
    dialog.accept()
    try:
        assert app.palette().color(Role.Window) == QColor("#000000") and app.style().name().lower() == "windows"
        model = window.board.model
        column = COLUMN_KEYS.index("standing")
        for row in range(model.rowCount()):
            shown = QColor(model.index(row, column).data(Qt.ItemDataRole.ForegroundRole))  # the text's colour
            assert contrast.contrast(shown, QColor("#000000")) >= 4.5  # on track / delayed, readable on black
            assert model.index(row, column).data().strip()  # the colour is beside words: On track, Delayed, …
        assert all(bar_tone(part).name() in window.board._legend.text() for part in BAR_TONES)  # 3:1 on black
        rule = window.board.rule  # the quieter words follow, once the palette's change has reached them
        qtbot.waitUntil(lambda: contrast.contrast(rule.palette().color(Role.WindowText), QColor("#000000")) >= 4.5)
    finally:
        dialog = PreferencesDialog(settings, window)
        qtbot.addWidget(dialog)
        dialog.high_contrast.setChecked(False)
        dialog.accept()
    assert app.style().name() == before and app.palette().color(Role.Window) != QColor("#000000")


@pytest.mark.parametrize("high", [False, True])
def test_the_hints_in_empty_fields_read_too(qapp, high: bool) -> None:
    contrast.apply_contrast(high)
    palette = QApplication.instance().palette()
    assert contrast.contrast(palette.color(Role.PlaceholderText), palette.color(Role.Base)) >= 4.5
    contrast.apply_contrast(False)


def test_with_the_systems_high_contrast_its_palette_stays(qtbot, window, settings, monkeypatch) -> None:
    monkeypatch.setattr(contrast, "system_wants_high_contrast", lambda: True)
    contrast.apply_contrast(True)  # ticked in Preferences too: the system's colours win
    assert QApplication.instance().palette().color(Role.Window) != QColor("#000000")
    contrast.apply_contrast(False)


def test_the_counts_bar_is_named_with_its_figures_under_a_heading(window) -> None:
    model = window.board.counts_model
    assert model.headerData(BAR_COLUMN, Qt.Orientation.Horizontal) == "Closed · on track · delayed"
    crime_audit = model.index(1, BAR_COLUMN)
    assert crime_audit.data(Qt.ItemDataRole.AccessibleTextRole) == (
        "1 closed, 0 ongoing – on track, 5 ongoing – delayed"
    )  # as at the example's date: the published 6 · 1 · 0 · 5


def test_the_focus_frame_rings_what_has_the_keyboard(qtbot, window) -> None:
    form = window.edits.open_form("action", action("1.1").id)
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    for field in (form.owner, form.status, form.next_steps.list):  # inside the boxes the form wraps them in
        form.findChild(QScrollArea).ensureWidgetVisible(field)  # as Tab scrolls the form to it
        field.setFocus()
        qtbot.waitUntil(lambda field=field: QApplication.focusWidget() is field)
        picture = form.grab().toImage()
        corner = field.mapTo(form, QPoint(0, 0))
        background = form.palette().color(Role.Window)
        for x, y in (
            (corner.x() + field.width() // 2, corner.y() - 1),
            (corner.x() - 1, corner.y() + field.height() // 2),
            (corner.x() + field.width(), corner.y() + field.height() // 2),
        ):  # above, left, right of it
            edge = picture.pixelColor(x, y)
            assert contrast.contrast(edge, background) >= 3, (field, x, y, edge.name(), background.name())
    form.close()


def _set_high_contrast(qtbot, window, settings, high: bool) -> None:
    dialog = PreferencesDialog(settings, window)
    qtbot.addWidget(dialog)
    dialog.high_contrast.setChecked(high)
    dialog.accept()


@pytest.mark.parametrize("made_before", [True, False])
def test_the_plans_tabs_details_read_in_high_contrast_whenever_it_was_made(qtbot, window, settings,
                                                                           made_before: bool) -> None:  # fmt: skip
    if made_before:  # the item's details shown, then the colours changed under them
        window.workspace.setCurrentWidget(window.plans_page)
        window.plan_view.select_number("4.1")
    _set_high_contrast(qtbot, window, settings, True)
    try:
        window.workspace.setCurrentWidget(window.plans_page)
        window.plan_view.select_number("4.1")
        details = window.plan_view.detail
        light, dark = TONES["muted"]
        qtbot.waitUntil(lambda: dark in details.toHtml())  # the field names: Owner, Target date…
        assert light not in details.toHtml()  # 2.6:1 on black
    finally:
        _set_high_contrast(qtbot, window, settings, False)
    qtbot.waitUntil(lambda: light in details.toHtml())
