"""Rows of the example plan (Crime Audit 2020) by their numbers: recommendation 4, action 4.1."""

from hmics_desktop.storage.models import Action, Recommendation


def recommendation(number: int) -> Recommendation:
    return Recommendation.get((Recommendation.number == number) & (Recommendation.kind == "recommendation"))


def action(number: str) -> Action:
    rec, position = (int(p) for p in number.split("."))
    return Action.get((Action.recommendation == recommendation(rec)) & (Action.position == position))
