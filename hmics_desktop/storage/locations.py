"""Where a plan database is: a file, or a database on a PostgreSQL server named by a URL.

Read and shown without the server's driver (psycopg is loaded only when a server database is
opened): the window starts sooner, and a file never needs it.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit


def is_url(location: object) -> bool:
    """Whether a database location names a PostgreSQL server rather than a file."""
    return str(location).startswith(("postgresql://", "postgres://"))


Location = Path | str  # a database file, or the URL of a database on a server


def parse_location(text: str) -> Location:
    """A location as the user typed it: a URL stays text (``postgres://`` spelt as peewee reads it), else a path.

    A password typed as it is ("postgresql://jsmith:pa@ss/w?rd@server/plans", or ``?password=a b``)
    is percent-encoded, so that libpq reads the same login, password and server as this program
    does: it would read a server "ss/w?rd@server", or refuse "a b", and say so in an error, a
    part of the password with it.
    """
    if text.startswith("postgres://"):
        text = "postgresql://" + text.removeprefix("postgres://")
    return _with_password_encoded(text) if is_url(text) else Path(text)


# What RFC 3986 lets a login or password hold as it is; anything else is percent-encoded
_URL_SAFE = re.compile(r"(?:[A-Za-z0-9._~!$'()*+,;=-]|%[0-9A-Fa-f]{2})*")
# ?password=… up to the next "&name=" (an "&" not followed by one is the password's own)
_QUERY_PASSWORD = re.compile(r"([?&]password=)(.*?)(?=&[A-Za-z_]+=|$)")


_SECRET_PARAMETERS = ("password", "sslpassword")  # never kept with a location (the keyring keeps a password)


def _encoded(part: str) -> str:
    """A login or password as a URL must hold it; one already well encoded as it is."""
    return part if _URL_SAFE.fullmatch(part) else quote(part, safe="")


def _with_password_encoded(url: str) -> str:
    """The URL with its login, password and ``password=`` percent-encoded where typed as they are.

    The ``password=`` first (it may hold an "@"); then, in the URL's login part, the login runs
    to the first ":" and the password from there to the last "@" (a server's name holds none).
    A login alone may hold an "@" too (Azure's "jsmith@myserver"), never a "/" or "?": an "@"
    after one of those is in the database's name or a parameter, left as it is.
    """
    scheme, _, rest = _QUERY_PASSWORD.sub(lambda found: found[1] + _encoded(found[2]), url).partition("://")
    userinfo, at, server = rest.rpartition("@")
    if at and (":" in userinfo or not {"/", "?"} & set(userinfo)):
        login, colon, password = userinfo.partition(":")
        rest = f"{_encoded(login)}{colon}{_encoded(password)}@{server}"
    return f"{scheme}://{rest}"


def login_of(location: str) -> str:
    """The login a server database's location names (for telling two logins' entries apart)."""
    return unquote(urlsplit(location).username or "") or "default login"


def bracketed(host: str) -> str:
    """A server as a URL names it: an IPv6 address in brackets ("[::1]"), any other as it is."""
    return f"[{host}]" if ":" in host else host


def display_location(url: str | Path) -> str:
    """A location for messages and lists: a file as it is, a URL without its password.

    All else libpq reads stays, so that File ▸ Recent opens the same database the same way: no
    server is the one on this machine through its socket (not "localhost" over the network),
    and ``?host=/var/run/postgresql`` or ``?sslmode=verify-full`` are kept.
    """
    if not is_url(url):
        return str(url)
    parts = urlsplit(_with_password_encoded(str(url)))  # a password's "&" or "@" cannot be taken for more
    user = f"{parts.username}@" if parts.username else ""
    host = bracketed(parts.hostname) if parts.hostname else ""
    port = f":{parts.port}" if parts.port else ""
    kept = [each for each in parts.query.split("&") if each and each.split("=")[0] not in _SECRET_PARAMETERS]
    query = f"?{'&'.join(kept)}" if kept else ""
    return f"{parts.scheme}://{user}{host}{port}{parts.path}{query}"


def short_name(location: Location) -> str:
    """A location for a window's title: a file's name, or "plans on server" ("plans on [::1]") on a server."""
    if not is_url(location):
        return Path(location).name
    parts = urlsplit(str(location))
    return f"{unquote(parts.path.lstrip('/'))} on {bracketed(parts.hostname or 'localhost')}"
