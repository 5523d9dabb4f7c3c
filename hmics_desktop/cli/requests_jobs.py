"""The command line's update requests: ``requests`` (send, or ``--status``) and the import of owners' returns."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from hmics_desktop.cli.errors import CliError, print_json
from hmics_desktop.storage.locations import Location, display_location


def requests_arguments(parser: argparse.ArgumentParser) -> None:
    from hmics_desktop.cli.jobs import iso_date

    parser.add_argument("--status", action="store_true",
                        help="print each request sent and whether it came back, the outstanding first")  # fmt: skip
    parser.add_argument("--out", type=Path, metavar="FOLDER", help="the folder to write the workbooks and drafts in")
    parser.add_argument("--due", type=iso_date, metavar="YYYY-MM-DD", help="the day to send them back by")
    parser.add_argument("--as-at", type=iso_date, metavar="YYYY-MM-DD",
                        help="the plan as it stood on this day (default: today)")  # fmt: skip
    parser.add_argument("--inspection", action="append", metavar="NAME",
                        help="an inspection whose actions to ask about (repeat for several; default: all)")  # fmt: skip
    parser.add_argument("--owner", action="append", metavar="NAME",
                        help="an owner to ask (repeat for several; default: all with open actions)")  # fmt: skip
    parser.add_argument("--from", dest="sender", metavar="ADDRESS", help="your email address, for the drafts")
    parser.add_argument(
        "--marking", default="OFFICIAL", metavar="TEXT", help="the protective marking (default: OFFICIAL)"
    )


def run_requests(args: argparse.Namespace, db_path: Location) -> int:
    from hmics_desktop.cli.jobs import opened
    from hmics_desktop.services.request_round import status_lines
    from hmics_desktop.services.requests import RequestError, RequestOptions, send_requests

    if args.status:
        with opened(db_path):
            lines = status_lines()
        print("\n".join(lines) if lines else f"No update requests have been sent from {display_location(db_path)}.")
        return 0
    if args.out is None or args.due is None:
        raise CliError("give --out FOLDER and --due YYYY-MM-DD to send requests (or --status to see who has answered)")
    options = RequestOptions(args.out.resolve(), args.due, args.as_at, args.inspection, args.owner, args.sender,
                             args.marking)  # fmt: skip
    with opened(db_path):
        try:
            sent = send_requests(options)
        except RequestError as error:
            raise CliError(str(error)) from None
    print(f"Wrote {sent.line()} to {options.folder}. {sent.unowned_sentence()}".rstrip())
    for warning in sent.warnings:
        print(f"  warning: {warning}", file=sys.stderr)
    return 0


def run_import_returns(args: argparse.Namespace, db_path: Location, files: list[Path]) -> int:
    """Import owners' returns (``import`` given returned workbooks); ``--dry-run`` reads and weighs only."""
    from hmics_desktop.cli.jobs import opened
    from hmics_desktop.services.returns import import_returns, preview_returns

    with opened(db_path):
        preview = preview_returns(files) if args.dry_run else import_returns(files)[0]
    if args.json:
        print_json(preview.to_json())
        return 0
    verb = "would record" if args.dry_run else "recorded"
    line = preview.summary.line()
    print(f"{line[:1].upper()}{line[1:]} ({verb}).")
    for found in preview.returns:
        if not found.lands:
            continue
        print(f"  {found.path.name}: {found.owner}, {found.day_words}")
        for row in found.rows:
            what = "; ".join(row.records) or (f"nothing ({row.skipped})" if row.skipped else "nothing new")
            print(f"    action {row.now or row.number}: {what}")
    for warning in preview.warnings:
        print(f"  warning: {warning}", file=sys.stderr)
    return 0
