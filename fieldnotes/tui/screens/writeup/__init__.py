"""The write-up screen: the note editor and the plain state it edits.

`screen` is the screen; `fields` the named widgets of its form; `opening` what it opens with;
`drafts` and `closing` the parts that keep unsaved work and that save, discard or trash;
`state` the plain state the form edits; `styles` and `bindings` its layout and keys.
"""
