"""Passwords for shared databases: kept by the operating system's keyring, or not at all.

On Windows the keyring is the Credential Manager, on macOS the Keychain, on Linux the
Secret Service of the desktop. Where there is none (a locked-down machine, a server
without a desktop) :func:`keyring_available` is False: the password is asked for each
time and never written anywhere. A password is filed under the database's location
without its password (``postgresql://user@host:5432/plans``).
"""

from __future__ import annotations

import contextlib
import logging

import keyring
from keyring.backends import fail
from keyring.errors import KeyringError

from hmics_desktop.storage.locations import display_location

log = logging.getLogger(__name__)
SERVICE = "hmics-desktop shared plan database"


def keyring_available() -> bool:
    """Whether this machine has a keyring a password can be kept in."""
    try:
        backend = keyring.get_keyring()
    except KeyringError:
        return False
    return not isinstance(backend, fail.Keyring) and backend.priority > 0


def keyring_name() -> str:
    """The keyring's name in the users' words, for the "Remember the password" box."""
    name = type(keyring.get_keyring()).__module__.lower()
    if "windows" in name:
        return "Windows Credential Manager"
    if "macos" in name:
        return "the macOS Keychain"
    return "your desktop's keyring"


def saved_password(location: str) -> str | None:
    """The password kept for a database, or None (none kept, or no keyring here)."""
    if not keyring_available():
        return None
    try:
        return keyring.get_password(SERVICE, display_location(location))
    except KeyringError as error:
        log.warning("the keyring could not be read: %s", error)
        return None


def save_password(location: str, password: str) -> bool:
    """Keep a password in the keyring; False when it could not be kept (nothing is written elsewhere)."""
    if not keyring_available():
        return False
    try:
        keyring.set_password(SERVICE, display_location(location), password)
    except KeyringError as error:
        log.warning("the keyring could not keep the password: %s", error)
        return False
    return True


def forget_password(location: str) -> None:
    """Remove a kept password (it was wrong, or the user no longer wants it kept)."""
    if not keyring_available():
        return
    with contextlib.suppress(KeyringError):  # nothing was kept
        keyring.delete_password(SERVICE, display_location(location))
