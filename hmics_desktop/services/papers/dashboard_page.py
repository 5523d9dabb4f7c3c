"""The dashboard in the papers: the update paper's dashboard page, the progress paper's trend.

The same charts as the Dashboard tab (``services.dashboard_charts``), for the paper's inspections
as at its date: the trend at the end of each quarter up to it, the open recommendations and
actions by age. Each is a picture with its figures in words as its alternative text; drawn
before the paper is written (``ui.dashboard.pictures``).
"""

from __future__ import annotations

from datetime import date

from hmics_desktop.documents.model import Picture, Section
from hmics_desktop.domain.periods import QUARTER
from hmics_desktop.services.dashboard import load_figures
from hmics_desktop.services.dashboard_charts import DashboardFilter, ageing, overdue, trend
from hmics_desktop.services.papers.spec import PaperSpec, long_date

TREND_SIZE = (170.0, 90.0)  # millimetres: the text's width on A4 between 20 mm margins
AGEING_SIZE = (170.0, 80.0)


def dashboard_section(spec: PaperSpec, known_on: date | None = None) -> Section:
    """The update paper's dashboard page: the trend and the ageing of the paper's inspections."""
    figures = load_figures(QUARTER, spec.as_at, known_on, first_of=spec.inspection_ids)
    chosen = DashboardFilter(inspection_ids=frozenset(spec.inspection_ids))
    section = Section()
    section.heading("Dashboard")
    section.paragraphs(
        f"The recommendations of these inspections at the end of each quarter, as the plan stood then, to "
        f"{long_date(spec.as_at)}; and the open recommendations and actions by age on that date. The figures are "
        "written on each bar."
    )
    section.blocks.append(Picture([trend(figures, chosen)], *TREND_SIZE))
    section.blocks.append(Picture([ageing(figures, chosen), overdue(figures, chosen)], *AGEING_SIZE))
    return section


def trend_picture(spec: PaperSpec, inspection_id: int, known_on: date | None = None) -> Picture:
    """The progress paper's trend: its inspection's recommendations at the end of each quarter."""
    figures = load_figures(QUARTER, spec.as_at, known_on, first_of=[inspection_id])
    return Picture([trend(figures, DashboardFilter(inspection_ids=frozenset({inspection_id})))], *TREND_SIZE)
