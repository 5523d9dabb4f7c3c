"""Moving plans in and out: the import and export dialogs and their background jobs."""
