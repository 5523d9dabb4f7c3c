"""The recommendation form's “Closed on” date: today when left empty, the day typed otherwise."""

from datetime import date

from PySide6.QtCore import Qt

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.services.plans import load_example_plan
from hmics_desktop.storage.models import Recommendation


def _rec(number: int) -> Recommendation:
    return Recommendation.get((Recommendation.number == number) & (Recommendation.kind == "recommendation"))


def _save(qtbot, form) -> None:
    form.activateWindow()
    qtbot.waitUntil(form.isActiveWindow)
    qtbot.keyClick(form, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def test_closing_on_the_form_records_the_closure_date(qtbot, main_window) -> None:
    load_example_plan()
    main_window.plans_changed.emit()
    form = main_window.edits.open_form("recommendation", _rec(2).id)
    form.status.setCurrentIndex(form.status.findData("closed"))
    form.impact.setPlainText("The strategy was revised and published.")
    _save(qtbot, form)
    assert _rec(2).closed_on == PlanDate.from_date(date.today())
    form.closed_on.setText("10/02/2025")
    _save(qtbot, form)
    assert _rec(2).closed_on == PlanDate(2025, 2, 10)
    form.closed_on.setText("Smarch 2025")
    _save(qtbot, form)
    assert "not a month" in form.problems["closed_on"].text()
    assert _rec(2).closed_on == PlanDate(2025, 2, 10)
    form.closed_on.setText("10/02/2025")
    form.status.setCurrentIndex(form.status.findData("open"))
    _save(qtbot, form)
    assert _rec(2).closed_on is None and form.closed_on.text() == ""
