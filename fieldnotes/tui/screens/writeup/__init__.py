"""The write-up screen: the note editor and the plain state it edits."""
