"""Where the pages of a printed plan break: recommendation blocks kept whole on a page, or labelled where they go on.

A recommendation block that fits on the rest of the page stays there; one that fits on a
page starts a new one. Only a block taller than a page is split, between its actions, and
every page it goes on to starts with "Recommendation N (continued)" in column A. An action
taller than the room left is cut at a wrapped line (``cell_chunks``): each page holds its
own part of each cell, under "N.M (continued)" in column B, so no page starts with a row
that is blank because the text above ran short (a cell merged over a page break would
print so). A recommendation's own text taller than a page goes on the same way in column A.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

from hmics_desktop.excel.cell_chunks import split_at_line
from hmics_desktop.excel.font_metrics import FontStyle
from hmics_desktop.excel.row_heights import LINE_POINTS, PADDING_POINTS, POINTS_PER_PIXEL, Run, cell_height

MIN_CHUNK_LINES = 4  # a part of an action shorter than this starts on the next page instead
MIN_HEADING_LINES = 3  # "Recommendation N", its status, a line of its text


def continued_label(number: str) -> str:
    """Column B of an action's part on the next page: "1.2 (continued)"."""
    return f"{number} (continued)"


@dataclass(frozen=True)
class ActionCells:
    """An action as the page sees it: its number and its cells B, C and D."""

    number: str
    cells: tuple[list[Run], list[Run], list[Run]]


@dataclass(frozen=True)
class Block:
    """A recommendation: its heading cell (column A), the cell that says it goes on, and its actions."""

    heading: list[Run]
    continued: list[Run]  # "Recommendation N (continued)"
    actions: Sequence[ActionCells]  # at least one (an empty one for a recommendation without actions)


@dataclass
class Piece:
    """One action's cells B–D on one page (the whole action, or its part there), and their height."""

    number: str
    cells: tuple[list[Run], list[Run], list[Run]]
    height: float
    continues: bool = False  # a part after the first: its cells go on from the page before


@dataclass
class Part:
    """What a block prints on one page: column A's cell over its pieces; ``new_page``: a break comes before it."""

    heading: list[Run]
    heading_height: float
    new_page: bool
    pieces: list[Piece] = field(default_factory=list)

    @property
    def height(self) -> float:
        return max(self.heading_height, sum(piece.height for piece in self.pieces))


def lines_in(points: float) -> int:
    """How many lines of text a cell ``points`` tall shows (whole pixels kept in hand)."""
    return max(math.floor((points - PADDING_POINTS - POINTS_PER_PIXEL) / LINE_POINTS), 1)


class PageLayout:
    """Lays blocks out on pages ``page`` points tall, in columns ``widths`` wide (A, B, C, D)."""

    def __init__(self, widths: Sequence[float], page: float) -> None:
        self.widths = widths
        self.page = page
        self.room = page  # what is left of the current page

    def height(self, runs: list[Run], column: int) -> float:
        return cell_height(runs, self.widths[column])

    def piece(self, action: ActionCells) -> Piece:
        return Piece(action.number, action.cells, max(self.height(r, c) for c, r in enumerate(action.cells, 1)))

    def lay_out(self, block: Block) -> list[Part]:
        pieces = [self.piece(action) for action in block.actions]
        heading = self.height(block.heading, 0)
        whole = max(heading, sum(piece.height for piece in pieces))
        if whole <= self.page:
            new_page = whole > self.room
            self.room = (self.page if new_page else self.room) - whole
            return [Part(block.heading, heading, new_page, pieces)]
        return _Split(self, block, pieces).parts


class _Split:
    """A block taller than a page, laid out part by part."""

    def __init__(self, layout: PageLayout, block: Block, pieces: list[Piece]) -> None:
        self.layout = layout
        self.block = block
        self.heading_left: list[Run] = block.heading  # column A's text not yet on a page
        self.parts: list[Part] = []
        page, room = layout.page, layout.room
        first = pieces[0].height
        starts_here = first <= room if first <= page else room >= page / 3
        self._open(new_page=not starts_here and room < page)
        for piece in pieces:
            self._place(piece)
        while self.heading_left:  # the recommendation's text goes on past its actions
            self._open(new_page=True)
            self._add(Piece("", ([], [], []), self.part.heading_height))
        layout.room = self.avail - self.part.height

    @property
    def part(self) -> Part:
        return self.parts[-1]

    def _open(self, new_page: bool) -> None:
        """Start the block's next part, on this page or a new one: its column A holds what fits of the heading."""
        if new_page:
            self.layout.room = self.layout.page
        self.avail = self.layout.room
        label = [] if not self.parts else self.block.continued
        runs = label + ([("\n", FontStyle.REGULAR)] if label and self.heading_left else []) + self.heading_left
        lines = max(lines_in(self.avail), MIN_HEADING_LINES)
        shown, self.heading_left = split_at_line(runs, self.layout.widths[0], lines)
        self.parts.append(Part(shown, self.layout.height(shown, 0), new_page or bool(self.parts)))

    def _add(self, piece: Piece) -> None:
        self.part.pieces.append(piece)

    def _fits(self, height: float) -> bool:
        return max(self.part.heading_height, sum(p.height for p in self.part.pieces) + height) <= self.avail

    def _place(self, piece: Piece) -> None:
        if self._fits(piece.height):
            self._add(piece)
            return
        if piece.height <= self.layout.page and self.part.pieces:
            self._open(new_page=True)  # fits on a page of its own, under "Recommendation N (continued)"
            self._add(piece)
            return
        left: Piece | None = piece
        while left is not None:
            space = self.avail - sum(p.height for p in self.part.pieces)
            if lines_in(space) < MIN_CHUNK_LINES and self.part.pieces:
                self._open(new_page=True)
                continue
            if self._fits(left.height):
                self._add(left)
                return
            head, left = self._cut(left, space)
            self._add(head)
            if left is not None:
                self._open(new_page=True)

    def _cut(self, piece: Piece, space: float) -> tuple[Piece, Piece | None]:
        """The part of ``piece`` that fits in ``space`` points, and the rest (None when all of it fits)."""
        lines = lines_in(space)
        heads: list[list[Run]] = []
        rests: list[list[Run]] = []
        for column, runs in enumerate(piece.cells, start=1):
            head_runs, rest_runs = split_at_line(runs, self.layout.widths[column], lines)
            heads.append(head_runs)
            rests.append(rest_runs)
        if not any(rests):
            return piece, None
        label = [(continued_label(piece.number), FontStyle.REGULAR)]
        rests[0] = label + ([("\n", FontStyle.REGULAR), *rests[0]] if rests[0] else [])
        head_cells = (heads[0], heads[1], heads[2])
        rest_cells = (rests[0], rests[1], rests[2])
        head = Piece(piece.number, head_cells, self._cells_height(head_cells), piece.continues)
        return head, Piece(piece.number, rest_cells, self._cells_height(rest_cells), True)

    def _cells_height(self, cells: tuple[list[Run], list[Run], list[Run]]) -> float:
        return max(self.layout.height(runs, column) for column, runs in enumerate(cells, start=1))
