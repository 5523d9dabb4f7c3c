"""The command line: start the application, or run one job (example, dump, import, export)."""
