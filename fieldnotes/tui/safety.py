"""What the terminal app may say and leave behind when things go wrong.

Textual's own debugging aids (its log file, devtools, screenshots, tracebacks with local
variables) copy whatever is on screen or in memory — note text, the passphrase — into plain
files or onto the terminal. The app refuses them unless someone explicitly accepts that.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

UNSAFE_DEBUG_ENV = "FIELDNOTES_UNSAFE_DEBUG"
"""Set to 1 to run the app although Textual's logging or devtools are switched on."""

_FEATURES_THAT_LEAK = ("devtools", "debug")


def unsafe_debug_settings(environ: Mapping[str, str] | None = None) -> list[str]:
    """The environment settings that would make Textual copy decrypted text somewhere."""
    environ = os.environ if environ is None else environ
    found = []
    if environ.get("TEXTUAL_LOG", "").strip():
        found.append("TEXTUAL_LOG (writes everything the app logs to a plain file)")
    features = {part.strip().lower() for part in environ.get("TEXTUAL", "").split(",")}
    found.extend(
        f"TEXTUAL={name} (sends or prints what the app holds)"
        for name in _FEATURES_THAT_LEAK
        if name in features
    )
    if environ.get("TEXTUAL_DEBUG", "").strip() == "1":
        found.append("TEXTUAL_DEBUG=1 (prints every error in full)")
    if environ.get("TEXTUAL_SCREENSHOT", "").strip():
        found.append("TEXTUAL_SCREENSHOT (saves the screen to a plain file)")
    return found


def unsafe_debug_accepted(environ: Mapping[str, str] | None = None) -> bool:
    environ = os.environ if environ is None else environ
    return environ.get(UNSAFE_DEBUG_ENV, "").strip() == "1"


def refusal_message(settings: list[str]) -> str:
    """Why the app will not start, and the one way to insist."""
    lines = [
        "fieldnotes will not open the app while Textual's debugging is on: it would copy "
        "decrypted notes or the passphrase into plain files or onto the terminal.",
        *(f"  - {setting}" for setting in settings),
        "Unset these, or set "
        f"{UNSAFE_DEBUG_ENV}=1 to run anyway on test data you can afford to leak.",
    ]
    return "\n".join(lines)


def crash_message(error: BaseException, *, sealed: bool = True) -> str:
    """One line after an internal error: the kind of error only, never its text or data."""
    kept = (
        "your drafts are sealed and the notebook is locked"
        if sealed
        else "drafts could not all be sealed; the notebook keeps its last saved state"
    )
    return (
        f"fieldnotes stopped after an internal error ({type(error).__name__}); {kept}. "
        "Nothing was printed from your notes."
    )
