"""The read-only detail of the selected recommendation or action: fields, progress, links."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QTimer
from PySide6.QtWidgets import QTextBrowser, QWidget

from hmics_desktop.services.plan_queries import Detail
from hmics_desktop.ui.contrast import tone


def _quiet(html: str) -> str:
    """``html`` in the quieter colour, readable (4.5:1) on the colours in use."""
    return f"<span style='color:{tone('muted').name()}'>{html}</span>"


def _paragraphs(text: str) -> str:
    return "".join(f"<p style='margin:0 0 6px 0'>{escape(line)}</p>" for line in text.splitlines() if line.strip())


def _elided(text: str, limit: int = 140) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + " …"


def render(detail: Detail) -> str:
    rows = "".join(
        f"<tr><td style='padding:2px 12px 2px 0;white-space:nowrap' valign='top'>{_quiet(escape(name))}</td>"
        f"<td style='padding:2px 0'>{_paragraphs(value) or '—'}</td></tr>"
        for name, value in detail.fields
    )
    parts = [f"<h2 style='margin:0 0 8px 0'>{escape(detail.heading)}</h2>", _paragraphs(detail.text)]
    parts.append(f"<table cellspacing='0' style='margin-top:8px'>{rows}</table>")
    if detail.links:
        items = "".join(f"<li><b>{escape(n)}</b> {escape(_elided(t))}</li>" for n, t in detail.links)
        parts.append(f"<h3>Links</h3><ul style='margin-left:-20px'>{items}</ul>")
    if detail.progress or detail.heading.startswith("Action"):
        parts.append("<h3>Progress history (newest first)</h3>")
        if not detail.progress:
            parts.append(f"<p>{_quiet('No progress recorded yet.')}</p>")
        for on, text in detail.progress:
            parts.append(f"<p style='margin:6px 0 2px 0'><b>As at {escape(str(on))}</b></p>{_paragraphs(text)}")
    if detail.history:
        items = "".join(f"<li>{escape(line)}</li>" for line in detail.history)
        parts.append(f"<h3>Target dates and evidence</h3><ul style='margin-left:-20px'>{items}</ul>")
    return "".join(parts)


class DetailPane(QTextBrowser):
    """The details, written again in the colours in use once they change (high contrast on or off).

    Looked at when the pane is painted: a pane made under one palette was not always told of the next.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setAccessibleName("Details of the selected item")
        self._shown: Detail | None = None
        self._quiet_colour = ""  # the quieter words' colour, as written
        self._rewrite = QTimer(self)  # the pane's own: it goes with the pane
        self._rewrite.setSingleShot(True)
        self._rewrite.setInterval(0)
        self._rewrite.timeout.connect(self._write_again)
        self.clear_detail()

    def show_detail(self, detail: Detail) -> None:
        self._shown = detail
        self._quiet_colour = tone("muted").name()
        self.setHtml(render(detail))

    def clear_detail(self) -> None:
        self._shown = None
        self._quiet_colour = tone("muted").name()
        self.setHtml(f"<p>{_quiet('Select a recommendation or an action to see all of it here.')}</p>")

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._quiet_colour != tone("muted").name():
            self._rewrite.start()  # not while painting
        return super().viewportEvent(event)

    def _write_again(self) -> None:
        scrolled = self.verticalScrollBar().value()
        if self._shown is not None:
            self.show_detail(self._shown)
        else:
            self.clear_detail()
        self.verticalScrollBar().setValue(scrolled)
