"""The brief composer: pick obstacles, period, audience and recipients; preview; check; export.

`screen` is the screen; `form` the named widgets of its tabs (which take values and hold no
notebook); `filling` and `reading` the parts that put the notebook into the form and read the
form into a request; `exporting` the identifier check and the export worker; `styles` and
`bindings` its layout and keys. The member check reuses the preview and the export's outcome.
"""

from fieldnotes.tui.screens.briefs.composer.exporting import export_outcome
from fieldnotes.tui.screens.briefs.composer.form import (
    KEYS_OR_PASSPHRASE,
    MIN_BRIEF_PASSPHRASE,
    BriefPreview,
)
from fieldnotes.tui.screens.briefs.composer.screen import BriefComposerScreen

__all__ = [
    "KEYS_OR_PASSPHRASE",
    "MIN_BRIEF_PASSPHRASE",
    "BriefComposerScreen",
    "BriefPreview",
    "export_outcome",
]
