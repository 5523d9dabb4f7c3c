"""The jobs the command line runs; each opens the database and calls one service."""

from __future__ import annotations

import argparse
import contextlib
import getpass
import sqlite3
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from hmics_desktop.cli.errors import CliError, print_json
from hmics_desktop.cli.requests_jobs import requests_arguments, run_requests
from hmics_desktop.domain import clock
from hmics_desktop.storage.database import DatabaseOpenError, PasswordNeeded, close_database, open_database
from hmics_desktop.storage.failures import explain_failure
from hmics_desktop.storage.locations import Location, display_location, is_url, login_of, parse_location, short_name
from hmics_desktop.storage.sqlite_files import database_files, is_same_file, remove_files

if TYPE_CHECKING:
    from hmics_desktop.services.importing import ImportPreview


def open_asking(location: Location, **options: Any) -> Any:
    """``open_database``, with a server database's password from the keyring or, in a terminal, asked for.

    Elsewhere libpq's own ways stand: the URL, the PGPASSWORD variable, a pgpass file.
    """
    if not is_url(location):
        return open_database(location, **options)
    from hmics_desktop.services.credentials import saved_password

    kept = saved_password(str(location))
    try:
        return open_database(location, password=kept, **options)
    except PasswordNeeded as error:
        if not sys.stdin.isatty():
            raise PasswordNeeded(
                f"{error} In a terminal the command asks for it; elsewhere set PGPASSWORD or use a pgpass file."
            ) from None
        who = f"{login_of(str(location))} on {short_name(location)}"  # "jsmith on plans on server"
        if kept is not None:
            print(f"The password kept for {who} was refused.", file=sys.stderr)
    try:
        typed = getpass.getpass(f"Password for {who}: ")
    except KeyboardInterrupt:
        print(file=sys.stderr)  # the prompt's line ends here, not under the next message
        raise
    except EOFError:  # Ctrl+D, or the end of what was piped in
        raise CliError(f"no password was typed for {who}, so it was not opened.") from None
    return open_database(location, password=typed, **options)


@contextmanager
def opened(
    db_path: Location, *, writes: bool = False, announce: bool = True, ahead: Sequence[str] = ()
) -> Iterator[None]:
    """Open the database for a command; only the commands that write plans may create it (and say so).

    ``ahead``: the command's first queries, asked with the opening's (``open_database``).
    """
    is_new = isinstance(db_path, Path) and not db_path.exists()
    if not writes and isinstance(db_path, Path) and db_path.is_file() and db_path.stat().st_size == 0:
        raise CliError(f"{db_path} is empty: it is not a plan database.")  # opening it would create the tables
    try:
        if open_asking(db_path, create=writes, ahead=ahead).read_only and writes:
            close_database()
            why = "no permission to write it or its folder" if isinstance(db_path, Path) else "for your login"
            raise CliError(
                f"the plan database {display_location(db_path)} is read-only here ({why}); nothing was changed."
            )
    except DatabaseOpenError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        file = db_path if isinstance(db_path, Path) else None  # a URL may hold a password: never in a message
        raise CliError(explain_failure(error, file, doing="Opening the plan database")) from None
    try:
        yield
    except BaseException:
        close_database()
        # the command failed before writing: no empty database file left behind
        if isinstance(db_path, Path) and is_new and _holds_no_plan(db_path):
            remove_files(database_files(db_path))
        raise
    close_database()
    if is_new and announce:
        print(f"Created a new plan database at {db_path}.", file=sys.stderr)


def _holds_no_plan(db_path: Path) -> bool:
    try:
        with contextlib.closing(sqlite3.connect(db_path)) as connection:
            return not connection.execute("SELECT EXISTS (SELECT 1 FROM inspection)").fetchone()[0]
    except sqlite3.Error:
        return False


def _no_arguments(parser: argparse.ArgumentParser) -> None:
    del parser


