"""The owners' update requests: sending them, the round, the owners' directory, their returns."""
