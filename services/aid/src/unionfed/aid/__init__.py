"""Aid (帮扶): hardship files (困难职工档案), aid programs, grants that are never paid twice."""
