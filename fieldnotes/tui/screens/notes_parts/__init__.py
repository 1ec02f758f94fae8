"""The parts of the notes screen (`fieldnotes.tui.screens.notes`), one concern each.

`part` declares the state they share; `loading` reads the notes and redraws the list, the
status line and the preview; `search` is the search box and its worker; `opening` opens a
large notebook's notes in the background; `view` the keys that change what the list shows;
`note_actions` the keys that act on a note (open, tag, passages, trash); `bindings` the keys.
"""
