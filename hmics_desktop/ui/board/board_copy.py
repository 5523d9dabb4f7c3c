"""Ctrl+C on the board: the selected rows as a table that pastes into Excel or Word."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from hmics_desktop.services.board import BoardRow, Column


def _full(row: BoardRow, column: Column, today: date) -> str:
    return {"text": row.text, "latest_text": row.latest_text, "next_steps": row.next_steps}.get(
        column.key, column.display(row, today)
    )


def copy_rows(rows: list[BoardRow], columns: list[Column], today: date) -> None:
    """Put the rows on the clipboard as tab-separated text and as an HTML table."""
    table = [[c.title for c in columns]] + [[_full(r, c, today) for c in columns] for r in rows]

    def tsv_cell(text: str) -> str:
        return f'"{text.replace(chr(34), chr(34) * 2)}"' if any(ch in text for ch in '\t\n"') else text

    plain = "\n".join("\t".join(tsv_cell(cell) for cell in line) for line in table) + "\n"
    header = "".join(f"<th>{escape(cell)}</th>" for cell in table[0])
    body = "".join(
        "<tr>" + "".join(f"<td>{escape(cell).replace(chr(10), '<br>')}</td>" for cell in line) + "</tr>"
        for line in table[1:]
    )
    mime = QMimeData()
    mime.setText(plain)
    mime.setHtml(f"<table border='1'><tr>{header}</tr>{body}</table>")
    QApplication.clipboard().setMimeData(mime)
