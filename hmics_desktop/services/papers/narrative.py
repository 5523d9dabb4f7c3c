"""The secretary's text of each kind of paper: the sections, their labels and first texts.

A text whose first version names the inspection or the date (``{inspection}``,
``{as_at_long}``…) is worked out for each paper until the secretary writes their own;
the others start from the words of the published papers. The next paper of a kind
starts from the last one's text (see ``store``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class NarrativeField:
    key: str
    label: str
    default: str
    lines: int = 3  # the height of its box in the dialog
    blank: str = ""  # what the paper says when the box is left empty and there is no first text

    @property
    def computed(self) -> bool:
        """Whether the first text is worked out for each paper (it names the inspection or a date)."""
        return "{" in self.default

    def when_empty(self, names: dict[str, str]) -> str:
        """What the paper says when the secretary leaves the box empty."""
        return self.default.format(**names) or self.blank


_OPEN_INTRO = (
    "Senior Officers are responsible for ensuring improvements are prioritised within their respective areas of "
    "ownership, meaning work can progress concurrently and independently across all areas without the need for "
    "prioritisation between workstreams. Given the scale of work ongoing it is impracticable to provide a "
    "comprehensive update on each recommendation; this report therefore provides a sample.\n"
    "The original target dates are shown for each; where these have since been revised, the remaining work is "
    "being assessed to accurately identify timescales."
)

UPDATE_FIELDS = [
    NarrativeField(
        "summary",
        "Report summary",
        "This report provides members of the {committee} with an overview of progress against selected "
        "improvement plans developed to address HMICS recommendations.",
    ),
    NarrativeField(
        "closures_intro", "Closures: introduction",
        "Below is a summary of the actions taken to close the aforementioned recommendations.", 2,
    ),
    NarrativeField("open_intro", "Other open recommendations: introduction", _OPEN_INTRO, 5),
]  # fmt: skip

PROGRESS_FIELDS = [
    NarrativeField("title", "Title of paper", "{inspection} Improvement Plan – progress update", 1),
    NarrativeField("presented_by", "Presented by", "", 1, blank="To be confirmed"),
    NarrativeField("recommendation_to_members", "Recommendation to members", "For Discussion", 1),
    NarrativeField(
        "appendix", "Appendix attached", "YES Appendix B - Improvement Plan Progress Report as at {as_at_long}", 2
    ),
    NarrativeField(
        "purpose", "Purpose",
        "The purpose of this paper is to provide the {committee} with a summary of Police Scotland’s progress on "
        "the recommendations from the HMICS {inspection}.",
    ),
    NarrativeField(
        "background", "1. Background (one numbered paragraph a line)",
        "Since the presentation of the {inspection} Improvement Plan to the {committee}, Police Scotland has been "
        "actively engaged with key internal stakeholders.", 5,
    ),
    NarrativeField("summary", "2.1 Summary of progress", "", 5),
    NarrativeField(
        "financial", "3. Financial implications",
        "There are no presently identified financial implications connected to the delivery of the recommendations.",
    ),
    NarrativeField("personnel", "4. Personnel implications",
                   "There are no personnel implications associated with this report."),
    NarrativeField("legal", "5. Legal implications", "There are no legal implications with this report."),
    NarrativeField("reputational", "6. Reputational implications",
                   "There are no reputational implications with this report."),
    NarrativeField("social", "7. Social implications", "There are no social implications associated with this report."),
    NarrativeField(
        "community", "8. Community impact",
        "The improvements delivered by these recommendations will improve the service to the public and therefore "
        "the communities Police Scotland serves.",
    ),
    NarrativeField(
        "equalities", "9. Equalities implications",
        "Equality, diversity and human rights feature across each of the recommendations. EqHRIAs will be developed "
        "as new processes are developed.",
    ),
    NarrativeField("environment", "10. Environment implications",
                   "There are no environmental implications associated with this report."),
    NarrativeField("recommendations", "Recommendations",
                   "Members are invited to discuss the content of this paper.", 2),
]  # fmt: skip

FIELDS = {"update": UPDATE_FIELDS, "progress": PROGRESS_FIELDS}


def first_texts(kind: str) -> dict[str, str]:
    """The text a first paper of ``kind`` starts from (worked-out texts start empty)."""
    return {f.key: "" if f.computed else f.default for f in FIELDS[kind]}


def context(kind: str, committee: str, inspection: str, as_at_long: str) -> dict[str, str]:
    """What the worked-out texts name: the committee ("SPA …" in a progress paper), the inspection, the date."""
    if kind == "progress" and not committee.startswith("SPA "):
        committee = f"SPA {committee}"
    return {"committee": committee, "inspection": inspection, "as_at_long": as_at_long}


def resolve(kind: str, narrative: dict[str, str], context: dict[str, str]) -> dict[str, str]:
    """Every section's text for a paper: the secretary's, or the first text worked out for it."""
    return {f.key: (narrative.get(f.key) or "").strip() or f.when_empty(context) for f in FIELDS[kind]}
