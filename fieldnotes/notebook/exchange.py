"""Importing a REFI-QDA project (`.qdpx`, or `.qdpx.age` as our export encrypts it) or
codebook (`.qdc`) from another tool, all or nothing (docs/exchange.md, "Importing")."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldnotes.domain.model import Memo, Note, NoteDraft, Obstacle
from fieldnotes.domain.passages import check_passages
from fieldnotes.domain.rules import check_draft_links, check_draft_text, check_memo
from fieldnotes.errors import FieldnotesError, FileFormatError, ImportProblems
from fieldnotes.notebook.events import CodebookChanged, MemosChanged, NotesChanged
from fieldnotes.notebook.part import Part

if TYPE_CHECKING:
    from fieldnotes.domain.qdpx_plan import PlannedNote
    from fieldnotes.domain.qdpx_read import ForeignProject

EXCHANGE_SUFFIXES = (".qdpx", ".qdc", ".qdpx.age")


@dataclass(frozen=True, slots=True)
class ExchangeImport:
    """What an import of a project or codebook did, and everything it set aside."""

    file: str
    origin: str
    notes: list[Note]
    already: int
    """Notes skipped: their source was imported before (the same GUID and text)."""
    obstacles_added: int
    codes_matched: int
    """Codes that were an obstacle already in the notebook (by name and place)."""
    principle_codes: int
    passages: int
    memos_added: int
    memos_already: int
    set_aside: tuple[str, ...]
    notices: tuple[str, ...]
    schema_problems: tuple[str, ...]

    def lines(self) -> list[str]:
        """The report as a person reads it."""
        origin = f" (written by {self.origin})" if self.origin else ""
        already = f", {self.already} already in the notebook" if self.already else ""
        lines = [
            f"Imported {self.file}{origin}: {len(self.notes)} note(s){already}, "
            f"{self.passages} passage(s), {self.memos_added} memo(s).",
            f"Codebook: {self.obstacles_added} obstacle(s) added, {self.codes_matched} code(s) "
            f"matched obstacles already there, {self.principle_codes} code(s) read as "
            "principle stances.",
        ]
        if self.memos_already:
            lines.append(f"{self.memos_already} memo(s) were already in the notebook.")
        if self.set_aside:
            lines.append("Set aside (a notebook has no place for them):")
            lines += [f"  {item}" for item in self.set_aside]
        if self.notices:
            lines.append("Changed to fit:")
            lines += [f"  {item}" for item in self.notices]
        if self.schema_problems:
            lines.append("The file breaks the REFI-QDA schema here (read anyway):")
            lines += [f"  {item}" for item in self.schema_problems]
        return lines

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "origin": self.origin,
            "notes": [note.id for note in self.notes],
            "already": self.already,
            "obstacles_added": self.obstacles_added,
            "codes_matched": self.codes_matched,
            "principle_codes": self.principle_codes,
            "passages": self.passages,
            "memos_added": self.memos_added,
            "memos_already": self.memos_already,
            "set_aside": list(self.set_aside),
            "notices": list(self.notices),
            "schema_problems": list(self.schema_problems),
        }


def is_exchange_file(path: Path) -> bool:
    """Whether `path` names a project or codebook (else it is Markdown notes)."""
    return path.name.lower().endswith(EXCHANGE_SUFFIXES)


def read_exchange_file(path: Path) -> bytes:
    """The bytes of a `.qdpx`, `.qdc` or `.qdpx.age`: a regular file, size-capped before a
    byte is read."""
    from fieldnotes.crypto import age
    from fieldnotes.domain.qdpx_read import MAX_FILE_BYTES

    return age.read_age_file(path, limit=MAX_FILE_BYTES, what="project")


def decrypt_exchange(
    data: bytes, *, identities: Sequence[str] = (), passphrase: str | None = None
) -> bytes:
    """A `.qdpx.age` (as `fieldnotes export qdpx` writes it) decrypted in memory: never
    written out in the clear."""
    from fieldnotes.crypto import age
    from fieldnotes.domain.qdpx_read import MAX_FILE_BYTES

    return age.decrypt(
        data, identities=identities, passphrase=passphrase, what="project", limit=MAX_FILE_BYTES
    )


def read_exchange(data: bytes, name: str) -> ForeignProject:
    """`data` read as a project, or as a codebook when `name` ends in `.qdc`; refused whole
    (`FileFormatError`) when it is hostile or inconsistent."""
    from fieldnotes.domain.qdpx_read import read_qdc, read_qdpx

    shown = Path(name).name
    plain = shown.lower().removesuffix(".age")
    return read_qdc(data, shown) if plain.endswith(".qdc") else read_qdpx(data, shown)


class ExchangePart(Part):
    """Projects and codebooks from other qualitative-analysis tools."""

    def import_exchange(self, project: ForeignProject) -> ExchangeImport:
        """Import a project (or codebook) from `read_exchange` in one transaction; on any
        problem nothing changes and every problem is raised at once."""
        from fieldnotes.domain.qdpx_plan import plan_import

        self._require_unlocked()
        plan = plan_import(project, self.obstacle_tree(), self.frameworks())
        if plan.obstacles:
            self._team_may("codebook")
        drafts, kept, already, existing = self._planned_notes(plan.notes, plan.obstacles)
        memos, memos_already = self._planned_memos(plan.memos, kept, existing)
        if memos:
            self._team_may("memo")
        note_ids = self._store.import_project(plan.obstacles, drafts, memos)
        self._changed(CodebookChanged, NotesChanged, MemosChanged)
        return ExchangeImport(
            file=project.file,
            origin=project.origin,
            notes=[self.note(note_id) for note_id in note_ids],
            already=already,
            obstacles_added=len(plan.obstacles),
            codes_matched=plan.reused,
            principle_codes=plan.principle_codes,
            passages=sum(len(draft.passages) for draft in drafts),
            memos_added=len(memos),
            memos_already=memos_already,
            set_aside=tuple(plan.set_aside),
            notices=tuple(plan.notices),
            schema_problems=project.schema_problems,
        )

    def _planned_notes(
        self, planned: Sequence[PlannedNote], new_obstacles: Sequence[Obstacle]
    ) -> tuple[list[NoteDraft], dict[int, int], int, dict[int, str]]:
        """The drafts to add, checked; which planned note each is; how many were imported
        before, and the ids of those."""
        every = [*self._all_notes().values(), *self.trashed_notes()]
        known = {note.source_digest: note.id for note in every if note.source_digest}
        obstacle_ids = {o.id for o in self.obstacles()} | {o.id for o in new_obstacles}
        principles = self.principles()
        drafts: list[NoteDraft] = []
        kept: dict[int, int] = {}
        existing: dict[int, str] = {}
        problems: list[FileFormatError] = []
        added: set[str] = set()
        repeated = 0
        for index, item in enumerate(planned):
            digest = self._store.source_digest(item.fingerprint)
            if digest in known:
                existing[index] = known[digest]
                continue
            if digest in added:
                repeated += 1
                continue
            draft = dataclasses.replace(item.draft, source_digest=digest)
            try:
                check_draft_text(draft)
                check_passages(draft, principles, obstacle_ids)
                check_draft_links(draft, principles, obstacle_ids)
                self._team_check_note(None, draft)
            except FieldnotesError as error:
                problems.append(FileFormatError(item.label, None, str(error)))
                continue
            kept[index] = len(drafts)
            drafts.append(draft)
            added.add(digest)
        if len(problems) == 1:
            raise problems[0]
        if problems:
            raise ImportProblems(problems)
        return drafts, kept, len(existing) + repeated, existing

    def _planned_memos(
        self,
        planned: Sequence[tuple[Memo, tuple[int, ...]]],
        kept: dict[int, int],
        existing: dict[int, str],
    ) -> tuple[list[tuple[Memo, list[int]]], int]:
        """The memos to add, each with its new notes' indices; one already in the notebook
        (the same kind, title and text) is skipped, so importing twice adds nothing."""
        here = {(m.kind, m.title, m.body) for m in self.memos()}
        memos: list[tuple[Memo, list[int]]] = []
        skipped = 0
        for memo, indices in planned:
            if (memo.kind, memo.title, memo.body) in here:
                skipped += 1
                continue
            memo.note_ids = [existing[i] for i in indices if i in existing]
            check_memo(memo)
            memos.append((memo, [kept[i] for i in indices if i in kept]))
            here.add((memo.kind, memo.title, memo.body))
        return memos, skipped
