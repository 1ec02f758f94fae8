"""Storage through SQLAlchemy Core on the SQLModel tables: a SQLite notebook file, or a
PostgreSQL server; the only layer that sees ciphertext.

Import the modules themselves (`store`, `engine`, `peek`): `peek` must load without SQLAlchemy.
"""
