"""The grievance domain (维权): cases from intake to feedback. Standard library only."""
