"""Turn the rows of a legacy plan sheet into plans, with a warning for everything odd.

Copes with what people do to spreadsheets: the Word table pasted into Excel (merged or
blank recommendation cells, header rows repeated by hand), flat trackers with one row per
action, recommendation-level lists, lists of closures, banner rows naming the inspection
of the rows below, numbers in their own column or at the start of the text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

from hmics_desktop.domain import clock
from hmics_desktop.domain.classification import grading_in_file
from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.links import links_lines_in, parse_links, split_links_line
from hmics_desktop.domain.numbering import (
    ActionNumber,
    parse_plain_number,
    split_action_number,
    split_numbered_text,
    split_recommendation_heading,
)
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.domain.status import (
    action_status_from_words,
    recommendation_status_from_words,
)
from hmics_desktop.excel.banners import split_inspectorate
from hmics_desktop.excel.columns import (
    FIELD_LABELS,
    FIELDS,
    PLAN_FIELDS,
    Header,
    is_header_like,
    map_row,
    may_be_heading,
)
from hmics_desktop.excel.continued_action import carries_on
from hmics_desktop.excel.continued_rows import join_continued_rows
from hmics_desktop.excel.inspection_naming import SheetNaming
from hmics_desktop.excel.plan_builder import PlanBuilder, words_list
from hmics_desktop.excel.sheet_text import text_grid
from hmics_desktop.excel.sheet_warnings import CellsWithoutAnAction, cleaned_cells, rows_listed
from hmics_desktop.excel.standing_calls import StandingCalls
from hmics_desktop.excel.status_line import HeadingRead, read_heading
from hmics_desktop.excel.workbook_reader import Sheet

_Read = TypeVar("_Read")

# The columns only a recommendation has, whatever the row's action.
_RECOMMENDATION_COLUMNS = {
    "position", "impact", "initial_target", "revised_target", "recommendation_owner", "recommendation_status",
    "closed_on", "theme", "grading", "delay_category",
}  # fmt: skip
_RECOMMENDATION_FIELD_WORDS = {
    "position": "position",
    "impact": "“What we did and the impact”",
    "initial_target": "initial target",
    "revised_target": "revised target",
    "closed_on": "closure date",
    "owner": "owner",
    "status_text": "status",
    **{name: FIELD_LABELS[name].split(" (")[0].lower() for name in ("theme", "grading", "delay_category")},
}


@dataclass
class SheetParser:
    """Parses one sheet; plans are shared across sheets so that one inspection gathers."""

    sheet: Sheet
    header: Header
    naming: SheetNaming
    plans: dict[str, PlanBuilder]
    warnings: list[str]
    rows_read: int = 0  # the rows that landed in a plan
    _current: PlanRecommendation | None = None
    _claimed: int = 0  # the number the file gives the current recommendation (0: none)
    _row_number: int = 0
    _heading: tuple[str, HeadingRead] = ("", HeadingRead(None))  # the last recommendation cell read, and its reading
    _read: dict[tuple[Callable[[str], Any], str], Any] = field(default_factory=dict)  # see _read_once

    def parse(self) -> None:
        grid = text_grid(self.sheet)
        self.warnings.extend(cleaned_cells(self.sheet.name, grid.cleaned, self.header))
        for index, texts in enumerate(grid.texts[: self.header.row]):
            self._row_number = index + 1
            self._banner_row(texts, in_body=False)
        self._header_fields = map_row(grid.values[self.header.row]) if self.header.row < len(grid.values) else {}
        self._plan_columns = [c for c, name in self._header_fields.items() if name in PLAN_FIELDS]
        self._columns = {name: column for name in FIELDS if (column := self.header.column(name)) is not None}
        self._has_recommendation_columns = bool(_RECOMMENDATION_COLUMNS & self._columns.keys())
        status = "recommendation_status" if {"action", "action_number"} & self._columns.keys() else "status"
        column = self._columns.get("recommendation_status", self._columns.get(status))
        self._status_column = None if column is None else self.header.headings.get(column) or FIELD_LABELS[status]
        self._skipped: dict[str, tuple[int, list[int]]] = {}  # why → the warning's slot, the rows
        standing_column = self._columns.get("standing")
        heading = self.header.headings.get(standing_column, "") if standing_column is not None else ""
        self._calls = StandingCalls(self.sheet.name, heading or FIELD_LABELS["standing"],
                                    lambda: self.naming.as_at or clock.today(), self.warnings)  # fmt: skip
        self._formulas = self._uncalculated_formulas()
        self._formula_rows: dict[tuple[tuple[str, ...], bool], tuple[int, list[int]]] = {}
        self._without_action = CellsWithoutAnAction(self.sheet.name, self.header, self.warnings)
        joined = join_continued_rows(grid.texts, self.header, grid.repeats)  # the template's parts on a next page
        for index in range(self.header.row + 1, len(grid.values)):
            if index not in grid.repeats and index not in joined:  # repeats: the cells of the row above, merged
                self._row(index, grid.values[index], grid.texts[index])
        for index in sorted(r for r in self._formulas if r >= len(grid.values)):
            self._row(index, [], [])  # a row of formulas alone at the end, which the reader leaves out
        self._word_formula_rows()
        self._calls.finish()
        self._without_action.finish()
        for why, (slot, rows) in self._skipped.items():
            listed = rows_listed(rows)
            done = "it was skipped" if len(rows) == 1 else "they were skipped"
            self.warnings[slot] = f"Sheet “{self.sheet.name}”, {listed}: {why}; {done}."

    def _skip(self, why: str) -> None:
        """Name a row that is not a plan row; rows skipped for the same reason share one warning."""
        if why not in self._skipped:
            self.warnings.append(why)  # the slot, worded once every row is read
            self._skipped[why] = (len(self.warnings) - 1, [])
        self._skipped[why][1].append(self._row_number)

    # Rows that are not plan rows ---------------------------------------------------------
    def _banner_row(self, texts: list[str], in_body: bool = True) -> tuple[bool, str] | None:
        """Read a line of its own: whether it is skipped, and what it was taken for in the users' words."""
        filled = [text for text in texts if text]
        if len(filled) != 1 or "\n" in filled[0] or len(filled[0]) > 150:
            return None
        before = self.naming.current()
        read = self.naming.line(filled[0], self._row_number, in_body)
        if self.naming.current() != before:
            self._current = None  # the rows below start another inspection
        return read

    def _repeats_header(self, values: list[Any], texts: list[str]) -> bool:
        # The header again has a heading over one of its Recommendation or Action columns: most rows are
        # ruled out by that before their every cell is mapped.
        if not any(c < len(texts) and may_be_heading(texts[c]) for c in self._plan_columns):
            return False
        fields = map_row(values)
        return is_header_like(fields) and fields.items() <= self._header_fields.items()

    def _is_banner(self, texts: list[str]) -> bool:
        if len(texts) - texts.count("") != 1:
            return False  # not one cell alone on its row
        column = next(c for c, text in enumerate(texts) if text)
        text = texts[column]
        leftmost = min(self.header.mapping, default=0)
        if column > leftmost or "\n" in text or len(text) > 150:
            return False
        return split_recommendation_heading(text) is None and split_action_number(text)[0] is None

    # Plan rows -----------------------------------------------------------------------
    def _value(self, row: _Row, name: str) -> Any:
        column = self._columns.get(name)
        return row.values[column] if column is not None and column < len(row.values) else None

    def _row(self, index: int, values: list[Any], texts: list[str]) -> None:
        formulas = self._formulas.get(index) if self._formulas else None
        if not any(texts):
            if formulas:
                self._row_number = index + 1
                self._name_formulas(formulas, skipped=True)
            return
        self._row_number = index + 1
        where = f"Sheet “{self.sheet.name}”, row {self._row_number}"
        if self._repeats_header(values, texts):
            self._skip("the header row repeated")  # repeated at a page break
            return
        banner = self._banner_row(texts) if self._is_banner(texts) else None
        if banner is not None:
            skipped, what = banner
            if skipped:
                self._skip(what)
            else:
                self.warnings.append(f"{where}: {what}.")
            return
        row = _Row(values, {name: texts[c] if c < len(texts) else "" for name, c in self._columns.items()})
        if formulas:
            what = "action" if "action" in self._columns else "recommendation"
            skipped = self._columns[what] in formulas and not row.texts.get(what)
            self._name_formulas(formulas, skipped)
            if skipped:
                return
        builder = self._builder(row)
        recommendation = self._recommendation_for(row, builder, where)
        if recommendation is None:
            return
        self.rows_read += 1
        if row.texts.get("action") or row.texts.get("action_number"):
            self._action(row, builder, recommendation, where)
        else:
            self._recommendation_fields(row, recommendation, where, with_actions=False)
            self._without_action.note(self._row_number, row.texts)

    def _builder(self, row: _Row) -> PlanBuilder:
        named = row.texts.get("inspection", "")
        if named:
            inspectorate, name = split_inspectorate(named)
            name = name or named
            heading = self.header.headings.get(self._columns["inspection"]) or FIELD_LABELS["inspection"]
            source = f"the “{heading}” column"
        else:
            inspectorate = None
            name, source = self.naming.current()
        if name not in self.plans:
            self.plans[name] = PlanBuilder(Plan(inspection=name, named_from=source), self.warnings)
            self._current, self._claimed = None, 0
        plan = self.plans[name].plan
        plan.inspectorate = plan.inspectorate or inspectorate or self.naming.inspectorate  # None: the file names none
        if plan.plan_title is None and self.naming.plan_title:
            plan.plan_title = self.naming.plan_title
            plan.as_at = self.naming.as_at.isoformat() if self.naming.as_at else None
        return self.plans[name]

    def _kind(self, row: _Row) -> str | None:
        text = row.texts.get("kind", "").lower()
        if not text:
            return None
        return "area_for_development" if "area" in text or "afd" in text else "recommendation"

    def _recommendation_for(self, row: _Row, builder: PlanBuilder, where: str) -> PlanRecommendation | None:
        text = row.texts.get("recommendation", "")
        column_kind = self._kind(row)
        kind = column_kind or "recommendation"
        written = row.texts.get("recommendation_number", "")
        number = parse_plain_number(self._value(row, "recommendation_number")) if written else None
        if text != self._heading[0]:  # a cell merged down over its actions' rows is read once
            self._heading = (text, read_heading(text, self._status_column))
            self.warnings.extend(f"{where}: {kept}." for kept in self._heading[1].kept)
        heading, status = self._heading[1].heading, self._heading[1].status
        if heading is not None:
            number = heading.number  # the heading in the cell is the surest number
            kind = column_kind or heading.kind
            written = text[: len(text) - len(heading.text)].strip().rstrip(":.-–— ")
            text = heading.text
        elif (numbered := self._numbered_text(row, text, number)) is not None:
            number, text = numbered
            written = str(number)
        if number is None:
            number = self._number_from_action(row)
            written = str(number)
        current = self._current
        if number is None and current is not None and (not text or text == current.text):
            return current  # a continuation row: blank or repeated recommendation cell
        row_number = self._row_number
        if number is None and not text:
            self.warnings.append(f"{where}: no recommendation for this row; it was skipped.")
            return None
        if number is None:
            recommendation = builder.unnumbered(kind, text, where, "the recommendation has no number; it", row_number)
        elif number < 1:
            reason = f"“{written}” is not a recommendation number (they start at 1); the recommendation"
            recommendation = builder.unnumbered(kind, text, where, reason, row_number)
        else:
            recommendation = builder.numbered(kind, number, text, where, row_number)
        if status is not None:  # "Closed September 2024" under the number, as the template writes it
            recommendation.status = status[0]
            recommendation.closed_on = recommendation.closed_on or status[1]
        self._current, self._claimed = recommendation, number or 0
        return recommendation

    def _goes_on(self, row: _Row, recommendation: PlanRecommendation, text: str) -> bool:
        """Whether an unnumbered row holding nothing but action text carries on the numbered action above."""
        others = (value for name, value in row.texts.items() if name not in _ROW_OF_THE_RECOMMENDATION)
        if not text.strip() or not recommendation.actions or any(others):
            return False
        last = recommendation.actions[-1]
        return bool(last.number) and carries_on(last.text, text)

    def _numbered_text(self, row: _Row, text: str, number: int | None) -> tuple[int, str] | None:
        """A text numbered as a list ("3. Police…"): its number and text, unless the row says another number."""
        numbered = split_numbered_text(text)
        if numbered is None:
            return None
        other = number if number is not None else self._number_from_action(row)
        return numbered if other in (None, numbered[0]) else None

    def _number_from_action(self, row: _Row) -> int | None:
        raw = row.texts.get("action_number") or row.texts.get("action", "")
        number, _ = split_action_number(raw)
        if number is not None and (self._current is None or number.recommendation != self._claimed):
            return number.recommendation
        return None

    def _date(self, row: _Row, name: str, where: str) -> str | None:
        text = row.texts.get(name)
        if not text:
            return None
        value = self._value(row, name)
        try:
            return _iso_date(value) if isinstance(value, date) else self._read_once(_iso_date, text)
        except DateError as error:
            self.warnings.append(f"{where}: {error}; the date was left empty.")
            return None

    def _read_once(self, read: Callable[[str], _Read], text: str) -> _Read:
        """``read(text)``, remembered for the sheet: the same few dates and statuses recur down a column."""
        key = (read, text)
        if key not in self._read:
            self._read[key] = read(text)  # an error is raised again each time, never remembered
        return self._read[key]  # type: ignore[no-any-return]

    def _recommendation_fields(
        self, row: _Row, recommendation: PlanRecommendation, where: str, *, with_actions: bool
    ) -> None:
        if self._has_recommendation_columns:
            for name in ("position", "impact", "theme", "delay_category"):
                self._keep(recommendation, name, row.texts.get(name), where)
            grading = grading_in_file(row.texts.get("grading"), where, self.warnings)
            self._keep(recommendation, "grading", grading, where)
            for name in ("initial_target", "revised_target", "closed_on"):
                self._keep(recommendation, name, self._date(row, name, where), where)
            self._keep(recommendation, "owner", row.texts.get("recommendation_owner"), where)
            self._recommendation_status(recommendation, row.texts.get("recommendation_status"), where)
        if with_actions:
            return
        standing = row.texts.get("standing")
        if "recommendation_status" not in self._columns:
            self._keep(recommendation, "owner", row.texts.get("owner"), where)
            if recommendation.initial_target is None:
                recommendation.initial_target = self._date(row, "target", where)
            words = row.texts.get("status")
            if words:
                self._recommendation_status(recommendation, words, where)
            elif (recommendation.impact or recommendation.closed_on) and "status" not in self._columns and not standing:
                recommendation.status = "closed"  # a list of closures: what we did and the impact, or when
        if standing:
            kept = self._calls.status_text(recommendation, standing, recommendation.status_text, self._row_number)
            if kept is not None and recommendation.status_text is None:
                self._recommendation_status(recommendation, standing, where)
            elif kept is not None:
                recommendation.status_text = kept

    def _recommendation_status(self, recommendation: PlanRecommendation, words: str | None, where: str) -> None:
        if not words or words == recommendation.status_text:
            return
        status = self._read_once(recommendation_status_from_words, words)
        self._keep(recommendation, "status_text", words, where)
        if recommendation.status_text != words:
            return  # another row gave the recommendation's status first
        if status is None:
            self.warnings.append(f"{where}: the status “{words}” was not understood; it was kept as text.")
        else:
            recommendation.status = status.value

    # Formulas Excel has not calculated ----------------------------------------------------
    def _uncalculated_formulas(self) -> dict[int, list[int]]:
        """Row → the mapped columns whose cell holds a formula without a saved value (it reads as empty)."""
        found: dict[int, list[int]] = {}
        for row, column in self.sheet.uncalculated:
            if row > self.header.row and column in self.header.mapping:
                found.setdefault(row, []).append(column)
        return found

    def _name_formulas(self, columns: list[int], skipped: bool) -> None:
        """Name a row with such formulas; rows alike share one warning."""
        headings = tuple(
            self.header.headings.get(c) or FIELD_LABELS[self.header.mapping[c]] for c in sorted(set(columns))
        )
        key = (headings, skipped)
        if key not in self._formula_rows:
            self.warnings.append("")  # the slot, worded once every row is read
            self._formula_rows[key] = (len(self.warnings) - 1, [])
        self._formula_rows[key][1].append(self._row_number)

    def _word_formula_rows(self) -> None:
        for (headings, skipped), (slot, rows) in self._formula_rows.items():
            listed = rows_listed(rows)
            several = len(headings) > 1 or len(rows) > 1
            cells = "cells hold formulas" if several else "cell holds a formula"
            outcome = (
                ("the rows were" if len(rows) > 1 else "the row was") + " skipped"
                if skipped
                else ("they were read empty" if several else "it was read empty")
            )
            self.warnings[slot] = (
                f"Sheet “{self.sheet.name}”, {listed}: the {words_list(list(headings))} {cells} Excel has not "
                f"calculated, so {outcome}; open the file in Excel, save it, and import again."
            )

    def _keep(self, recommendation: PlanRecommendation, name: str, value: str | None, where: str) -> None:
        """Set a recommendation's field from this row; a different value on a later row is named, not lost."""
        old = getattr(recommendation, name)
        if not value or value == old:
            return
        if not old:
            setattr(recommendation, name, value)
            return
        shown = PlanDate.from_iso(value).british() if name.endswith(("target", "_on")) else value
        self.warnings.append(
            f"{where}: the recommendation’s {_RECOMMENDATION_FIELD_WORDS[name]} differs from an earlier row’s, "
            f"which was kept; this row gives “{shown}”."
        )

    def _action(self, row: _Row, builder: PlanBuilder, recommendation: PlanRecommendation, where: str) -> None:
        self._recommendation_fields(row, recommendation, where, with_actions=True)
        text, links_text = split_links_line(row.texts.get("action") or "")
        number, text = split_action_number(text)
        if number is None and self._goes_on(row, recommendation, text):
            last = recommendation.actions[-1]
            last.text = f"{last.text} {text.strip()}"
            self.warnings.append(f"{where}: the text goes on from action {last.number} above; it was joined to it.")
            self._links_kept(text, f"action {last.number}", where)
            if links_text:  # the links line the cell ends with, broken off with the rest of its text
                last.links_text = f"{last.links_text};{links_text}" if last.links_text else links_text
                self._read_links(last, f"action {last.number}", where)
            return
        reason = "the action has no number; it"
        column_number = row.texts.get("action_number", "")
        if column_number:
            number = _action_number(column_number, self._claimed) or number
            written = column_number
        else:
            written = str(number)
        # "2" in an action-number column under an unnumbered recommendation is its second action (0.2 for now)
        invalid = number is not None and (number.position < 1 or number.recommendation < min(self._claimed, 1))
        if invalid or (column_number and number is None):
            reason = f"“{written}” is not an action number such as {max(self._claimed, 1)}.1; the action"
            number = None
        whose = f"action {number}" if number else "this row’s action"
        self._links_kept(text, whose, where)
        links_text = ";".join(part for part in (row.texts.get("links"), links_text) if part)  # a column and a line
        action = PlanAction(number="", text=text.strip(), links_text=links_text or None)
        if action.links_text:
            self._read_links(action, whose, where)
        action.owner = row.texts.get("owner") or None
        action.target = self._date(row, "target", where)
        action.progress = row.texts.get("progress")
        action.progress_on = self._date(row, "progress_date", where)
        action.next_steps = row.texts.get("next_steps")
        status_words = row.texts.get("status") or ""
        standing = row.texts.get("standing")
        kept = self._calls.status_text(recommendation, standing, status_words, self._row_number) if standing else None
        if kept is not None and not status_words:
            status_words = kept  # the RAG or on track / delayed words are the action's only status
        status = self._read_once(action_status_from_words, status_words) if status_words else None
        action.status = status.value if status else None
        action.status_text = kept or status_words or None
        if status_words and status is None:
            self.warnings.append(f"{where}: the status “{status_words}” was not understood; it was kept as text.")
        builder.add_action(recommendation, action, (number, written), self._claimed, where, self._row_number, reason)

    def _links_kept(self, text: str, whose: str, where: str) -> None:
        """Name each line of an action's text that reads as links though the template would not put them there."""
        for line in links_lines_in(text):
            self.warnings.append(f"{where}: “{line}” in the text of {whose} was not read as its links (the plan "
                                 "template writes them on the cell’s last line, action numbers only); it was kept "
                                 "in the text.")  # fmt: skip

    def _read_links(self, action: PlanAction, whose: str, where: str) -> None:
        """The action numbers of an action's links text, each fragment that is none said."""
        parsed = parse_links(action.links_text or "")
        action.links = parsed.numbers
        for fragment in parsed.unreadable:
            self.warnings.append(f"{where}: “{fragment}” in the links of {whose} is not an action number.")


# the columns a row shares with its recommendation (a merged cell is read on each of its rows)
_ROW_OF_THE_RECOMMENDATION = frozenset({"action", "recommendation", "recommendation_number", "kind", "inspection"})


@dataclass
class _Row:
    """A plan row: its cells' values, and the text under each column the header maps ("" for an empty cell)."""

    values: list[Any]
    texts: dict[str, str]  # field → its cell's text; no such field when the sheet has no such column


def _iso_date(value: object) -> str | None:
    """A date cell (a date, or its text) as stored; raises :class:`DateError` when it is not a date."""
    parsed = PlanDate.parse(value)
    return parsed.iso() if parsed else None


def _action_number(text: str, recommendation: int) -> ActionNumber | None:
    """An action-number cell: ``"1.2"``, or ``"2"`` meaning the second action."""
    number, rest = split_action_number(text)
    if number is not None and not rest.strip():
        return number
    plain = parse_plain_number(text)
    return ActionNumber(recommendation, plain) if plain else None
