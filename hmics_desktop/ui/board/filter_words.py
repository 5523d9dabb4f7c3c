"""What the board's filters show, in words ("Crime Audit 2020, not updated since 15/02/2022")."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hmics_desktop.ui.board.board_view import BoardView


def filter_in_words(board: BoardView) -> str:
    """The filter in words, for the title of an update round."""
    parts = [board.inspection.currentText() if board.inspection.currentData() is not None else "all inspections"]
    for combo, name in ((board.status, "status"), (board.owner, "owner"), (board.standing, "")):
        if combo.currentData() is not None:
            parts.append(f"{name} {combo.currentText()}".strip())
    if board.overdue.isChecked():
        parts.append("overdue")
    if board.awaiting.isChecked():
        parts.append("awaiting HMICS")
    if board.stale.isChecked():
        parts.append(f"not updated since {board.last_meeting.date().toString('dd/MM/yyyy')}")
    parts += board.classes.describe()
    if board.search.text().strip():
        parts.append(f"“{board.search.text().strip()}”")
    return ", ".join(parts)
