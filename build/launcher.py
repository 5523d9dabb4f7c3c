"""The standalone application's entry point (PyInstaller starts here)."""

from hmics_desktop.cli.main import main

raise SystemExit(main())
