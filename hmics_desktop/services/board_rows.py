"""The board's rows: from the tables as they stand, or from the plan as it stood on a day.

Both give the same plain rows (:class:`~hmics_desktop.services.board.BoardRow`), built by one
function from one shape of source: the inspections, the recommendations and actions with their
latest progress, the targets in force, and what awaits HMICS. "As at" a day, the source is the
plan as it stood at the end of that day (``storage.history.as_of``), and the committee's calls
are made as on that day. A recommendation with no initial target is judged by its open actions'
targets (delayed once any has passed), as the papers judge it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from hmics_desktop.domain import clock
from hmics_desktop.domain.dates import PlanDate
from hmics_desktop.domain.status import ActionStatus, RecommendationStatus, Standing, committee_standing
from hmics_desktop.services.board import (
    ACTION_DONE,
    MORE_REQUESTED,
    NOT_RECORDED_LABEL,
    Board,
    BoardRow,
    Pending,
    Record,
    in_board_order,
    plan_date,
)
from hmics_desktop.storage.models import database

if TYPE_CHECKING:
    from hmics_desktop.services.edit_history import OpChanges
    from hmics_desktop.storage.history import PlanState

BOARD_TABLES = ("inspection", "recommendation", "action", "progress_update", "target_revision", "evidence_submission")
_ACTION_LABELS: dict[str | None, str] = {None: NOT_RECORDED_LABEL, **{s.value: s.label for s in ActionStatus}}


@dataclass
class _Source:
    """What the board is made of, however it was read."""

    inspections: dict[int, str]
    awaiting: set[int]  # recommendations with evidence HMICS has not answered
    more_requested: set[int]  # recommendations whose latest evidence HMICS asked more of
    rec_targets: dict[int, PlanDate]  # the latest revised target of each
    action_targets: dict[int, PlanDate]
    recommendations: Iterable[tuple[Any, ...]]  # id, inspection, kind, number, text, owner, initial, status,
    # override, theme, grading
    actions: Iterable[tuple[Any, ...]]  # id, recommendation, position, text, owner, target, status, next, on, latest


def load_board(today: date | None = None, as_at: date | None = None) -> Board:
    """Every row of the board, read in one snapshot; ``as_at``: the plan as it stood at the end of that day."""
    with database.snapshot():
        if as_at is not None:
            from hmics_desktop.storage import history  # the board as at a past day: loaded when first asked

            state = history.as_of(database.sql(), as_at, tables=BOARD_TABLES, latest_progress=True)
            return _build(_from_state(state, as_at), as_at)
        return _build(_from_tables(), today or clock.today())


def reload_rows(board: Board, changes: OpChanges) -> tuple[Board, set[int]] | None:
    """The board with only the recommendations a change touched read again (with their actions), and which.

    None when the change reaches further (an inspection renamed, merged or deleted): read it all.
    """
    if changes.touches("inspection"):
        return None
    recommendations = set(changes.recommendations)
    unknown = []
    for action_id in changes.actions:
        recommendation = board.recommendation_of(action_id)
        if recommendation is not None:
            recommendations.add(recommendation)
        else:
            unknown.append(action_id)
    with database.snapshot():
        for start in range(0, len(unknown), 900):  # new actions: their recommendation asked of the database
            chunk = unknown[start : start + 900]
            marks = ", ".join("?" for _ in chunk)
            query = f"SELECT DISTINCT recommendation_id FROM action WHERE id IN ({marks})"
            recommendations |= {row[0] for row in database.sql().execute(query, chunk)}
        if not recommendations:
            return board, recommendations
        read = _build(_from_tables(sorted(recommendations)), board.today)
    return board.replaced(recommendations, read), recommendations


def _from_tables(recommendation_ids: list[int] | None = None) -> _Source:
    """The board's source as the tables stand (``recommendation_ids``: only those, with their actions).

    Read in one go: on a server, one round trip (a slow link waits once, not seven times).
    """
    only = ""
    if recommendation_ids is not None:
        only = f" AND {{}} IN ({', '.join(str(int(i)) for i in recommendation_ids)})"
    latest_evidence, inspections, awaiting, rec_targets, action_targets, recommendations, actions = (
        database.sql().fetch_all(
            [
                "SELECT recommendation_id, response FROM evidence_submission e WHERE id = "
                "(SELECT id FROM evidence_submission l WHERE l.recommendation_id = e.recommendation_id "
                "ORDER BY sent_on DESC, id DESC LIMIT 1)",
                "SELECT id, title FROM inspection WHERE deleted_at IS NULL",
                "SELECT recommendation_id FROM evidence_submission WHERE response IS NULL",
                "SELECT recommendation_id, target FROM target_revision WHERE recommendation_id IS NOT NULL "
                "ORDER BY revised_on, id",
                "SELECT action_id, target FROM target_revision WHERE action_id IS NOT NULL ORDER BY revised_on, id",
                "SELECT id, inspection_id, kind, number, text, owner, initial_target, status, standing_override, "
                f"theme, grading FROM recommendation WHERE deleted_at IS NULL{only.format('id')} ORDER BY id",
                "SELECT a.id, a.recommendation_id, a.position, a.text, a.owner, a.target, a.status, a.next_steps, "
                "p.as_at, p.text FROM action a LEFT JOIN progress_update p ON p.id = a.latest_progress_id "
                f"WHERE a.deleted_at IS NULL{only.format('a.recommendation_id')} ORDER BY a.id",
            ]
        )
    )
    return _Source(
        inspections=dict(inspections),
        awaiting={r for (r,) in awaiting},
        more_requested={r for (r, response) in latest_evidence if response == "more_requested"},
        rec_targets=_latest_targets(rec_targets),
        action_targets=_latest_targets(action_targets),
        recommendations=recommendations,
        actions=actions,
    )


def _from_state(state: PlanState, day: date) -> _Source:
    evidence = sorted(state.live("evidence_submission"), key=lambda e: (e["sent_on"], e["id"]))
    latest_evidence = {e["recommendation_id"]: e for e in evidence}
    revisions = sorted(state.rows["target_revision"].values(), key=lambda r: (str(r["revised_on"]), r["id"]))
    limit = day.isoformat()
    latest: dict[int, tuple[str, int, str]] = {}
    for update in state.live("progress_update"):
        key = (update["as_at"], update["id"], update["text"])
        if update["as_at"] <= limit and key[:2] > latest.get(update["action_id"], ("", 0, ""))[:2]:
            latest[update["action_id"]] = key
    return _Source(
        inspections={i["id"]: i["title"] for i in state.live("inspection")},
        awaiting={e["recommendation_id"] for e in evidence if e["response"] is None},
        more_requested={r for r, e in latest_evidence.items() if e["response"] == "more_requested"},
        rec_targets=_latest_targets((r["recommendation_id"], r["target"]) for r in revisions if r["recommendation_id"]),
        action_targets=_latest_targets((r["action_id"], r["target"]) for r in revisions if r["action_id"]),
        recommendations=[
            (
                r["id"],
                r["inspection_id"],
                r["kind"],
                r["number"],
                r["text"],
                r["owner"],
                r["initial_target"],
                r["status"],
                r["standing_override"],
                r.get("theme"),
                r.get("grading"),
            )
            for r in sorted(state.live("recommendation"), key=lambda r: r["id"])
        ],
        actions=[
            (
                a["id"],
                a["recommendation_id"],
                a["position"],
                a["text"],
                a["owner"],
                a["target"],
                a["status"],
                a["next_steps"],
                *(latest[a["id"]][::2] if a["id"] in latest else (None, None)),
            )
            for a in sorted(state.live("action"), key=lambda a: a["id"])
        ],
    )


def _build(source: _Source, today: date) -> Board:
    """The recommendations' rows, and their actions read, in order, to be made into rows when asked for."""
    records = source.actions if isinstance(source.actions, list) else list(source.actions)
    recommendations = list(source.recommendations)
    undated = {r[0] for r in recommendations if not r[6]}  # judged by their open actions' targets
    open_targets: dict[int, list[PlanDate]] = defaultdict(list)
    latest_seen: dict[int, str] = {}  # each recommendation's latest update of its actions, as stored
    for record in records:
        rec_id, on = record[1], record[8]
        if rec_id in undated and record[6] not in ACTION_DONE:
            current = source.action_targets.get(record[0], plan_date(record[5]))
            if current is not None:
                open_targets[rec_id].append(current)
        if on and on > latest_seen.get(rec_id, ""):  # stored dates ("2025-03", "2025-03-14") sort as they read
            latest_seen[rec_id] = on
    recs: dict[int, BoardRow] = {}
    for rec_id, inspection_id, kind, number, text, owner, initial, status, override, *classes in recommendations:
        if inspection_id not in source.inspections:
            continue
        initial_target = plan_date(initial)
        overridden = Standing(override) if override else None
        standing = committee_standing(
            RecommendationStatus(status), initial_target, today, overridden, open_targets.get(rec_id, ())
        )
        label = f"R{number}" if kind == "recommendation" else f"AfD {number}"
        recs[rec_id] = BoardRow(
            kind="recommendation", id=rec_id, inspection_id=inspection_id,
            inspection=source.inspections[inspection_id], number=label,
            number_key=(kind != "recommendation", number, 0), text=text, owner=owner or "", status=status,
            standing=standing,
            status_label=RecommendationStatus(status).label
            + (MORE_REQUESTED if rec_id in source.more_requested else ""),
            initial_target=initial_target, current_target=source.rec_targets.get(rec_id, initial_target),
            latest_on=plan_date(latest_seen.get(rec_id)), latest_text="", next_steps="",
            awaiting_hmics=rec_id in source.awaiting, overdue=standing is Standing.DELAYED, overridden=bool(override),
            theme=classes[0] or "", grading=classes[1] or "", recommendation_id=rec_id,
        )  # fmt: skip
    shown = in_board_order([record for record in records if record[1] in recs], recs)
    return Board(rows=list(recs.values()), today=today, pending=Pending(shown, source.action_targets, _action_row))


