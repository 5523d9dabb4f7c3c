"""The one clock: every "now" and "today" of the application is read here.

An edit takes effect when it is made, so the day an edit is recorded, the day a paper is
made and the default "as at" date all come from this one place. Tests (and the history's
state machine) move it with :func:`set_clock`; nothing else in the application keeps a
clock of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime

_source: Callable[[], datetime] = datetime.now


def now() -> datetime:
    """The local time, to the second (as every stored time is kept)."""
    return _source().replace(microsecond=0)


def today() -> date:
    return _source().date()


def stamp() -> str:
    """``now()`` as the database keeps a time: ``YYYY-MM-DD HH:MM:SS``."""
    return str(now())


@contextmanager
def set_clock(source: Callable[[], datetime]) -> Iterator[None]:
    """Read the time from ``source`` while the block runs (the previous clock is put back after)."""
    global _source
    before, _source = _source, source
    try:
        yield
    finally:
        _source = before
