"""``hmics-desktop``: with no command, the application's window; otherwise one job.

Errors are one clear line on stderr and exit status 2, never a traceback; Ctrl+C stops a
command with one line too, and status 130 (128 + SIGINT, as a shell reports it).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from hmics_desktop import APP_NAME, __version__
from hmics_desktop.cli.errors import CliError
from hmics_desktop.logs import setup_logging
from hmics_desktop.paths import default_database_path
from hmics_desktop.private_files import private_folder
from hmics_desktop.storage.failures import cause, outcome
from hmics_desktop.storage.locations import Location, parse_location

log = logging.getLogger(__name__)

EXIT_USAGE = 2
EXIT_INTERRUPTED = 130


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message}\n")


def _database_option() -> argparse.ArgumentParser:
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(
        "--db",
        type=parse_location,
        metavar="PATH|URL",
        default=argparse.SUPPRESS,
        help="the plan database file, or a shared one on a server (postgresql://user@host:5432/plans); "
        "default: your own file, in your user-data folder",
    )
    return parent


def build_parser(*, commands: bool = True) -> argparse.ArgumentParser:
    """The command line's parser; without ``commands``, only what the window takes (``--db``, ``--version``)."""
    db_option = _database_option()
    parser = _Parser(
        prog="hmics-desktop",
        description=f"{APP_NAME}: keep HMICS improvement plans, export the Improvement Plan Template, "
        "import old Excel plans. With no command, opens the application.",
        parents=[db_option],
        add_help=commands,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    if not commands:
        return parser
    from hmics_desktop.cli import jobs  # the commands: made for a command (or --help), never for the window

    commands_action = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, (summary, add_arguments, _run) in jobs.COMMANDS.items():
        sub = commands_action.add_parser(name, help=summary, description=summary, parents=[db_option])
        add_arguments(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    # The window's start reads --db alone: the commands' options are made only for a command (or
    # --help), since making them loads what the commands need (the export's, openpyxl).
    args, rest = build_parser(commands=False).parse_known_args(arguments)
    if rest:
        args = build_parser().parse_args(arguments)
    window = getattr(args, "command", None) is None
    setup_logging(held=window)  # the window opens its log file once its first screen is drawn
    named: Location | None = getattr(args, "db", None)
    db_path = named or _default_database()
    if window:
        from hmics_desktop.ui.app import run_application

        return run_application(db_path, resume=named is None)  # --db wins over the last database used
    from hmics_desktop.cli import jobs

    run: Callable[[argparse.Namespace, Location], int] = jobs.COMMANDS[args.command][2]
    try:
        return run(args, db_path)
    except BrokenPipeError:  # the reader went away (``| head``): not an error of ours
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the flush at exit
        return 0
    except CliError as error:
        print(f"hmics-desktop {args.command}: {error}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print(f"hmics-desktop {args.command}: stopped (Ctrl+C).", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as error:  # the last line of defence: log it, say it in one line
        log.exception("the %s command failed", args.command)
        reason = cause(error)
        if reason is not None:
            print(f"hmics-desktop {args.command}: {reason}; {outcome(error)}.", file=sys.stderr)
        else:
            print(f"hmics-desktop {args.command}: unexpected error ({error}); details are in the log.", file=sys.stderr)
        return EXIT_USAGE


def _default_database() -> Path:
    """The user's own database; its folder (the user-data folder) is made when missing."""
    path = default_database_path()
    private_folder(path.parent)
    return path
