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
