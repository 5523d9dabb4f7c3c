"""A chart as plain data: what the dashboard draws, a paper prints and ``chart --out FILE.csv`` writes.

A chart is a row of bars, each split into the same parts (its series: Closed, Ongoing – on
track, Ongoing – delayed…), each part knowing the rows it counts, so that a click on it can
show them. Its figures are told in words too (:meth:`Chart.alt_text`), as a table
(:meth:`Chart.table`) and as CSV rows: nothing is told by colour alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from hmics_desktop.domain.words import counted


@dataclass(frozen=True)
class Series:
    """A part of every bar: its key ("delayed"), its words ("Ongoing – delayed"), drawn striped when highlighted."""

    key: str
    label: str
    highlighted: bool = False


@dataclass
class Bar:
    """One bar: its label ("Mar 2024", "Governance"), a count per series and the ids each count is of."""

    label: str
    values: list[int]
    ids: list[tuple[int, ...]] = field(default_factory=list)
    words: str = ""  # the bar in a sentence's words: "at the end of March 2024", "with the theme Governance"

    @property
    def total(self) -> int:
        return sum(self.values)


@dataclass
class Chart:
    """A titled row of bars over ``series``; ``kind`` is what the bars count ("recommendation" or "action")."""

    key: str  # trend, ageing, overdue, themes, inspections
    title: str
    kind: str
    series: list[Series]
    bars: list[Bar] = field(default_factory=list)
    note: str = ""  # what is counted ("Recommendations only: areas for development are not counted.")

    def headers(self) -> list[str]:
        return [self.axis(), *(s.label for s in self.series), "Total"]

    def axis(self) -> str:
        return {"trend": "Period", "ageing": "Since publication", "overdue": "Past the target by",
                "themes": "Theme", "inspections": "Inspection"}.get(self.key, "")  # fmt: skip

    def table(self) -> list[list[str]]:
        """The figures as a table: the headings, then a row per bar (label, each count, total)."""
        return [self.headers(), *([bar.label, *map(str, bar.values), str(bar.total)] for bar in self.bars)]

    def tab_separated(self) -> str:
        """The table as text Excel and Word paste as a table."""
        return "\n".join("\t".join(cell.replace("\t", " ") for cell in row) for row in self.table()) + "\n"

    def alt_text(self) -> str:
        """The chart in words, every figure stated (a picture's alternative text, a screen reader's name)."""
        if not self.bars:
            return f"{self.title}: nothing to show."
        parts = []
        for bar in self.bars:
            figures = ", ".join(f"{value} {s.label.lower()}" for s, value in zip(self.series, bar.values, strict=True))
            parts.append(f"{bar.label}: {counted(bar.total, self.kind)}" + (f" ({figures})" if figures else ""))
        return f"{self.title}. " + "; ".join(parts) + "."

    def most(self) -> int:
        """The tallest bar's total (at least 1: an empty chart still has a scale)."""
        return max([bar.total for bar in self.bars] or [0]) or 1


def csv_rows(charts: list[Chart]) -> list[list[str]]:
    """One row per bar of every chart: the chart, the bar's label, a count per series (of all the charts), total."""
    labels: list[str] = []
    for chart in charts:
        labels += [s.label for s in chart.series if s.label not in labels]
    rows = [["Chart", "Bar", *labels, "Total"]]
    for chart in charts:
        for bar in chart.bars:
            values = {s.label: str(v) for s, v in zip(chart.series, bar.values, strict=True)}
            rows.append([chart.title, bar.label, *(values.get(label, "") for label in labels), str(bar.total)])
    return rows
