"""The rules of field notes, obstacles and briefs: plain data and pure functions, no I/O."""
