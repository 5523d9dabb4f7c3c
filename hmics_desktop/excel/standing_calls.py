"""A plan's RAG or "on track / delayed" column: its words kept, and a call unlike the application's named.

The committee counts a recommendation on track or delayed by its initial target (as at the
plan's date). A file's call that says the same adds nothing; any other words are kept, as the
status when there is none, else beside it ("In progress (RAG: Red)"); a call that differs from
the application's is named in a warning, so that it can be marked by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.plan import PlanRecommendation
from hmics_desktop.domain.status import RecommendationStatus, Standing, committee_standing, standing_from_words
from hmics_desktop.excel.plan_builder import KIND_WORDS
from hmics_desktop.excel.sheet_warnings import rows_listed


@dataclass
class StandingCalls:
    """The calls of one sheet's RAG column, and the warnings that name those unlike the application's."""

    sheet: str
    heading: str  # the column's heading, as the file words it
    as_at: Callable[[], date]  # the day the plan's calls are made at
    warnings: list[str]
    _read: dict[str, Standing | None] = field(default_factory=dict)
    _calls: dict[tuple[int, str], tuple[int, PlanRecommendation, str, Standing, list[int]]] = field(
        default_factory=dict
    )

    def status_text(self, recommendation: PlanRecommendation, words: str, status_text: str | None,
                    row: int) -> str | None:  # fmt: skip
        """The status text a row's ``words`` make, beside the row's ``status_text``; None when they add nothing."""
        if words not in self._read:
            self._read[words] = standing_from_words(words)
        call = self._read[words]
        if call is not None:
            computed = self._computed(recommendation)
            if call is computed:
                return None
            self._name(recommendation, words, computed, row)
        if not status_text:
            return words
        if words in status_text:
            return None
        return f"{status_text} ({self.heading}: {words})"

    def _computed(self, recommendation: PlanRecommendation) -> Standing:
        try:
            status = RecommendationStatus(recommendation.status)
            initial = PlanDate.from_iso(recommendation.initial_target) if recommendation.initial_target else None
        except ValueError:
            return Standing.ON_TRACK
        return committee_standing(status, initial, self.as_at())

    def _name(self, recommendation: PlanRecommendation, words: str, computed: Standing, row: int) -> None:
        """Name a row whose call differs from the application's; rows alike share one warning."""
        key = (id(recommendation), words)
        if key not in self._calls:
            self.warnings.append(words)  # the slot, worded once every row is read
            self._calls[key] = (len(self.warnings) - 1, recommendation, words, computed, [])
        self._calls[key][4].append(row)

    def finish(self) -> None:
        """Word the warnings, once every row is read."""
        for slot, recommendation, words, computed, rows in self._calls.values():
            item = f"{KIND_WORDS[recommendation.kind]} {recommendation.number or ''}".strip()
            why = {
                Standing.CLOSED: "closed (it is closed)",
                Standing.DELAYED: "delayed (its initial target has passed)",
                Standing.ON_TRACK: "on track (its initial target has not passed)"
                if recommendation.initial_target
                else "on track (it has no initial target)",
            }[computed]
            self.warnings[slot] = (
                f"Sheet “{self.sheet}”, {rows_listed(rows)}: the file calls {item} “{words}”, where this application "
                f"counts it {why}; the words were kept with the status, and the call can be marked by hand."
            )
