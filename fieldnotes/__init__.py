"""fieldnotes: encrypted field notes and systems synthesis for practice leaders."""

__version__ = "0.1.0"
