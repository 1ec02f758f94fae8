"""Every modal dialog of the terminal app: each asks one thing and dismisses with the answer."""
