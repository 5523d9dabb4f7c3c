"""The suite's own rules: an error the application logs fails the test, unless the test expects it."""

from __future__ import annotations

from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parents[1]

pytest_plugins = ["pytester"]

LOGGING_TESTS = """
import logging
import threading

import pytest

log = logging.getLogger("hmics_desktop.somewhere")


def test_an_error_fails():
    log.error("it broke")


def test_an_error_in_a_background_thread_fails():
    worker = threading.Thread(target=lambda: log.exception("background job failed", exc_info=ValueError("bad")))
    worker.start()
    worker.join(10)


@pytest.mark.logs_error("it broke")
def test_an_error_expected_passes():
    log.error("it broke")


@pytest.mark.logs_error("it broke")
def test_another_error_than_the_one_expected_fails():
    log.error("something else")


def test_a_warning_passes():
    log.warning("careful")


def test_another_library_s_error_passes():
    logging.getLogger("peewee").error("not ours")
"""


def test_an_error_the_application_logs_fails_the_test_that_does_not_expect_it(
    pytester: pytest.Pytester, monkeypatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", str(TESTS))
    pytester.makeconftest((TESTS / "conftest.py").read_text(encoding="utf-8"))
    pytester.makeini("[pytest]\nmarkers =\n    logs_error(pattern): expected\n")
    pytester.makepyfile(test_logging=LOGGING_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "--strict-markers", "-rE")
    result.assert_outcomes(passed=6, errors=3)  # every test runs through; three fail at their teardown
    result.stdout.fnmatch_lines_random(
        [
            "*ERROR at teardown of test_an_error_fails*",
            "*ERROR at teardown of test_an_error_in_a_background_thread_fails*",
            "*ERROR at teardown of test_another_error_than_the_one_expected_fails*",
        ]
    )
