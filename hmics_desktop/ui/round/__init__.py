"""The update round: stepping through actions one after another before a meeting."""
