"""HMICS Improvement Plans: keep, export and import HMICS improvement plans."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("hmics-desktop")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"

APP_NAME = "HMICS Improvement Plans"
