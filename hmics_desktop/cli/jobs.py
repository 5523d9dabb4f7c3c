"""The jobs the command line runs; each opens the database and calls one service."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from hmics_desktop.cli.errors import CliError, print_json
from hmics_desktop.storage.database import DatabaseOpenError, close_database, open_database


@contextmanager
def _opened(db_path: Path) -> Iterator[None]:
    try:
        open_database(db_path)
    except DatabaseOpenError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(f"the database {db_path} cannot be opened: {error.strerror or error}") from None
    try:
        yield
    finally:
        close_database()


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run_example(args: argparse.Namespace, db_path: Path) -> int:
    from hmics_desktop.services.plans import load_example_plan

    with _opened(db_path):
        summary = load_example_plan()
    print(f"Example plan (Crime Audit 2020) loaded into {db_path}: {summary.line()}.")
    return 0


def run_dump(args: argparse.Namespace, db_path: Path) -> int:
    from hmics_desktop.services.plans import dump_plans

    with _opened(db_path):
        data = dump_plans()
    print_json(data)
    return 0


Job = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace, Path], int]]

COMMANDS: dict[str, Job] = {
    "example": ("put the example plan (Crime Audit 2020) into the database", _no_arguments, run_example),
    "dump": ("print every plan in the database as JSON", _no_arguments, run_dump),
}
