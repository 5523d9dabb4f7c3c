"""The board: every recommendation and action with filters and the committee counts."""
