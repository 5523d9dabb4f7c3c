"""What a command-line job raises when it cannot be done, and how JSON is printed."""

from __future__ import annotations

import json
import sys


class CliError(Exception):
    """A job that cannot be done; ``str()`` is the one line the user sees."""


def print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
