"""The log file: held back while the window starts, and nothing logged before it opens is lost."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from hmics_desktop.logs import LOG_NAME, open_log_file, setup_logging

ROOT = Path(__file__).resolve().parents[2]
log = logging.getLogger("hmics_desktop.start")


@pytest.fixture
def own_log_file() -> Iterator[None]:
    """The test's own log file: the one a command set up earlier in the session is put back afterwards."""
    logger = logging.getLogger("hmics_desktop")
    before = list(logger.handlers)
    for handler in before:
        logger.removeHandler(handler)
    yield
    for handler in list(logger.handlers):
        handler.close()
        logger.removeHandler(handler)
    for handler in before:
        logger.addHandler(handler)


def _lines(folder: Path) -> list[str]:
    return [line.split(": ", 1)[1] for line in (folder / LOG_NAME).read_text(encoding="utf-8").splitlines()]


def test_what_is_logged_while_the_file_is_held_back_is_written_in_order_once_it_opens(
    own_log_file: None, tmp_path: Path
) -> None:
    assert setup_logging(tmp_path, held=True) is None
    log.info("the window is made")
    log.info("the window is shown")
    assert not (tmp_path / LOG_NAME).exists()
    assert open_log_file() == tmp_path / LOG_NAME
    log.info("the first screen is drawn")
    assert _lines(tmp_path) == ["the window is made", "the window is shown", "the first screen is drawn"]


def test_a_warning_opens_the_held_file_at_once_with_what_came_before_it(own_log_file: None, tmp_path: Path) -> None:
    setup_logging(tmp_path, held=True)
    log.info("the database is opened")
    log.warning("the database you used last cannot be found")
    assert _lines(tmp_path) == ["the database is opened", "the database you used last cannot be found"]


def test_a_command_s_log_file_is_open_from_the_start(own_log_file: None, tmp_path: Path) -> None:
    assert setup_logging(tmp_path) == tmp_path / LOG_NAME
    log.info("exported")
    assert _lines(tmp_path) == ["exported"]
    assert setup_logging(tmp_path) == tmp_path / LOG_NAME  # once per process: no second handler
    log.info("once")
    assert _lines(tmp_path) == ["exported", "once"]


def test_without_a_folder_it_can_write_the_program_runs_without_a_log_file(own_log_file: None, tmp_path: Path) -> None:
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    setup_logging(blocked, held=True)
    log.info("held")
    assert open_log_file() is None
    log.warning("said nowhere, and no error")


def test_the_program_s_end_writes_what_was_still_held(tmp_path: Path) -> None:
    program = textwrap.dedent(
        """
        import logging, sys
        from pathlib import Path
        from hmics_desktop.logs import setup_logging

        setup_logging(Path(sys.argv[1]), held=True)
        logging.getLogger("hmics_desktop.start").info("the user gave up at the password")
        sys.exit(2)
        """
    )
    done = subprocess.run([sys.executable, "-c", program, str(tmp_path)], env=dict(os.environ, PYTHONPATH=str(ROOT)),
                          capture_output=True, text=True, timeout=60)  # fmt: skip
    assert done.returncode == 2, done.stderr
    assert _lines(tmp_path) == ["the user gave up at the password"]
