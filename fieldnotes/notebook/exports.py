"""Note exports: every note as a Markdown file, and writing them encrypted or in the clear."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import Note
from fieldnotes.errors import ExportError, IdentifiersFound, InvalidInput
from fieldnotes.notebook.part import Part

if TYPE_CHECKING:
    from fieldnotes.domain.brief import Action
    from fieldnotes.domain.qdpx import QdpxProject


class ExportsPart(Part):
    """Every note out: as Markdown files in the import format, or as a REFI-QDA project."""

    def _exportable_notes(self) -> Iterator[Note]:
        """Every live note, oldest first, each with all its texts; refused whole (before the
        first is given) if one is damaged, since it would leave without its text."""
        notes = sorted(self.notes(), key=lambda n: (n.occurred_at, n.id))
        damaged = sum(1 for note in notes if note.damaged)
        if damaged:
            raise InvalidInput(
                f"{damaged} note(s) are damaged and cannot be exported with their text; "
                "nothing was exported"
            )
        return self._index.wholes(notes)

    def markdown_files(self) -> list[tuple[str, str]]:
        """Every note as a Markdown file in the import format, and the codebook they name.

        (relative file name, text) pairs, oldest note first. Importing the notes into a
        notebook made with that codebook and the same frameworks gives the same notes and
        links. A damaged note is refused, never exported without its text.
        """
        from fieldnotes.domain.importer import format_codebook, format_note

        notes = self._exportable_notes()
        files: list[tuple[str, str]] = []
        taken: set[str] = set()
        for note in notes:
            name = f"{note.occurred_at:%Y-%m-%d-%H%M}-{note.id[:8]}.md"
            if name in taken:
                name = f"{note.occurred_at:%Y-%m-%d-%H%M}-{note.id}.md"
            taken.add(name)
            paths = [self.obstacle_path(obstacle_id) for obstacle_id in note.obstacle_ids]
            coded = {o for p in note.passages for o in p.obstacle_ids}
            text = format_note(note.draft(), paths, {o: self.obstacle_path(o) for o in coded})
            # Import skips a file it has seen before, by its text: the id (a TOML comment)
            # keeps two notes that read alike apart, and an export imported twice is still
            # imported once.
            text = text.replace("+++\n", f"+++\n# fieldnotes note {note.id}\n", 1)
            files.append((name, text))
        entries = self.codebook_entries()
        if entries:
            files.append(("codebook.toml", format_codebook(entries)))
        return files

    def qdpx_project(self, identifiers: Action | Literal["stop"] | None = None) -> QdpxProject:
        """The notebook as a REFI-QDA project (docs/exchange.md says what maps to what).

        `identifiers` None: for an encrypted file, texts as they are. "stop": for the clear,
        refused while the identifier check finds anything (`IdentifiersFound` names where);
        "redact"/"confirm": every finding resolved so. A damaged note is refused, and so is a
        project that fails its own checks.
        """
        from fieldnotes.domain.qdpx import (
            ProjectContents,
            build_project,
            identifier_checked,
            semantic_problems,
        )

        notes = list(self._exportable_notes())
        memos = self.memos()
        obstacles = list(self.obstacle_tree())
        if identifiers is not None:
            clear = identifier_checked(
                notes,
                memos,
                obstacles,
                self.protected_names(),
                None if identifiers == "stop" else identifiers,
            )
            if clear.places and identifiers == "stop":
                raise IdentifiersFound(clear.places)
            notes, memos, obstacles = clear.notes, clear.memos, clear.obstacles
        project = build_project(
            ProjectContents(
                notebook_id=self.notebook_id,
                name=self.path.stem,
                notes=notes,
                obstacles=ObstacleTree(obstacles),
                frameworks=self.frameworks(),
                memos=memos,
                user_name=self.author_label() or "fieldnotes user",
                exported_at=datetime.now(UTC),
            )
        )
        problems = semantic_problems(project)
        if problems:
            raise ExportError(f"the project failed its own checks ({problems[0]}); nothing written")
        return project


EXPORT_FOLDER = "fieldnotes-notes"
"""The folder an encrypted Markdown export unpacks to (`age -d … | tar x`)."""


def write_encrypted_export(
    files: Sequence[tuple[str, str]],
    output: Path,
    *,
    recipients: Sequence[str] = (),
    passphrase: str | None = None,
) -> Path:
    """Encrypt exported files as one age file holding a tar of them, and write it (0600).

    `output` may be a folder: the file then gets a neutral name. Never replaces a file.
    """
    from fieldnotes.domain.backup import tar_archive

    archive = tar_archive([(name, text.encode("utf-8")) for name, text in files], EXPORT_FOLDER)
    return write_encrypted_file(
        archive, output, "notes-{:%Y%m%d-%H%M%S}.tar.age", recipients, passphrase
    )


def write_encrypted_file(
    data: bytes,
    output: Path,
    name_in_folder: str,
    recipients: Sequence[str] = (),
    passphrase: str | None = None,
) -> Path:
    """`data` as an age file to keys or a passphrase (exactly one), written 0600, never over a
    file; a folder `output` gets `name_in_folder` formatted with the time."""
    from fieldnotes.crypto.age import (
        encrypt_to_recipients,
        encrypt_with_passphrase,
        parse_recipient,
        write_private_file,
    )

    keys = [parse_recipient(r) for r in recipients]
    if (passphrase is None) == (not keys):
        raise InvalidInput("an export goes either to keys or to a passphrase (one of them)")
    sealed = (
        encrypt_with_passphrase(data, passphrase)
        if passphrase is not None
        else encrypt_to_recipients(data, keys)
    )
    output = _file_in(output, name_in_folder)
    write_private_file(output, sealed, replace=False)
    return output


def write_plaintext_file(data: bytes, output: Path, name_in_folder: str) -> Path:
    """`data` in the clear as a new file (0600), never over another; only after the identifier
    check has run over everything in it and been resolved. A folder `output` as above."""
    from fieldnotes.crypto.age import write_private_file

    output = _file_in(output, name_in_folder)
    write_private_file(output, data, replace=False)
    return output


def _file_in(output: Path, name_in_folder: str) -> Path:
    """`output` itself, or inside a folder `output` the name formatted with the time."""
    output = Path(output).expanduser()
    if output.is_dir():
        return output / name_in_folder.format(datetime.now())
    return output


def write_plaintext_export(files: Sequence[tuple[str, str]], folder: Path) -> Path:
    """Write exported files, in the clear, as a new folder (0700, files 0600), all or none.

    Only after the identifier check has run over every file and been resolved.
    """
    from fieldnotes.crypto.age import write_private_folder

    folder = Path(folder).expanduser()
    write_private_folder(folder, [(name, text.encode("utf-8")) for name, text in files])
    return folder


# --------------------------------------------------------- automatic backups
