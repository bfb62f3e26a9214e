"""Model workers (劳动模范): selection, approval, and a title that is not for life."""
