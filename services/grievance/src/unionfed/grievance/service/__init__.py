"""The grievance service layer: use cases, each in one unit of work."""
