"""Allow ``python -m hmics_desktop``."""

from hmics_desktop.cli.main import main

raise SystemExit(main())
