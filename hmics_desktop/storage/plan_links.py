"""The links a file gives its actions ("Links with recommendations 1.4;2.1"), written as link rows.

A link names an action by its number in the file, or one of the inspection's actions on record
that the file does not list. An action whose links were changed after the file's date keeps
them (the import's one rule, ``domain.reimport_rules``); a link to a number nobody has is left
out and named.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from hmics_desktop.domain.numbering import ActionNumber, NumberError
from hmics_desktop.domain.plan import Plan
from hmics_desktop.domain.plan_changes import FIELD_WORDS, FieldChange, action_label, shown
from hmics_desktop.storage.models import Action, Recommendation, database


@dataclass
class LinkRows:
    """The link rows to add and to remove, each (action id, id of the action linked to)."""

    additions: list[tuple[int, int]]
    removals: list[tuple[int, int]]

    def write(self) -> None:
        database.sql().insert_rows("action_link", ("action_id", "target_id"), self.additions)
        database.sql().delete_rows("action_link", ("action_id", "target_id"), self.removals)


def planned_links(
    plan: Plan,
    inspection_id: int,
    written: dict[tuple[str, str], int],
    new_actions: set[int],
    kept: Callable[[int, str], bool],
    changes: list[FieldChange],
    warnings: list[str],
    confirmed: Callable[[int], None] = lambda _action_id: None,
) -> LinkRows:
    """The link rows to add and remove so each written action links to what the file says.

    ``kept(action_id, item)``: whether the action keeps its links (saying why); ``changes`` and
    ``warnings`` are the import's lists, added to; ``confirmed(action_id)``: the file says again
    the links an action on record has. The new actions need not be written yet.
    """
    by_number = {number: action_id for (kind, number), action_id in written.items() if kind == "recommendation"}
    current = _current_links(sorted(set(written.values()) - new_actions))  # a new action has none yet
    on_record = _InspectionActions(inspection_id, written, new_actions)
    additions: list[tuple[int, int]] = []
    removals: list[tuple[int, int]] = []
    for planned in plan.recommendations:
        for planned_action in planned.actions:
            source = written.get((planned.kind, planned_action.number))
            if source is None:
                continue
            wanted = set()
            for number in planned_action.links:
                target = by_number.get(number) or on_record.find(number)
                if target is None:
                    warnings.append(
                        f"Action {planned_action.number} links to {number}, which is not in the plan; "
                        "that link was left out."
                    )
                    continue
                by_number[number] = target
                wanted.add(target)
            before = current.get(source, set())
            item = f"Action {action_label(planned.kind, planned_action.number)}"
            if wanted == before and source not in new_actions:
                confirmed(source)
            if wanted == before or (source not in new_actions and kept(source, item)):
                continue
            additions += [(source, t) for t in wanted - before]
            removals += [(source, t) for t in before - wanted]
            if source not in new_actions:  # a new action's links are part of what is created
                old, new = on_record.numbers(before), on_record.numbers(wanted)
                changes.append(FieldChange(item, FIELD_WORDS["links"], shown(old), shown(new)))
    return LinkRows(additions, removals)


def _current_links(action_ids: list[int]) -> dict[int, set[int]]:
    """The links of these actions as they stand: action id → the ids it links to."""
    found: dict[int, set[int]] = {}
    for chunk in database.sql().id_chunks(action_ids):
        marks = ", ".join("?" for _ in chunk)
        query = f'SELECT action_id, target_id FROM "action_link" WHERE action_id IN ({marks})'
        for source, target in database.sql().execute(query, chunk):
            found.setdefault(source, set()).add(target)
    return found


class _InspectionActions:
    """The inspection's actions as they stand, read in one query when first asked about, and its new ones' numbers."""

    def __init__(self, inspection_id: int, written: dict[tuple[str, str], int], new_actions: set[int]) -> None:
        self.inspection_id = inspection_id
        self.written, self.new_actions = written, new_actions  # the new ones may not be written yet

    @functools.cached_property
    def _rows(self) -> list[tuple[int, str, ActionNumber]]:
        query = (
            'SELECT a.id, r.kind, r.number, a.position FROM "action" a '
            'JOIN "recommendation" r ON r.id = a.recommendation_id WHERE r.inspection_id = ?'
        )
        found = database.sql().execute(query, (self.inspection_id,))
        return [(action_id, kind, ActionNumber(rec, position)) for action_id, kind, rec, position in found]

    @functools.cached_property
    def _numbers(self) -> dict[int, ActionNumber]:
        new = {i: ActionNumber.parse(number) for (_kind, number), i in self.written.items() if i in self.new_actions}
        return {**new, **{action_id: number for action_id, _kind, number in self._rows}}

    @functools.cached_property
    def _by_number(self) -> dict[ActionNumber, int]:
        return {number: action_id for action_id, kind, number in self._rows if kind == "recommendation"}

    def find(self, number: str) -> int | None:
        """The action numbered ``number`` under a recommendation (a link to one this plan does not list)."""
        try:
            return self._by_number.get(ActionNumber.parse(number))
        except NumberError:
            return None

    def numbers(self, action_ids: set[int]) -> list[str]:
        """The numbers of ``action_ids``, in number order (those of other inspections asked for)."""
        missing = sorted(i for i in action_ids if i not in self._numbers)
        if missing:
            query = Action.select(Action, Recommendation.number).join(Recommendation).where(Action.id.in_(missing))
            self._numbers.update({a.id: ActionNumber(a.recommendation.number, a.position) for a in query})
        return [str(n) for n in sorted(self._numbers[i] for i in action_ids if i in self._numbers)]
