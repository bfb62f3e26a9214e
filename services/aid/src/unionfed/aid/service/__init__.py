"""Use cases: the only callers of the unit of work."""
