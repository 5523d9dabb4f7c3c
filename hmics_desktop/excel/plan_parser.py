"""Turn the rows of a legacy plan sheet into plans, with a warning for everything odd.

Copes with what people do to spreadsheets: the Word table pasted into Excel (merged or
blank recommendation cells, header rows repeated by hand), flat trackers with one row per
action, recommendation-level lists, lists of closures, banner rows naming the inspection
of the rows below, numbers in their own column or at the start of the text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from hmics_desktop.domain.dates import DateError, PlanDate
from hmics_desktop.domain.links import parse_links, split_links_line
from hmics_desktop.domain.numbering import (
    ActionNumber,
    next_free_action_number,
    parse_plain_number,
    split_action_number,
    split_recommendation_heading,
)
from hmics_desktop.domain.plan import Plan, PlanAction, PlanRecommendation
from hmics_desktop.domain.status import action_status_from_words, recommendation_status_from_words
from hmics_desktop.excel.banners import classify_banner, split_inspectorate
from hmics_desktop.excel.columns import Header, is_header_like, map_row
from hmics_desktop.excel.workbook_reader import Sheet

_RECOMMENDATION_LEVEL = ("position", "impact", "initial_target", "revised_target")


def cell_text(value: Any) -> str:
    """A cell as text: lines kept, trailing spaces and Windows line ends gone."""
    if value is None:
        return ""
    if type(value) is str and "\r" not in value and _lines_end_clean(value):
        return value.strip()  # the same result, without splitting the lines (most cells are like this)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime | date):
        return PlanDate.parse(value).british()  # type: ignore[union-attr]
    lines = str(value).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return "\n".join(line.rstrip() for line in lines).strip()


def _lines_end_clean(text: str) -> bool:
    """Whether no line of ``text`` ends in spaces (then stripping the whole text is enough)."""
    at = text.find("\n")
    while at != -1:
        if at > 0 and text[at - 1] != "\n" and text[at - 1].isspace():
            return False
        at = text.find("\n", at + 1)
    return True


def fill_merged_down(sheet: Sheet) -> list[list[Any]]:
    """Copy the value of a cell merged down over several rows into each of those rows."""
    rows = [list(row) for row in sheet.rows]
    for (top, left), (bottom, _right) in sheet.merged:
        if bottom <= top or top >= len(rows) or left >= len(rows[top]):
            continue
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            if left < len(rows[r]):
                rows[r][left] = rows[top][left]
    return rows


@dataclass
class _PlanBuilder:
    plan: Plan
    recommendations: dict[tuple[str, int], PlanRecommendation] = field(default_factory=dict)
    action_rows: dict[tuple[str, str], int] = field(default_factory=dict)

    def recommendation(self, kind: str, number: int) -> PlanRecommendation:
        key = (kind, number)
        if key not in self.recommendations:
            self.recommendations[key] = PlanRecommendation(number=number, kind=kind)
            self.plan.recommendations.append(self.recommendations[key])
        return self.recommendations[key]


@dataclass
class SheetParser:
    """Parses one sheet; plans are shared across sheets so that one inspection gathers."""

    sheet: Sheet
    header: Header
    default_inspection: str
    plans: dict[str, _PlanBuilder]
    warnings: list[str]
    inspectorate: str | None = None
    plan_title: str | None = None
    as_at: date | None = None
    _inspection: str | None = None
    _current: PlanRecommendation | None = None
    _row_number: int = 0

    def parse(self) -> None:
        grid = fill_merged_down(self.sheet)
        for row in grid[: self.header.row]:
            self._banner_row(row)
        for index in range(self.header.row + 1, len(grid)):
            self._row(index, grid[index])

    # Rows that are not plan rows ---------------------------------------------------------
    def _banner_row(self, row: list[Any]) -> None:
        texts = [cell_text(v) for v in row if cell_text(v)]
        if len(texts) != 1 or "\n" in texts[0] or len(texts[0]) > 150:
            return
        banner = classify_banner(texts[0])
        if banner.kind == "title":
            if self.plan_title is None:
                self.plan_title, self.as_at = banner.text, banner.as_at
        elif banner.kind == "inspection":
            inspectorate, name = split_inspectorate(banner.text)
            if name:
                self._inspection = name
                self.inspectorate = inspectorate or self.inspectorate
                self._current = None

    def _is_banner(self, row: list[Any]) -> bool:
        filled = [c for c, v in enumerate(row) if cell_text(v)]
        if len(filled) != 1:
            return False
        text = cell_text(row[filled[0]])
        leftmost = min(self.header.mapping, default=0)
        if filled[0] > leftmost or "\n" in text or len(text) > 150:
            return False
        return split_recommendation_heading(text) is None and split_action_number(text)[0] is None

    # Plan rows -----------------------------------------------------------------------
    def _cell(self, row: list[Any], name: str) -> Any:
        column = self.header.column(name)
        return row[column] if column is not None and column < len(row) else None

    def _text(self, row: list[Any], name: str) -> str | None:
        """The field's text; None when the sheet has no such column."""
        if self.header.column(name) is None:
            return None
        return cell_text(self._cell(row, name))

    def _row(self, index: int, row: list[Any]) -> None:
        if not any(cell_text(v) for v in row):
            return
        if is_header_like(map_row(row)):
            return  # a header row repeated by hand at a page break
        if self._is_banner(row):
            self._banner_row(row)
            return
        self._row_number = index + 1
        where = f"{self.sheet.name}, row {self._row_number}"
        builder = self._builder(row)
        recommendation = self._recommendation_for(row, builder, where)
        if recommendation is None:
            return
        action_text = self._text(row, "action")
        if action_text or cell_text(self._cell(row, "action_number")):
            self._action(row, builder, recommendation, where)
        else:
            self._recommendation_fields(row, recommendation, where, with_actions=False)

    def _builder(self, row: list[Any]) -> _PlanBuilder:
        named = cell_text(self._cell(row, "inspection"))
        if named:
            inspectorate, name = split_inspectorate(named)
            name = name or named
        else:
            inspectorate, name = None, self._inspection or self.default_inspection
        if name not in self.plans:
            self.plans[name] = _PlanBuilder(Plan(inspection=name))
            self._current = None
        plan = self.plans[name].plan
        plan.inspectorate = plan.inspectorate or inspectorate or self.inspectorate or "HMICS"
        if plan.plan_title is None and self.plan_title:
            plan.plan_title = self.plan_title
            plan.as_at = self.as_at.isoformat() if self.as_at else None
        return self.plans[name]

    def _kind(self, row: list[Any]) -> str | None:
        text = cell_text(self._cell(row, "kind")).lower()
        if not text:
            return None
        return "area_for_development" if "area" in text or "afd" in text else "recommendation"

    def _recommendation_for(self, row: list[Any], builder: _PlanBuilder, where: str) -> PlanRecommendation | None:
        text = self._text(row, "recommendation") or ""
        kind = self._kind(row) or "recommendation"
        number = parse_plain_number(self._cell(row, "recommendation_number"))
        heading = split_recommendation_heading(text) if text else None
        if heading is not None:
            number = heading.number  # the heading in the cell is the surest number
            kind = self._kind(row) or heading.kind
            text = heading.text
        if number is None:
            number = self._number_from_action(row)
        current = self._current
        if number is None and current is not None and (not text or text == current.text):
            return current  # a continuation row: blank or repeated recommendation cell
        if number is None:
            if not text:
                self.warnings.append(f"{where}: no recommendation for this row; it was skipped.")
                return None
            number = max((n for (k, n) in builder.recommendations if k == kind), default=0) + 1
            self.warnings.append(f"{where}: the recommendation has no number; it was numbered {number}.")
        recommendation = builder.recommendation(kind, number)
        if text and not recommendation.text:
            recommendation.text = text
        self._current = recommendation
        return recommendation

    def _number_from_action(self, row: list[Any]) -> int | None:
        raw = cell_text(self._cell(row, "action_number")) or (self._text(row, "action") or "")
        number, _ = split_action_number(raw)
        if number is None and self._current is None:
            return None
        if number is not None and (self._current is None or number.recommendation != self._current.number):
            return number.recommendation
        return None

    def _date(self, row: list[Any], name: str, where: str) -> str | None:
        value = self._cell(row, name)
        try:
            parsed = PlanDate.parse(value if isinstance(value, date) else cell_text(value))
        except DateError as error:
            self.warnings.append(f"{where}: {error}; the date was left empty.")
            return None
        return parsed.iso() if parsed else None

    def _recommendation_fields(
        self, row: list[Any], recommendation: PlanRecommendation, where: str, *, with_actions: bool
    ) -> None:
        for name in ("position", "impact"):
            value = self._text(row, name)
            if value:
                setattr(recommendation, name, value)
        for name in ("initial_target", "revised_target"):
            value = self._date(row, name, where)
            if value:
                setattr(recommendation, name, value)
        rec_owner = self._text(row, "recommendation_owner")
        recommendation.owner = rec_owner or recommendation.owner
        rec_words = self._text(row, "recommendation_status")
        rec_status = recommendation_status_from_words(rec_words) if rec_words else None
        if rec_status is not None:
            recommendation.status, recommendation.status_text = rec_status.value, rec_words
        if with_actions or self.header.column("recommendation_status") is not None:
            return
        owner = self._text(row, "owner")
        recommendation.owner = owner or recommendation.owner
        if recommendation.initial_target is None:
            recommendation.initial_target = self._date(row, "target", where)
        words = self._text(row, "status") or self._text(row, "standing") or ""
        status = recommendation_status_from_words(words) if words else None
        if status is not None:
            recommendation.status, recommendation.status_text = status.value, words
        elif recommendation.impact and self.header.column("status") is None:
            recommendation.status = "closed"  # a list of closures: what we did and the impact

    def _action(self, row: list[Any], builder: _PlanBuilder, recommendation: PlanRecommendation, where: str) -> None:
        self._recommendation_fields(row, recommendation, where, with_actions=True)
        text, links_text = split_links_line(self._text(row, "action") or "")
        number, text = split_action_number(text)
        column_number = cell_text(self._cell(row, "action_number"))
        if column_number:
            number = _action_number(column_number, recommendation.number) or number
        taken = [a.number for a in recommendation.actions]
        if number is None:
            label = next_free_action_number(recommendation.number, taken)
            self.warnings.append(f"{where}: the action has no number; it was numbered {label}.")
        else:
            label = str(number)
        links_text = self._text(row, "links") or links_text
        action = PlanAction(number=label, text=text.strip(), links_text=links_text)
        if links_text:
            parsed = parse_links(links_text)
            action.links = parsed.numbers
            for fragment in parsed.unreadable:
                self.warnings.append(f"{where}: “{fragment}” in the links of action {label} is not an action number.")
        action.owner = self._text(row, "owner") or None
        action.target = self._date(row, "target", where)
        action.progress = self._text(row, "progress")
        action.progress_on = self._date(row, "progress_date", where)
        action.next_steps = self._text(row, "next_steps")
        status_words = self._text(row, "status") or ""
        status = action_status_from_words(status_words) if status_words else None
        action.status = status.value if status else None
        action.status_text = status_words or None
        if status_words and status is None:
            self.warnings.append(f"{where}: the status “{status_words}” was not understood; it was kept as text.")
        self._add_action(builder, recommendation, action, where)

    def _add_action(
        self, builder: _PlanBuilder, recommendation: PlanRecommendation, action: PlanAction, where: str
    ) -> None:
        key = (recommendation.kind, action.number)
        existing = next((a for a in recommendation.actions if a.number == action.number), None)
        if existing is None:
            recommendation.actions.append(action)
            builder.action_rows[key] = self._row_number
            return
        if action.text and existing.text and action.text != existing.text:
            first = builder.action_rows.get(key)
            self.warnings.append(
                f"{where}: action {action.number} appears twice (first on row {first}); the first was kept."
            )
            return
        for name in ("text", "owner", "target", "status", "progress", "next_steps", "links_text"):
            if not getattr(existing, name) and getattr(action, name):
                setattr(existing, name, getattr(action, name))
        existing.links = existing.links or action.links


def _action_number(text: str, recommendation: int) -> ActionNumber | None:
    """An action-number cell: ``"1.2"``, or ``"2"`` meaning the second action."""
    number, rest = split_action_number(text)
    if number is not None and not rest.strip():
        return number
    plain = parse_plain_number(text)
    return ActionNumber(recommendation, plain) if plain else None
