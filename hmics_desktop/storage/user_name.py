"""Who the audit trail records as making a change: the name set in the settings, or the login name.

Apart from :mod:`audit` (which writes the trail) so that the window sets the name as it starts
without loading the trail's writing.
"""

from __future__ import annotations

_user_name: str | None = None


def set_user_name(name: str | None) -> None:
    """The name to record as "who" (the user's own, from the settings); None: the login name."""
    global _user_name
    _user_name = (name or "").strip() or None


def chosen_name() -> str | None:
    """The name set in the settings; None: none was."""
    return _user_name


def current_user() -> str:
    """The name set in the settings, or the computer's login name (a server database uses its own login)."""
    if _user_name:
        return _user_name
    import getpass  # the login name: asked when the first change is recorded

    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a service account, a container)
        return "unknown"
