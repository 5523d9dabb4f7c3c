"""The dashboard: the committee's picture (the trend, ageing, themes, inspections) drawn with Qt."""
