"""Names of rows in the users' words ("action 1.1", "recommendation 3", "the inspection “…”")."""

from __future__ import annotations

from typing import Any

from hmics_desktop.domain.classification import LIST_WORDS
from hmics_desktop.storage.journal import Row, RowChange
from hmics_desktop.storage.sql import Sql

_KIND_WORDS = {"recommendation": "recommendation", "area_for_development": "area for development"}


class Labels:
    """Looks up what a row needs to be named (its recommendation's number), with a cache."""

    def __init__(self, connection: Sql) -> None:
        self.connection = connection
        self._recommendations: dict[int, tuple[str, int]] = {}
        self._actions: dict[int, str] = {}

    def remember(self, changes: list[RowChange]) -> None:
        """Learn numbers from the rows of a step (rows it deleted are no longer in the database).

        What the rows name but do not hold (the recommendation of an action, the action of a
        progress update) is read in a few queries for the whole step, not one per row.
        """
        rows = [(c.table, c.row_id, c.new or c.old or {}) for c in changes]
        for table, row_id, row in rows:
            if table == "recommendation":
                self._recommendations[row_id] = (row["kind"], row["number"])
        parents = {row.get("recommendation_id") for _table, _id, row in rows}
        self._fetch_recommendations({int(i) for i in parents if i is not None and i not in self._recommendations})
        for table, row_id, row in rows:
            if table == "action":
                self._actions[row_id] = self.number_of(row)
        named = {row.get("action_id") for _table, _id, row in rows}
        self._fetch_actions({int(i) for i in named if i is not None and i not in self._actions})

    def _fetch_recommendations(self, ids: set[int]) -> None:
        for chunk in self.connection.id_chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for rec_id, kind, number in self.connection.execute(
                f"SELECT id, kind, number FROM recommendation WHERE id IN ({marks})", chunk
            ).fetchall():
                self._recommendations[rec_id] = (kind, number)

    def _fetch_actions(self, ids: set[int]) -> None:
        """The numbers of the actions other rows of a step name (their progress updates…), a few queries in all."""
        for chunk in self.connection.id_chunks(ids):
            marks = ", ".join("?" for _ in chunk)
            for action_id, rec_id, position, kind, number in self.connection.execute(
                "SELECT a.id, a.recommendation_id, a.position, r.kind, r.number FROM action a "
                f"JOIN recommendation r ON r.id = a.recommendation_id WHERE a.id IN ({marks})",
                chunk,
            ).fetchall():
                self._recommendations.setdefault(rec_id, (kind, number))
                self._actions[action_id] = self.number_of({"recommendation_id": rec_id, "position": position})

    def describe(self, change: RowChange) -> str:
        return self.name(change.table, change.row_id, change.new or change.old or {})

    def name(self, table: str, row_id: int, row: Row) -> str:
        if table == "inspection":
            return f"the inspection “{row.get('title', '')}”"
        if table == "recommendation":
            return f"{_KIND_WORDS.get(row.get('kind', ''), 'recommendation')} {row.get('number')}"
        if table == "action":
            return f"action {self.number_of(row)}"
        if table == "action_link":
            return f"the link from action {self.action(row['action_id'])} to action {self.action(row['target_id'])}"
        if table == "progress_update":
            return f"a progress update of action {self.action(row['action_id'])}"
        if table == "list_entry":
            return f"the {LIST_WORDS.get(row.get('kind', ''), ('list entry',))[0]} “{row.get('name', '')}”"
        if table == "owner":
            return f"the owner “{row.get('name', '')}”"
        if table == "request_return":
            return "a returned update request"
        if table == "owner_ask":
            asked = "a revised target" if row.get("kind") == "target" else "a change of status"
            return f"{asked} {row.get('owner', '')} asked for action {self.action(row['action_id'])}"
        owner = (
            f"action {self.action(row['action_id'])}"
            if row.get("action_id")
            else self.name("recommendation", row["recommendation_id"], self._recommendation_row(row))
        )
        what = "a revised target" if table == "target_revision" else "evidence sent to HMICS"
        return f"{what} of {owner}"

    def action(self, action_id: int) -> str:
        if action_id not in self._actions:
            found = self.connection.execute(
                "SELECT recommendation_id, position FROM action WHERE id = ?", (action_id,)
            ).fetchone()
            self._actions[action_id] = self.number_of(
                {"recommendation_id": found[0], "position": found[1]} if found else {}
            )
        return self._actions[action_id]

    def number_of(self, row: Row) -> str:
        """An action's number ("1.1") from its row."""
        rec = self._recommendation(row.get("recommendation_id"))
        return f"{rec[1] if rec else '?'}.{row.get('position', '?')}"

    def _recommendation(self, rec_id: Any) -> tuple[str, int] | None:
        if rec_id is None:
            return None
        if rec_id not in self._recommendations:
            found = self.connection.execute("SELECT kind, number FROM recommendation WHERE id = ?", (rec_id,))
            row = found.fetchone()
            if row is None:
                return None
            self._recommendations[rec_id] = (row[0], row[1])
        return self._recommendations[rec_id]

    def _recommendation_row(self, row: Row) -> Row:
        found = self._recommendation(row.get("recommendation_id"))
        return {"kind": found[0], "number": found[1]} if found else {}
