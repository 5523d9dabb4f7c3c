"""The plans tab: inspections, the plan tree and the detail pane."""
