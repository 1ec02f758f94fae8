"""Widgets shared by the screens of the terminal app."""
