"""Cases: one customer, one matter (issue 6, being built)."""
