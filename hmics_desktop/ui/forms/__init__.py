"""The forms that keep a plan up to date: inspection, recommendation, action, and their dialogs."""
