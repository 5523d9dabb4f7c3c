"""Use cases: open a database, load the example plan, import, export, dump."""