def _action_row(record: Record, parent: BoardRow, targets: dict[int, PlanDate], today: date) -> BoardRow:
    """An action's row, under its recommendation's."""
    action_id, rec_id, position, text, owner, stored_target, status, next_steps, on, latest = record
    target = plan_date(stored_target)
    current = targets.get(action_id, target)
    done = status in ACTION_DONE
    overdue = not done and current is not None and _passed(current, today)
    return BoardRow(
        kind="action", id=action_id, inspection_id=parent.inspection_id, inspection=parent.inspection,
        number=f"{parent.number_key[1]}.{position}", number_key=(*parent.number_key[:2], position),
        text=text, owner=owner or "", status=status or "", status_label=_ACTION_LABELS[status],
        standing=Standing.CLOSED if done else Standing.DELAYED if overdue else Standing.ON_TRACK,
        initial_target=target, current_target=current, latest_on=plan_date(on), latest_text=latest or "",
        next_steps=next_steps or "", awaiting_hmics=parent.awaiting_hmics, overdue=overdue,
        theme=parent.theme, grading=parent.grading, recommendation_id=rec_id,
    )  # fmt: skip


@lru_cache(maxsize=4096)
def _passed(target: PlanDate, today: date) -> bool:
    return target.last_day() < today


def _latest_targets(pairs: Iterable[tuple[int, str]]) -> dict[int, PlanDate]:
    found: dict[int, PlanDate] = {}
    for owner_id, target in pairs:
        found[owner_id] = PlanDate.from_iso(target)
    return found
