"""Undo and redo as rules of a hypothesis state machine over the services (its ``history`` an EditHistory)."""

from __future__ import annotations

from hypothesis.stateful import RuleBasedStateMachine, precondition, rule


class UndoAndRedo(RuleBasedStateMachine):
    """A state machine whose steps can be undone and redone, in any order, as Edit ▸ Undo and Redo do."""

    @precondition(lambda self: self.history.undo_stack)
    @rule()
    def undo(self) -> None:
        self.history.undo()

    @precondition(lambda self: self.history.redo_stack)
    @rule()
    def redo(self) -> None:
        self.history.redo()
