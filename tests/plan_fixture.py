"""The shipped test files, and comparing a dumped plan with the fixture JSON field for field."""

from pathlib import Path

DATA = Path(__file__).parent / "data"
LEGACY_WORKBOOK = DATA / "crime_audit_2020_appendix_b.xlsx"
FIXTURE_JSON = DATA / "crime_audit_2020_plan.json"

# Fields the fixture JSON leaves out: the application's dump gives them these values.
ABSENT_FIELD_DEFAULTS = {"kind": "recommendation", "status": ("open", None)}


def assert_matches_fixture(actual: dict, expected: dict, where: str = "plan") -> None:
    """Every field of ``expected`` equals ``actual``'s; fields it lacks are null (or the default)."""
    for key, value in expected.items():
        assert key in actual, f"{where}: {key} missing"
        if key in ("recommendations", "actions"):
            assert [item["number"] for item in actual[key]] == [item["number"] for item in value], f"{where}.{key}"
            for got, want in zip(actual[key], value, strict=True):
                assert_matches_fixture(got, want, f"{where}.{key}[{want['number']}]")
        else:
            assert actual[key] == value, f"{where}.{key}: {actual[key]!r} != {value!r}"
    for key in set(actual) - set(expected):
        default = ABSENT_FIELD_DEFAULTS.get(key)
        allowed = default if isinstance(default, tuple) else (default,)
        assert actual[key] in (None, *allowed), f"{where}.{key} is {actual[key]!r}, the fixture has no such field"


# What the later published papers say of the example plan beyond its February 2022 appendix: seed 000
# (18 September 2024: "6 · 1 · 0 · 5", "Recs 2 to 6 remain open", "all target dates have now been extended to
# June 2025") and seed 002 (19 March 2025: "The initial target for completion was Sept 2022").
PUBLISHED_LATER = {
    1: {"status": "closed", "closed_on": "2024-09"},
    2: {"initial_target": "2022-09", "revised_target": "2025-06"},
    3: {"initial_target": "2022-09", "revised_target": "2025-06"},
    4: {"initial_target": "2022-09", "revised_target": "2025-06"},
    5: {"initial_target": "2022-12", "revised_target": "2025-06"},
    6: {"initial_target": "2022-09", "revised_target": "2025-06"},
}


def without_later_facts(plan: dict) -> dict:
    """The dumped example plan as its February 2022 appendix gives it (checking the later facts on the way).

    Where the papers are silent the example stays silent: no owners, positions, impacts or action targets.
    """
    for rec in plan["recommendations"]:
        later = PUBLISHED_LATER[rec["number"]]
        assert {key: rec[key] for key in later} == later, f"recommendation {rec['number']}"
        assert rec["owner"] is None and rec["position"] is None and rec["impact"] is None
        rec.update({key: "open" if key == "status" else None for key in later})
        for action in rec["actions"]:
            assert action["owner"] is None and action["target"] is None
            if action["number"] == "1.6":  # "Action complete."
                assert action["status"] == "complete"
                action["status"] = None
    return plan
