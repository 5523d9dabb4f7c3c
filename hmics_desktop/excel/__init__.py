"""Spreadsheets: reading legacy plans safely, writing the Improvement Plan Template."""
