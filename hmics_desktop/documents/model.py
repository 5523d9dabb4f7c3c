"""A paper's content as plain data: sections of headings, paragraphs and tables.

The same :class:`Document` is written to Word (:mod:`.docx_writer`) and to HTML for the
preview and the PDF (:mod:`.html_writer`), so the two always say the same thing. Both are
written to be read by a screen reader too: real headings, and a heading row on every table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum


class Emphasis(StrEnum):
    PLAIN = ""
    BOLD = "bold"
    ITALIC = "italic"


@dataclass(frozen=True)
class Line:
    """One paragraph inside a table cell."""

    text: str
    emphasis: Emphasis = Emphasis.PLAIN


@dataclass
class Cell:
    lines: list[Line] = field(default_factory=list)
    down: int = 1  # rows it spans (merged down); the cells it covers are None in their rows

    @classmethod
    def of(cls, text: str | None, emphasis: Emphasis = Emphasis.PLAIN) -> Cell:
        """A cell of ``text``, one paragraph per non-empty line."""
        return cls([Line(part.strip(), emphasis) for part in (text or "").splitlines() if part.strip()])

    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


LANGUAGE = "en-GB"  # the papers' language, told to Word, PDF readers and screen readers
LABEL_HEADERS = ["Item", "Details"]  # the heading row of a table of labelled values (the cover)


@dataclass
class Heading:
    text: str
    # 0: the paper's title; 1: a section (PURPOSE, Closures Within Reporting Period); 2: an inspection or a
    # recommendation; 3: a part of a recommendation ("Progress as at February 2022")
    level: int = 1


@dataclass
class Paragraph:
    text: str
    number: str | None = None  # "1.1": the committee's numbered paragraphs
    emphasis: Emphasis = Emphasis.PLAIN


@dataclass
class Table:
    """A table with a header row repeated on every page; ``widths`` are fractions of the line.

    ``labels`` marks a cover table: a label in bold in the first column of each row, its value
    in the second, under the heading row :data:`LABEL_HEADERS` unless ``headers`` are given.
    """

    headers: list[str]
    rows: Sequence[Sequence[Cell | None]]
    widths: list[float]
    labels: bool = False
    numeric: set[int] = field(default_factory=set)  # columns of numbers, centred

    def __post_init__(self) -> None:
        if self.labels and not self.headers:
            self.headers = list(LABEL_HEADERS)


Block = Heading | Paragraph | Table


@dataclass
class Section:
    blocks: list[Block] = field(default_factory=list)
    landscape: bool = False

    def heading(self, text: str, level: int = 1) -> None:
        self.blocks.append(Heading(text, level))

    def paragraphs(self, text: str | None, numbered: str | None = None, emphasis: Emphasis = Emphasis.PLAIN) -> None:
        """Each non-empty line of ``text`` as a paragraph; numbered ``N.1``, ``N.2``… when ``numbered`` is N."""
        lines = [part.strip() for part in (text or "").splitlines() if part.strip()]
        for index, line in enumerate(lines, start=1):
            self.blocks.append(Paragraph(line, f"{numbered}.{index}" if numbered else None, emphasis))


@dataclass
class Document:
    title: str
    marking: str = "OFFICIAL"
    sections: list[Section] = field(default_factory=list)

    def tables(self) -> list[Table]:
        return [block for section in self.sections for block in section.blocks if isinstance(block, Table)]
