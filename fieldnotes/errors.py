"""Typed errors. Every message is one line a person can act on, and never carries plaintext."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path


class FieldnotesError(Exception):
    """Base of every error fieldnotes reports to a person."""


class WrongPassphrase(FieldnotesError):
    def __init__(self) -> None:
        # One generic message: never hint whether the salt, the parameters or the phrase was wrong.
        super().__init__("wrong passphrase, or the notebook's key slot is damaged")


class DamagedData(FieldnotesError):
    """A sealed value failed authentication: tampered, truncated, moved or corrupted."""


class SearchIndexDamaged(DamagedData):
    """A part of the search index is missing or fails to open: it is rebuilt from the notes,
    and the search that met it reads every note instead. Never shown as an answer."""


class SearchIndexChanged(FieldnotesError):
    """The search index was written while it was being read a part at a time: what was read
    is dropped, and the answer worked out from the notes."""


class DamagedError(DamagedData):
    """Part of the notebook failed its check, so the operation stopped rather than guess.

    `what` names the part ("the protected names list is damaged"); never any plaintext.
    """

    def __init__(self, what: str, advice: str = "") -> None:
        self.what = what
        super().__init__(f"{what}; {advice}" if advice else what)


class DamagedKeyslot(DamagedError):
    """The keyslot's structure is damaged (not a wrong passphrase: a value of the wrong kind)."""

    def __init__(self, detail: str) -> None:
        super().__init__(f"the notebook's keyslot is damaged: {detail}")


class ReadOnlyNotebook(FieldnotesError):
    """The notebook was found changed outside fieldnotes in a way that stops every write."""


class UnsafeParameters(FieldnotesError):
    """Key-derivation parameters outside the accepted range; refused before any work is done."""


class NotebookLocked(FieldnotesError):
    """The notebook's key is not loaded."""

    def __init__(self, message: str = "the notebook is locked") -> None:
        super().__init__(message)


class NotebookBusy(FieldnotesError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"{path} is open in another fieldnotes process; close it there first")


class NotebookNotFound(FieldnotesError):
    def __init__(self, path: Path) -> None:
        super().__init__(f"no notebook at {path} (create one with `fieldnotes init`)")


class NotebookExists(FieldnotesError):
    def __init__(self, path: Path, advice: str = "") -> None:
        super().__init__(f"a notebook already exists at {path}" + (f"; {advice}" if advice else ""))


class NotANotebook(FieldnotesError):
    """The file is not a fieldnotes notebook, or its structure is damaged."""


class StorageFull(FieldnotesError):
    def __init__(self) -> None:
        super().__init__("the disk is full: nothing was saved, the notebook is unchanged")


class NotFound(FieldnotesError):
    """A note, obstacle, memo or principle that does not exist."""


class NoteChanged(FieldnotesError):
    """A note was written by someone else between being read and being written again."""


class InvalidInput(FieldnotesError):
    """A value a person supplied that cannot be used (bad mode, unknown principle, ...)."""


class IdentifiersFound(InvalidInput):
    """The identifier check found likely identifiers in what was about to leave in the clear,
    and it was told to stop: nothing was written.

    `places` says where each one is ("file:line: kind"), never its text. The command
    line words the refusal (`fieldnotes.cli.identifiers.stopped`), with what to do next.
    """

    def __init__(self, places: Sequence[str], message: str | None = None) -> None:
        self.places = tuple(places)
        super().__init__(
            message or f"{len(self.places)} possible identifier(s); nothing was exported"
        )


class EmptyNote(InvalidInput):
    """A note with nothing in it: no description, no aside and no quote."""

    def __init__(self) -> None:
        super().__init__("a note needs a description, an aside or a quote; nothing was saved")


class FileFormatError(FieldnotesError):
    """An outside file (framework, codebook, note import) that cannot be read.

    Carries the file and line so the message points at what to fix.
    """

    def __init__(self, path: Path | str, line: int | None, problem: str) -> None:
        self.path = Path(path)
        self.line = line
        self.problem = problem
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {problem}")


class ImportProblems(FileFormatError):
    """Every problem found in one import run; nothing was imported.

    A `FileFormatError` for the first problem, so a caller that reports one still can; the
    message lists them all, one `file:line: problem` a line.
    """

    SHOWN = 50
    """Beyond this many, the message counts the rest: a wrong folder can hold thousands."""

    def __init__(self, problems: Sequence[FileFormatError]) -> None:
        self.problems = tuple(problems)
        first = self.problems[0]
        FieldnotesError.__init__(self, self._message())
        self.path, self.line, self.problem = first.path, first.line, first.problem

    def lines(self) -> list[str]:
        """The message a line at a time: a summary, then one `file:line: problem` each."""
        count = len(self.problems)
        files = len({problem.path for problem in self.problems})
        head = (
            f"{count} problem{'s' if count != 1 else ''} in {files} file{'s' if files != 1 else ''}"
            "; nothing was imported:"
        )
        lines = [str(problem) for problem in self.problems[: self.SHOWN]]
        if count > self.SHOWN:
            lines.append(f"… and {count - self.SHOWN} more")
        return [head, *lines]

    def _message(self) -> str:
        head, *lines = self.lines()
        return "\n".join([head, *(f"  {line}" for line in lines)])


# --- age exports (synthesis briefs) -------------------------------------------------------------


class ExportError(FieldnotesError):
    """An age export could not be made, opened or written."""


class InvalidRecipient(ExportError, InvalidInput):
    """A recipient that is not an age X25519 public key (`age1…`). Never echoes what was typed."""


class DecryptFailed(ExportError):
    """An age file that could not be opened. Nothing was decrypted and nothing was written."""


class NotAnAgeFile(DecryptFailed):
    """The bytes are not an age v1 file at all (wrong file picked, or another format)."""


class DamagedAgeFile(DecryptFailed):
    """Malformed, truncated or tampered age file."""


class NotARecipient(DecryptFailed):
    """None of the given identities can open the file (or the stanza meant for them is damaged)."""


class WrongAgePassphrase(DecryptFailed):
    """The passphrase does not open the file (indistinguishable from a damaged scrypt stanza)."""


class PassphraseRequired(DecryptFailed):
    """The file is protected by a passphrase, and none was given."""


class IdentityRequired(DecryptFailed):
    """The file is encrypted to recipients' keys, and no identity was given."""


class AgeFileTooLarge(DecryptFailed):
    """A file, header, recipient list or stanza beyond what a brief ever needs; refused before
    anything parses it in full, since rage's header parser is quadratic in the header's size."""


class ExcessiveWorkFactor(DecryptFailed, UnsafeParameters):
    """An scrypt work factor above the cap; refused before any key derivation runs."""


class IdentityFileError(FileFormatError, ExportError):
    """An age identity file that is missing, unreadable, empty or malformed. Never quotes a key."""


class ExportWriteError(ExportError):
    """A file that could not be written; no partial file is left behind."""
