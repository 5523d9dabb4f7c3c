"""HMICS Improvement Plans: keep, export and import HMICS improvement plans."""

# The one place the version is written: the package's build reads it here (pyproject.toml), and
# the program does too, without asking importlib.metadata (a tenth of the window's start).
__version__ = "0.1.0"

APP_NAME = "HMICS Improvement Plans"