def run_example(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.services.plans import load_example_plan

    with opened(db_path, writes=True):
        summary = load_example_plan()
    print(f"Example plan (Crime Audit 2020) loaded into {display_location(db_path)}: {summary.line()}.")
    return 0


def run_dump(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.services.plans import dump_plans
    from hmics_desktop.services.request_round import dump_requests
    from hmics_desktop.storage.models import database

    with opened(db_path), database.snapshot():  # the plans, the requests and their returns of one moment
        data = {**dump_plans(), **dump_requests()}
    print_json(data)
    return 0


def _import_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, nargs="+", metavar="FILE",
                        help="the plan: Excel, .ods, Word (.docx) or .csv; or owners' returned update requests "
                             "(one or many)")  # fmt: skip
    parser.add_argument("--inspection", metavar="NAME",
                        help="the inspection the plan goes into, whatever name the file gives it")  # fmt: skip
    parser.add_argument("--dry-run", action="store_true",
                        help="show the rows it would create and the fields it would change; write nothing")  # fmt: skip
    parser.add_argument("--json", action="store_true", help="print the plans, warnings and changes as JSON")
    parser.add_argument("--as-at", type=iso_date, metavar="YYYY-MM-DD",
                        help="the day of the progress and closures of a file that states no “as at” date "
                             "(default: today)")  # fmt: skip


def run_import(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.cli.requests_jobs import run_import_returns
    from hmics_desktop.domain.plan_changes import changes_json
    from hmics_desktop.domain.rules import InvalidPlan, check_title
    from hmics_desktop.excel.request_return import looks_like_return
    from hmics_desktop.excel.workbook_parser import ImportOptions
    from hmics_desktop.services.importing import ON_RECORD, UnreadableWorkbook, import_file, preview_import
    from hmics_desktop.storage.snapshot import private_copy

    files: list[Path] = args.file
    if any(looks_like_return(file) for file in files):
        return run_import_returns(args, db_path, files)
    if len(files) > 1:
        raise CliError(f"{files[1].name} is a second plan: import one plan at a time (many files are for owners' "
                       "returned update requests)")  # fmt: skip
    args.file = files[0]
    if args.inspection is not None and check_title(args.inspection):
        raise CliError('--inspection is blank: give the inspection’s name, such as --inspection "Crime Audit 2020".')
    options = ImportOptions(inspection=args.inspection)
    with contextlib.ExitStack() as stack:
        if args.dry_run and isinstance(db_path, Path):
            # on a private copy: the database file is neither created nor opened for writing (a server
            # database is written and rolled back in one transaction: no one else ever sees it)
            try:
                copy = stack.enter_context(private_copy(db_path))
            except OSError as error:
                raise CliError(f"the database {db_path} cannot be read: {error.strerror or error}") from None
            stack.enter_context(opened(copy, writes=True, announce=False))
        else:
            stack.enter_context(opened(db_path, writes=True, ahead=ON_RECORD))
        try:
            if args.dry_run:
                preview = preview_import(args.file, options, args.as_at)
            else:
                preview = import_file(args.file, options, args.as_at)
        except (UnreadableWorkbook, InvalidPlan) as error:
            raise CliError(str(error)) from None
    parsed, summary = preview.parsed, preview.summary
    warnings = preview.warnings + [
        _match_warning(found, close[0], args.dry_run) for found, close in preview.matches.items()
    ]
    if args.json:
        changes = {**changes_json(summary.created_rows, summary.changes), "confirmed": summary.confirmed}
        print_json({**parsed.to_json(), "warnings": warnings, "changes": changes})  # confirmed: values said again
        return 0
    _print_import(args, preview, warnings)
    return 0


def _match_warning(found: str, close: str, dry_run: bool) -> str:
    done = "would be created" if dry_run else "was created"
    return (
        f"the inspection “{found}” is not in the database but “{close}” is, so a new inspection {done}; "
        f'to import into “{close}” instead, run the import with --inspection "{close}".'
    )


def _print_import(args: argparse.Namespace, preview: ImportPreview, warnings: list[str]) -> None:
    from hmics_desktop.domain.plan_changes import counted

    parsed, summary = preview.parsed, preview.summary
    undated = any(plan.as_at is None for plan in parsed.plans)
    day = f"as at {args.as_at:%d/%m/%Y}" if args.as_at else "today"
    note = f" (progress and closures dated {day}: the file states no “as at” date)" if undated else ""
    verb = "would import" if args.dry_run else "imported"
    titles = ", ".join(plan.inspection for plan in parsed.plans)
    said = f"{summary.line()}{summary.confirmed_words()}{note}"
    print(f"{args.file.name}: {verb} {titles}: {said}; {counted(len(warnings), 'warning')}.")
    for plan in parsed.plans:
        if plan.named_from and not args.inspection:
            print(f"  {plan.inspection}: named by {plan.named_from}.")
    if args.dry_run and summary.created_rows:
        print("Would create:")
        for row in summary.created_rows:
            print(f"  {row.kind} {row.number}".rstrip() + f": {_first_line(row.text)}")
    if args.dry_run and summary.changes:
        print("Would change:")
        for change in summary.changes:
            print(f"  {change.item}, {change.field}: {_first_line(change.old)} → {_first_line(change.new)}")
    for warning in warnings:
        print(f"  warning: {warning}", file=sys.stderr)


def _first_line(text: str, width: int = 70) -> str:
    line = text.strip().split("\n")[0]
    more = len(line) > width or "\n" in text.strip()
    return line[:width].rstrip() + "…" if more else line


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"“{text}” is not a date written YYYY-MM-DD") from None


def _export_arguments(parser: argparse.ArgumentParser) -> None:
    from hmics_desktop.services.exporting import DEFAULT_MARKING, DEFAULT_TITLE_PREFIX, Layout

    parser.add_argument("--inspection", action="append", required=True, metavar="NAME",
                        help="an inspection to export (repeat for several; one sheet each)")  # fmt: skip
    parser.add_argument("--as-at", type=iso_date, default=clock.today(), metavar="YYYY-MM-DD",
                        help="show the latest progress on or before this date (default: today)")  # fmt: skip
    parser.add_argument("--format", choices=[layout.value for layout in Layout], default=Layout.TEMPLATE.value,
                        help="template: the Improvement Plan Template; tracker: every field in one table")  # fmt: skip
    parser.add_argument("--title-prefix", default=DEFAULT_TITLE_PREFIX, metavar="TEXT",
                        help=f"put before “Progress Update as at …” (default: “{DEFAULT_TITLE_PREFIX}”)")  # fmt: skip
    parser.add_argument("--marking", default=DEFAULT_MARKING, metavar="TEXT",
                        help=f"the protective marking in the footer (default: {DEFAULT_MARKING})")  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.xlsx", help="the workbook to write")


def run_export(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.services.exporting import ExportError, ExportRequest, Layout, export_plans

    request = ExportRequest(
        inspections=args.inspection,
        target=args.out.resolve(),
        as_at=args.as_at,
        layout=Layout(args.format),
        title_prefix=args.title_prefix,
        marking=args.marking,
    )
    with opened(db_path):
        try:
            result = export_plans(request)
        except ExportError as error:
            raise CliError(str(error)) from None
    from hmics_desktop.domain.words import counted

    what = f"{counted(result.recommendations, 'recommendation')} and {counted(result.actions, 'action')}"
    print(f"Exported {what} to {result.target}.")
    for warning in result.warnings:
        print(f"  warning: {warning}", file=sys.stderr)
    return 0


def _paper_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=["update", "progress"], required=True,
                        help="update: the HMICS Improvement Update; progress: one plan's progress paper")  # fmt: skip
    parser.add_argument("--as-at", type=iso_date, required=True, metavar="YYYY-MM-DD",
                        help="the plans as they stood on this date")  # fmt: skip
    parser.add_argument("--since", type=iso_date, required=True, metavar="YYYY-MM-DD",
                        help="the last meeting: closures after it count as closed since last meeting")  # fmt: skip
    parser.add_argument("--inspection", action="append", metavar="NAME",
                        help="an inspection to cover (repeat for several; default: all)")  # fmt: skip
    parser.add_argument("--meeting", metavar="TEXT",
                        help="the meeting: “Policing Performance Committee - 19 March 2025”, or its date")  # fmt: skip
    parser.add_argument("--dashboard", action="store_true",
                        help="with the dashboard: the update paper's page (trend and ageing), the progress paper's "
                             "trend")  # fmt: skip
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.docx|FILE.pdf", help="the paper to write")


def run_paper(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.services.papers.cli_paper import paper_from_arguments
    from hmics_desktop.services.papers.files import CannotWriteExport, PaperError, build_paper, write_word

    suffix = args.out.suffix.lower()
    if suffix not in (".docx", ".pdf"):
        raise CliError(f"{args.out.name}: the paper is written as .docx (Word) or .pdf")
    if isinstance(db_path, Path) and is_same_file(db_path, args.out):
        raise CliError(f"{args.out} is the plan database itself: give the paper another name; nothing was written.")
    with opened(db_path):
        try:
            spec = paper_from_arguments(args.kind, args.as_at, args.since, args.inspection, args.meeting)
            spec.dashboard = args.dashboard
            document = build_paper(spec)
            if suffix == ".pdf":
                from hmics_desktop.ui.papers.pdf_writer import write_pdf_atomically

                write_pdf_atomically(document, args.out.resolve())
            else:
                if document.pictures():
                    from hmics_desktop.ui.dashboard.pictures import draw_pictures

                    draw_pictures(document)
                write_word(document, args.out.resolve())
        except (PaperError, CannotWriteExport) as error:
            raise CliError(str(error)) from None
    print(f"Wrote {document.title} as at {args.as_at:%d/%m/%Y} to {args.out}.")
    return 0


def _chart_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=["trend", "ageing", "themes", "inspections"], required=True,
                        help="trend: the committee's counts at each quarter's end; ageing: open recommendations by "
                             "time since publication, actions past their target; themes; inspections")  # fmt: skip
    parser.add_argument("--as-at", type=iso_date, metavar="YYYY-MM-DD",
                        help="the plans as they stood on this date (default: today)")  # fmt: skip
    parser.add_argument("--inspection", action="append", metavar="NAME",
                        help="an inspection to show (repeat for several; default: all)")  # fmt: skip
    parser.add_argument("--by", choices=["quarter", "month"], help="the trend's periods (default: quarter)")
    parser.add_argument("--out", type=Path, required=True, metavar="FILE.png|FILE.svg|FILE.csv",
                        help="the picture, or its figures as CSV (one row per bar: its label and counts)")  # fmt: skip


def run_chart(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.services.dashboard import load_figures
    from hmics_desktop.services.dashboard_charts import DashboardFilter, charts_of
    from hmics_desktop.services.papers.cli_paper import inspections_named
    from hmics_desktop.services.papers.files import CannotWriteExport, PaperError
    from hmics_desktop.ui.dashboard.pictures import write_chart_file

    if args.out.suffix.lower() not in (".png", ".svg", ".csv"):
        raise CliError(f"{args.out.name}: a chart is written as .png, .svg (pictures) or .csv (its figures)")
    if args.by is not None and args.kind != "trend":
        raise CliError(f"--by chooses the trend's periods; the {args.kind} chart has none: leave --by out")
    if isinstance(db_path, Path) and is_same_file(db_path, args.out):
        raise CliError(f"{args.out} is the plan database itself: give the chart another name; nothing was written.")
    with opened(db_path):
        try:
            ids = inspections_named(args.inspection, args.as_at)
            chosen = DashboardFilter(inspection_ids=frozenset(ids) if args.inspection else None)
            figures = load_figures(args.by or "quarter", args.as_at, first_of=ids)
            charts = charts_of(args.kind, figures, chosen)
            write_chart_file(charts, args.out.resolve())
        except (PaperError, CannotWriteExport) as error:
            raise CliError(str(error)) from None
    names = " and ".join(chart.title for chart in charts)
    print(f"Wrote {names} as at {figures.day:%d/%m/%Y} to {args.out}.")
    return 0


def run_diagnostics(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.services.diagnostics import diagnostics

    for name, value in diagnostics(db_path):
        print(f"{name + ':':<18}{value}")
    return 0


def _copy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--from", dest="source", type=parse_location, required=True, metavar="PATH|URL")
    parser.add_argument("--to", dest="target", type=parse_location, required=True, metavar="PATH|URL")


def run_copy(args: argparse.Namespace, db_path: Location) -> int:
    """Copy a whole database (file or server) into an empty one, history and audit trail included."""
    from hmics_desktop.storage.copying import CopyRefused, copy_database

    del db_path
    try:
        copied = copy_database(args.source, args.target, open_asking)
    except CopyRefused as error:
        raise CliError(str(error)) from None
    source, target = display_location(args.source), display_location(args.target)
    if copied.source_updated:
        note = "it was updated first (a backup was made before)"
        print(f"{source} was written by an older version: {note}.", file=sys.stderr)
    rows = copied.rows
    print(
        f"Copied {source} to {target}: {rows['inspection']} inspections, {rows['action']} actions, "
        f"{rows['audit_entry']} audit entries."
    )
    return 0


Job = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace, Location], int]]

COMMANDS: dict[str, Job] = {
    "example": ("put the example plan (Crime Audit 2020) into the database", _no_arguments, run_example),
    "dump": ("print every plan in the database as JSON", _no_arguments, run_dump),
    "import": ("import a plan kept in Excel, Word or CSV (a preview with --dry-run)", _import_arguments, run_import),
    "export": ("export plans as the Improvement Plan Template or a tracker", _export_arguments, run_export),
    "paper": ("write a committee paper (Word or PDF) as at a date", _paper_arguments, run_paper),
    "chart": ("draw a chart of the dashboard (PNG, SVG) or write its figures (CSV)", _chart_arguments, run_chart),
    "requests": (
        "send owners their update requests (workbooks and email drafts), or --status",
        requests_arguments,
        run_requests,
    ),
    "copy": ("copy a whole database, history and audit trail included, into an empty one", _copy_arguments, run_copy),
    "diagnostics": (
        "print versions, XML protection and where the files are (for support)",
        _no_arguments,
        run_diagnostics,
    ),
}
