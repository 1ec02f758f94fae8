"""`python -m fieldnotes`, and the console script `fieldnotes.__main__:main`."""

from __future__ import annotations

import sys

from fieldnotes.cli.main import main
from fieldnotes.cli.parser import build_parser

__all__ = ["build_parser", "main"]

if __name__ == "__main__":
    sys.exit(main())
