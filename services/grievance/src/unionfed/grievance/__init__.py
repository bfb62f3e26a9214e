"""Grievance channel (维权): workers' complaints and rights cases, from intake to feedback."""
