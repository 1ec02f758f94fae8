"""SQLite storage through SQLModel; the only layer that sees ciphertext.

Import the modules themselves (`store`, `engine`, `peek`): `peek` must load without SQLAlchemy.
"""
