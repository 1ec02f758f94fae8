"""Where the notebook lives. Light on purpose: the command line needs it before anything heavy."""

from __future__ import annotations

import os
from pathlib import Path

NOTEBOOK_SUFFIX = ".fieldnotes"


def default_notebook_path() -> Path:
    """Computed when called, so tests and users can redirect it through the environment."""
    from platformdirs import user_data_path

    return user_data_path("fieldnotes", appauthor=False) / f"notebook{NOTEBOOK_SUFFIX}"


def notebook_path_from_env(explicit: str | os.PathLike[str] | None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get("FIELDNOTES_NOTEBOOK")
    if env:
        return Path(env).expanduser()
    return default_notebook_path()


def seen_record(notebook_id: str) -> Path:
    """Where this machine keeps the newest state it has seen of one notebook (for rollback)."""
    from platformdirs import user_state_path

    return user_state_path("fieldnotes", appauthor=False) / "seen" / f"{notebook_id}.json"
