"""Note exports: every note as a Markdown file, and writing them encrypted or in the clear."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fieldnotes.errors import (
    InvalidInput,
)
from fieldnotes.notebook.part import Part


class ExportsPart(Part):
    """Every note as a Markdown file in the import format."""

    def markdown_files(self) -> list[tuple[str, str]]:
        """Every note as a Markdown file in the import format, and the codebook they name.

        (relative file name, text) pairs, oldest note first. Importing the notes into a
        notebook made with that codebook and the same frameworks gives the same notes and
        links. A damaged note is refused, never exported without its text.
        """
        from fieldnotes.domain.importer import format_codebook, format_note

        notes = sorted(self.notes(), key=lambda n: (n.occurred_at, n.id))
        damaged = sum(1 for note in notes if note.damaged)
        if damaged:
            raise InvalidInput(
                f"{damaged} note(s) are damaged and cannot be exported with their text; "
                "nothing was exported"
            )
        files: list[tuple[str, str]] = []
        taken: set[str] = set()
        for note in notes:
            name = f"{note.occurred_at:%Y-%m-%d-%H%M}-{note.id[:8]}.md"
            if name in taken:
                name = f"{note.occurred_at:%Y-%m-%d-%H%M}-{note.id}.md"
            taken.add(name)
            paths = [self.obstacle_path(obstacle_id) for obstacle_id in note.obstacle_ids]
            text = format_note(note.draft(), paths)
            # Import skips a file it has seen before, by its text: the id (a TOML comment)
            # keeps two notes that read alike apart, and an export imported twice is still
            # imported once.
            text = text.replace("+++\n", f"+++\n# fieldnotes note {note.id}\n", 1)
            files.append((name, text))
        entries = self.codebook_entries()
        if entries:
            files.append(("codebook.toml", format_codebook(entries)))
        return files


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
    from fieldnotes.backup import tar_archive
    from fieldnotes.crypto.age import (
        encrypt_to_recipients,
        encrypt_with_passphrase,
        parse_recipient,
        write_private_file,
    )

    keys = [parse_recipient(r) for r in recipients]
    if (passphrase is None) == (not keys):
        raise InvalidInput("an export goes either to keys or to a passphrase (one of them)")
    archive = tar_archive([(name, text.encode("utf-8")) for name, text in files], EXPORT_FOLDER)
    sealed = (
        encrypt_with_passphrase(archive, passphrase)
        if passphrase is not None
        else encrypt_to_recipients(archive, keys)
    )
    del archive
    output = Path(output).expanduser()
    if output.is_dir():
        output = output / f"notes-{datetime.now():%Y%m%d-%H%M%S}.tar.age"
    write_private_file(output, sealed, replace=False)
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
