"""Plain-Python rules of improvement plans: dates, numbers, statuses, the plan shape."""
