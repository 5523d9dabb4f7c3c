"""An action's History over any mix of imports of the same plan (different As at dates), edits, undos and redos.

A state machine, each step a minute apart (its minute names it in History). After every step, in action
1.1's History: each step is one line; what a file confirmed is told only on the line of an import that
stands (not undone), and every import that stands and did not make the action says what its file
confirmed (the Target date, the same in every file, at least); no ISO date and no field name shows.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from machines_on_engines import run_machine
from workbooks import write_xlsx

from hmics_desktop.domain import clock
from hmics_desktop.excel.workbook_parser import ImportOptions
from hmics_desktop.services.edit_history import EditHistory, UndoNotPossible
from hmics_desktop.services.history_text import history
from hmics_desktop.services.importing import commit_import, preview_import
from hmics_desktop.services.item_edits import delete_items, restore_items, save_item
from hmics_desktop.storage.database import close_database, open_database
from hmics_desktop.storage.models import Action

HEADER = ["Recommendation", "Action", "Owner", "Target date", "Latest progress update"]
FILES = [("15th February 2022", "DS Jones"), ("16th March 2022", "DI Brown"), ("16th March 2022", "DS Jones"),
         ("10th January 2022", "DI Brown")]  # fmt: skip
MORNING = datetime(2022, 4, 1, 9, 0)


@dataclass
class _Step:
    minute: int
    kind: str  # "import", "edit"
    made_the_action: bool = False
    owner_said_again: bool = False  # the file gave the Owner the action had


def _the_action() -> Action | None:
    return Action.get_or_none((Action.position == "1") & (Action.text == "Report to SPA"))


class ReimportHistory(RuleBasedStateMachine):
    location: Callable[[Path], Path | str] = staticmethod(lambda folder: folder / "plans.sqlite")

    @initialize()
    def open_plan(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        open_database(self.location(self.folder))
        self.history = EditHistory()
        self.minute = 0
        self.done: list[_Step] = []  # as the undo list holds them (what stands)
        self.undone: list[_Step] = []
        self.files = []
        for number, (as_at, owner) in enumerate(FILES):
            row = ["Recommendation 1 Publish audits", "1.1 Report to SPA", owner, "15/02/2022", "Sent to SPA"]
            rows = [[f"APPENDIX B - Progress Update as at {as_at}"], HEADER, row]
            self.files.append(write_xlsx(self.folder / f"plan {number}.xlsx", {"Crime Audit 2020": rows}))

    def teardown(self) -> None:
        if hasattr(self, "history"):
            close_database()
            shutil.rmtree(self.folder, ignore_errors=True)

    def _next(self) -> int:
        self.minute += 1
        return self.minute

    def _at(self, minute: int):
        return clock.set_clock(lambda: MORNING + timedelta(minutes=minute))

    def _action_stands(self) -> bool:
        return _the_action() is not None

    @rule(file=st.integers(0, len(FILES) - 1))
    def import_file(self, file: int) -> None:
        minute, action = self._next(), _the_action()
        made, said_again = action is None, action is not None and action.owner == FILES[file][1]
        with self._at(minute):
            step, _summary = commit_import(preview_import(self.files[file], ImportOptions()))
        self.history.record(step)
        if step.made_anything:
            self.done.append(_Step(minute, "import", made, said_again))
            self.undone.clear()

    @precondition(lambda self: (action := _the_action()) is not None and action.deleted_at is None)
    @rule(owner=st.sampled_from(["DS Jones", "DI Brown", "LTD"]))
    def edit_owner(self, owner: str) -> None:
        action = _the_action()
        assert action is not None
        with self._at(self._next()):
            self.history.do(save_item("action", action.id, {"owner": owner}, None))
        if self.history.last_done is not None:
            self.done.append(_Step(self.minute, "edit"))
            self.undone.clear()

    @precondition(_action_stands)
    @rule(restore=st.booleans())
    def delete_or_restore(self, restore: bool) -> None:
        action = _the_action()
        assert action is not None
        if (action.deleted_at is None) == restore:
            return
        with self._at(self._next()):
            self.history.do((restore_items if restore else delete_items)("action", [action.id]))
        self.done.append(_Step(self.minute, "edit"))
        self.undone.clear()

    @precondition(lambda self: bool(self.done))
    @rule()
    def undo(self) -> None:
        with self._at(self._next()):
            try:
                self.history.undo()
            except UndoNotPossible:
                self.done.pop()
                return
        self.undone.append(self.done.pop())

    @precondition(lambda self: bool(self.undone))
    @rule()
    def redo(self) -> None:
        minute = self._next()
        with self._at(minute):
            try:
                self.history.redo()
            except UndoNotPossible:
                self.undone.pop()
                return
        step = self.undone.pop()
        self.done.append(_Step(minute, step.kind, step.made_the_action, step.owner_said_again))

    @invariant()
    def history_tells_each_standing_import_s_confirmations_once(self) -> None:
        action = _the_action()
        if action is None:
            return
        lines = history("action", action.id)
        minutes = [int(line.when[-2:]) for line in lines]
        assert len(minutes) == len(set(minutes)), [(line.when, line.what) for line in lines]  # a step: a line
        standing = {step.minute: step for step in self.done}
        for line in lines:
            assert not re.search(r"\d{4}-\d{2}-\d{2}", line.what) and "_" not in line.what, line.what
            if "confirmed as" in line.what:
                step = standing.get(int(line.when[-2:]))
                assert step is not None and step.kind == "import", (line.when, line.what, self.done)
        told = {int(line.when[-2:]) for line in lines if "confirmed as" in line.what}
        made = next((step.minute for step in self.done if step.made_the_action), None)
        for step in self.done:
            if step.kind == "import" and step.minute != made and step.minute > (made or 0):
                assert step.minute in told, (step, [(line.when, line.what) for line in lines])
                [what] = [line.what for line in lines if int(line.when[-2:]) == step.minute]
                owner = re.search(r"(^|\n)[^\n]*\bOwner\b[^\n]*confirmed as", what) is not None
                assert owner == step.owner_said_again, (step, what)


SETTINGS = settings(
    max_examples=25, stateful_step_count=12, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def test_history_of_reimports(engine: str, request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    run_machine(ReimportHistory, engine, request, monkeypatch, SETTINGS)
