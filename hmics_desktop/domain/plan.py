"""A plan as plain data: what an import reads, what ``dump`` prints, what tests compare.

The JSON shape is the one in EXCEL.md ("The plan as JSON"). Text keeps its paragraphs
as lines; the number prefix and the "Links with…" line are not part of an action's text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from hmics_desktop.domain.numbering import action_sort_key


@dataclass
class PlanAction:
    number: str
    text: str = ""
    links: list[str] = field(default_factory=list)
    links_text: str | None = None
    owner: str | None = None
    target: str | None = None  # "YYYY-MM" or "YYYY-MM-DD"
    status: str | None = None
    status_text: str | None = None
    progress: str | None = None
    progress_on: str | None = None  # the day of the progress text (not part of the JSON shape)
    next_steps: str | None = None
    # Older progress updates the file gives for the action, (day or None, text), oldest first (not in the JSON).
    earlier_progress: list[tuple[str | None, str]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "text": self.text,
            "links": list(self.links),
            "links_text": self.links_text,
            "owner": self.owner,
            "target": self.target,
            "status": self.status,
            "progress": self.progress,
            "next_steps": self.next_steps,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanAction:
        return cls(
            number=str(data["number"]),
            text=data.get("text") or "",
            links=list(data.get("links") or []),
            links_text=data.get("links_text"),
            owner=data.get("owner"),
            target=data.get("target"),
            status=data.get("status"),
            progress=data.get("progress"),
            progress_on=data.get("progress_on"),
            next_steps=data.get("next_steps"),
        )


@dataclass
class PlanRecommendation:
    number: int
    text: str = ""
    kind: str = "recommendation"  # or "area_for_development"
    owner: str | None = None
    status: str = "open"
    status_text: str | None = None
    initial_target: str | None = None
    revised_target: str | None = None
    position: str | None = None
    impact: str | None = None
    closed_on: str | None = None  # "YYYY-MM-DD" (or a month) when HMICS closed it
    standing_override: str | None = None  # "on_track"/"delayed" chosen by a user (not in the JSON shape)
    actions: list[PlanAction] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number,
            "kind": self.kind,
            "text": self.text,
            "owner": self.owner,
            "status": self.status,
            "initial_target": self.initial_target,
            "revised_target": self.revised_target,
            "position": self.position,
            "impact": self.impact,
            "closed_on": self.closed_on,
            "actions": [a.to_json() for a in sorted(self.actions, key=lambda a: action_sort_key(a.number))],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> PlanRecommendation:
        return cls(
            number=int(data["number"]),
            text=data.get("text") or "",
            kind=data.get("kind") or "recommendation",
            owner=data.get("owner"),
            status=data.get("status") or "open",
            initial_target=data.get("initial_target"),
            revised_target=data.get("revised_target"),
            position=data.get("position"),
            impact=data.get("impact"),
            closed_on=data.get("closed_on"),
            actions=[PlanAction.from_json(a) for a in data.get("actions") or []],
        )


@dataclass
class Plan:
    inspection: str
    inspectorate: str | None = None
    plan_title: str | None = None
    as_at: str | None = None  # "YYYY-MM-DD"
    recommendations: list[PlanRecommendation] = field(default_factory=list)
    named_from: str | None = None  # where a file names the inspection, in the users' words (not in the JSON shape)

    def action_count(self) -> int:
        return sum(len(r.actions) for r in self.recommendations)

    def to_json(self) -> dict[str, Any]:
        return {
            "inspection": self.inspection,
            "inspectorate": self.inspectorate,
            "plan_title": self.plan_title,
            "as_at": self.as_at,
            "recommendations": [
                r.to_json() for r in sorted(self.recommendations, key=lambda r: (r.kind != "recommendation", r.number))
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(
            inspection=data["inspection"],
            inspectorate=data.get("inspectorate"),
            plan_title=data.get("plan_title"),
            as_at=data.get("as_at"),
            recommendations=[PlanRecommendation.from_json(r) for r in data.get("recommendations") or []],
        )
