"""Smoke test of the standalone application built by ``build/make.py``.

Runs in CI (where ``CI`` is set) or with ``HMICS_TEST_BUNDLE=1``; skipped otherwise, since
building takes a minute. The built executable runs offscreen to ``--version``, a ``dump``
of the example plan and an ``export`` of it.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from plan_fixture import FIXTURE_JSON, assert_matches_fixture, without_later_facts

from hmics_desktop import __version__

ROOT = Path(__file__).resolve().parents[2]
EXECUTABLE = (
    ROOT / "dist" / "hmics-desktop" / ("hmics-desktop-cli.exe" if sys.platform == "win32" else "hmics-desktop-cli")
)

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.timeout(1800),  # the first test builds the bundle: PyInstaller takes minutes on a busy machine
    pytest.mark.skipif(
        not (os.environ.get("CI") or os.environ.get("HMICS_TEST_BUNDLE")),
        reason="builds the standalone application: set HMICS_TEST_BUNDLE=1 (CI does)",
    ),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    built = subprocess.run(
        [sys.executable, str(ROOT / "build" / "make.py")], capture_output=True, text=True, timeout=1500
    )
    assert built.returncode == 0, built.stdout + built.stderr
    assert EXECUTABLE.exists()
    return EXECUTABLE


def _run(executable: Path, *args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(home), "XDG_DATA_HOME": str(home / "data"),
           "XDG_STATE_HOME": str(home / "state")}  # fmt: skip
    return subprocess.run([str(executable), *args], capture_output=True, text=True, env=env, timeout=120)


def test_version(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle, "--version", home=tmp_path)
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_xml_protection_is_active_in_the_bundle(bundle: Path, tmp_path: Path) -> None:
    result = _run(bundle, "diagnostics", home=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "XML protection:   on (defusedxml)" in result.stdout
    assert "Standalone build: yes" in result.stdout


def test_example_dump_and_export(bundle: Path, tmp_path: Path) -> None:
    db = tmp_path / "plans.sqlite"
    assert _run(bundle, "example", "--db", str(db), home=tmp_path).returncode == 0
    dumped = _run(bundle, "dump", "--db", str(db), home=tmp_path)
    assert dumped.returncode == 0, dumped.stderr
    fixture = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    assert_matches_fixture(without_later_facts(json.loads(dumped.stdout)["plans"][0]), fixture)
    out = tmp_path / "plan.xlsx"
    exported = _run(bundle, "export", "--db", str(db), "--inspection", "Crime Audit 2020", "--as-at", "2022-02-15",
                    "--out", str(out), home=tmp_path)  # fmt: skip
    assert exported.returncode == 0, exported.stderr
    sheet = openpyxl.load_workbook(out)["Crime Audit 2020"]
    assert sheet["A1"].value == "APPENDIX B - Progress Update as at 15th February 2022"
    assert sheet.max_row >= 2 + 21  # a row per action (a very long one spreads over two)


def test_committee_paper_in_word_and_pdf(bundle: Path, tmp_path: Path) -> None:
    db = tmp_path / "plans.sqlite"
    assert _run(bundle, "example", "--db", str(db), home=tmp_path).returncode == 0
    for suffix in ("docx", "pdf"):
        out = tmp_path / f"paper.{suffix}"
        made = _run(bundle, "paper", "--db", str(db), "--kind", "progress", "--inspection", "Crime Audit 2020",
                    "--as-at", "2022-02-15", "--since", "2021-09-01", "--out", str(out), home=tmp_path)  # fmt: skip
        assert made.returncode == 0, made.stderr
        assert out.stat().st_size > 10_000


def test_a_word_plan_and_a_csv_import_in_the_bundle(bundle: Path, tmp_path: Path) -> None:
    from crafted_files import word_plan

    rows = [["Recommendation", "Action", "Latest progress update", "Next steps"],
            ["Recommendation 1\nPublish audits", "1.1 Report to SPA", "Drafting", ""]]  # fmt: skip
    paper = word_plan(tmp_path / "Crime Audit 2020.docx", [rows], prose=["Progress Update as at 15th February 2022"])
    tracker = tmp_path / "Custody.csv"
    tracker.write_text("Recommendation;Action\nR1 Review custody;1.1 Audit the estate\n", encoding="utf-8-sig")
    db = tmp_path / "plans.sqlite"
    for path in (paper, tracker):
        imported = _run(bundle, "import", str(path), "--db", str(db), home=tmp_path)
        assert imported.returncode == 0, imported.stderr
    dumped = json.loads(_run(bundle, "dump", "--db", str(db), home=tmp_path).stdout)
    assert sorted(plan["inspection"] for plan in dumped["plans"]) == ["Crime Audit 2020", "Custody"]


def test_a_shared_database_on_a_server_from_the_bundle(bundle: Path, tmp_path: Path, postgres_server) -> None:
    """psycopg's compiled driver and libpq travel in the bundle: a file copied to a server and dumped from it."""
    local = tmp_path / "plans.sqlite"
    assert _run(bundle, "example", "--db", str(local), home=tmp_path).returncode == 0
    url = postgres_server.fresh_database()
    copied = _run(bundle, "copy", "--from", str(local), "--to", url, home=tmp_path)
    assert copied.returncode == 0, copied.stderr
    dumped = _run(bundle, "dump", "--db", url, home=tmp_path)
    assert dumped.returncode == 0, dumped.stderr
    fixture = json.loads(FIXTURE_JSON.read_text(encoding="utf-8"))
    assert_matches_fixture(without_later_facts(json.loads(dumped.stdout)["plans"][0]), fixture)


def test_a_chart_and_a_paper_with_the_dashboard_in_the_bundle(bundle: Path, tmp_path: Path) -> None:
    db = tmp_path / "plans.sqlite"
    assert _run(bundle, "example", "--db", str(db), home=tmp_path).returncode == 0
    for suffix, start in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("csv", b"\xef\xbb\xbfChart")):
        out = tmp_path / f"trend.{suffix}"
        made = _run(bundle, "chart", "--db", str(db), "--kind", "trend", "--out", str(out), home=tmp_path)
        assert made.returncode == 0, made.stderr
        assert out.read_bytes().startswith(start)
    out = tmp_path / "update.docx"
    made = _run(bundle, "paper", "--db", str(db), "--kind", "update", "--as-at", "2025-03-19", "--since",
                "2024-09-18", "--dashboard", "--out", str(out), home=tmp_path)  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert out.stat().st_size > 100_000  # with its two pictures
