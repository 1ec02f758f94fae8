"""The retention part: the records policy, extensions, purges and what is kept of them.

The rules are in `fieldnotes.domain.retention`; this part reads and writes the sealed records
they need (docs/retention.md): `retention_months`, `retention_extensions`, `retention_counts`
and `retention_log`, each JSON list or object sealed with a count beside it, so damage never
reads as "nothing".
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, date, datetime

from fieldnotes.domain.model import Note
from fieldnotes.domain.retention import (
    COUNTS_SETTING,
    DECISIONS_SETTING,
    EXTENSIONS_SETTING,
    LOG_SETTING,
    Extension,
    PurgedCounts,
    PurgeRecord,
    RetentionView,
    check_months,
    due_for_retention,
    dump_counts,
    dump_extensions,
    dump_log,
    extend,
    load_counts,
    load_extensions,
    load_log,
    merge_counts,
    purge_record,
    purged_counts,
)
from fieldnotes.errors import DamagedData, DamagedError, InvalidInput, NotFound
from fieldnotes.notebook.events import NotesChanged, SettingsChanged
from fieldnotes.notebook.part import Part

MONTHS_SETTING = "retention_months"
# DECISIONS_SETTING is kept by the settings part; a purge empties it (`_forget_kept_decisions`).

_ADVICE = "nothing was purged; see `fieldnotes check`"


def _utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None, microsecond=0)


class RetentionPart(Part):
    """How long notes are kept, which are due, extensions with a reason, and purges."""

    # ------------------------------------------------------------------ policy

    def retention_months(self) -> int | None:
        """Months a note is kept after the day it was written about; None when off."""
        self._require_unlocked()
        try:
            raw = self._store.setting(MONTHS_SETTING)
        except DamagedData:
            raise DamagedError(
                "the notebook's retention setting is damaged",
                "set it again with `fieldnotes config set retention MONTHS` (or off)",
            ) from None
        if raw is None or raw == "off":
            return None
        try:
            return check_months(int(raw), "retention")
        except (ValueError, InvalidInput):
            raise DamagedError(
                "the notebook's retention setting is damaged",
                "set it again with `fieldnotes config set retention MONTHS` (or off)",
            ) from None

    def set_retention_months(self, months: int | None) -> None:
        self._require_unlocked()
        value = "off" if months is None else str(check_months(months, "retention"))
        self._store.set_setting(MONTHS_SETTING, value)
        self._changed(SettingsChanged, ids=[MONTHS_SETTING])

    # ------------------------------------------------------------ sealed records

    def _retention_record(self, key: str, what: str) -> str | None:
        return self._sealed_list(key, what, _ADVICE)

    def _counted(self, key: str, what: str, found: int) -> None:
        if str(found) != self._store.setting(f"{key}.count"):
            raise DamagedError(f"{what} is damaged", _ADVICE)

    def retention_extensions(self) -> dict[str, Extension]:
        """Note id → the extension that keeps it longer than the policy."""
        self._require_unlocked()
        what = "the retention extensions"
        raw = self._retention_record(EXTENSIONS_SETTING, what)
        if raw is None:
            return {}
        try:
            found = load_extensions(raw)
        except DamagedData:
            raise DamagedError(f"{what} are damaged", _ADVICE) from None
        self._counted(EXTENSIONS_SETTING, what, len(found))
        return found

    def purged_counts(self) -> dict[str, PurgedCounts]:
        """Obstacle id → what purged notes had contributed to its evidence (counts only)."""
        self._require_unlocked()
        what = "the counts of purged notes"
        raw = self._retention_record(COUNTS_SETTING, what)
        if raw is None:
            return {}
        try:
            found = load_counts(raw)
        except DamagedData:
            raise DamagedError(f"{what} are damaged", _ADVICE) from None
        self._counted(COUNTS_SETTING, what, len(found))
        return found

    def purge_log(self) -> list[PurgeRecord]:
        """Every purge, newest first."""
        self._require_unlocked()
        what = "the purge log"
        raw = self._retention_record(LOG_SETTING, what)
        if raw is None:
            return []
        try:
            found = load_log(raw)
        except DamagedData:
            raise DamagedError(f"{what} is damaged", _ADVICE) from None
        self._counted(LOG_SETTING, what, len(found))
        return sorted(found, key=lambda record: record.at, reverse=True)

    # -------------------------------------------------------------- what is due

    def _every_note(self) -> dict[str, Note]:
        """Live notes and those in the trash: a note's date comes due wherever it is.

        The live ones come from the notes kept open (no second decryption of a large
        notebook); the trash is read as it is, as the trash view reads it.
        """
        return {note.id: note for note in (*self.notes(), *self.trashed_notes())}

    def retention(self, *, today: date | None = None, within_days: int = 30) -> RetentionView:
        """Notes past their keep-until date, and those falling due within `within_days`."""
        self._require_unlocked()
        months = self.retention_months()
        if months is None:
            return RetentionView(None, today or date.today(), ())
        return due_for_retention(
            self._every_note().values(),
            months,
            self.retention_extensions(),
            today=today or date.today(),
            within_days=within_days,
        )

    def extend_retention(
        self, note_id: str, months: int, reason: str, *, today: date | None = None
    ) -> Extension:
        """Keep one note `months` longer, from its date or today if later; `reason` is sealed."""
        self._require_unlocked()
        notes = self._every_note()
        if note_id not in notes:
            raise NotFound("that note is not in the notebook")
        extensions = self.retention_extensions()
        extension = extend(
            notes[note_id],
            months,
            reason,
            self.retention_months(),
            extensions.get(note_id),
            today=today or date.today(),
            now=_utcnow(),
        )
        # Entries of notes deleted since (from the trash) go: nothing keeps a gone note's id.
        extensions = {key: value for key, value in extensions.items() if key in notes}
        extensions[note_id] = extension
        self._store.set_settings(
            {
                EXTENSIONS_SETTING: dump_extensions(extensions),
                f"{EXTENSIONS_SETTING}.count": str(len(extensions)),
            }
        )
        self._changed(SettingsChanged, ids=[EXTENSIONS_SETTING])
        return extension

    # ------------------------------------------------------------------- purge

    def notes_to_purge(
        self, note_ids: Sequence[str] | None = None, *, today: date | None = None
    ) -> list[Note]:
        """The notes a purge would delete: these, or (None) every note that is due."""
        self._require_unlocked()
        notes = self._every_note()
        if note_ids is None:
            view = self.retention(today=today)
            due = [item.note_id for item in view.due]
            if self._store.team_link() is not None:
                from fieldnotes.storage.team.replica_purge import purgeable

                # In a team, every due note this member may purge: a lead's are all of
                # them, anyone else's those they wrote (a lead purges the rest).
                due = purgeable(self._store, due)
            return [notes[note_id] for note_id in due]
        missing = [note_id for note_id in note_ids if note_id not in notes]
        if missing:
            raise NotFound(f"no note with id {missing[0]!r} in the notebook; nothing was purged")
        return [notes[note_id] for note_id in dict.fromkeys(note_ids)]

    def _purged_by(self) -> str:
        """Who purges: the member's label in a team notebook, else the author name."""
        team = getattr(self, "team", None)
        if callable(team):
            team = team()
        label = getattr(team, "label", None)
        if isinstance(label, str) and label:
            return label
        try:
            author = self._store.setting("author_label")
        except DamagedData:
            author = None
        return author or "(author name not set)"

    def _team_purge_check(self, note_ids: Sequence[str]) -> bool:
        """Whether this is a team replica (the purge goes up); refuses a purge of a
        colleague's note by anyone but a lead, before anything is deleted."""
        if self._store.team_link() is None:
            return False
        from fieldnotes.storage.team.errors import NotPermitted
        from fieldnotes.storage.team.replica_purge import purge_refusal

        refusal = purge_refusal(self._store, note_ids)
        if refusal is not None:
            raise NotPermitted(refusal)
        return True

    def _forget_kept_decisions(self) -> dict[str, str]:
        """The kept identifier decisions, emptied: they hold flagged text (names, addresses)
        word for word, and some of it may have come from the notes being purged. The next
        export of a brief asks about its flags again."""
        from fieldnotes.domain.brief import dump_decisions

        try:
            kept = self._store.setting(DECISIONS_SETTING)
        except DamagedData:
            kept = ""  # damaged: replaced by an empty list all the same
        if kept is None:
            return {}
        return {DECISIONS_SETTING: dump_decisions({}), f"{DECISIONS_SETTING}.count": "0"}

    def purge(
        self, note_ids: Sequence[str] | None = None, *, today: date | None = None
    ) -> PurgeRecord:
        """Delete notes for good: these ("by hand"), or every note that is due ("retention").

        In one transaction: the notes, their links, drafts of them, their extensions and the
        kept identifier decisions; the counts they gave the synthesis are added to the kept
        aggregate and the purge is logged. Older backups still hold the notes: a purge
        cannot reach them.
        """
        self._require_unlocked()
        if note_ids is None and self.retention_months() is None:
            raise InvalidInput(
                "retention is off for this notebook, so no note is due; name the notes to "
                "purge, or set it with `fieldnotes config set retention MONTHS`"
            )
        chosen = self.notes_to_purge(note_ids, today=today)
        if not chosen:
            raise InvalidInput("no note is due for purging; nothing was purged")
        team = self._team_purge_check([note.id for note in chosen])
        # Read before anything is written: damage to any of them stops the purge.
        added = purged_counts(chosen, self.obstacles())
        counts = merge_counts(self.purged_counts(), added)
        extensions = self.retention_extensions()
        log = self.purge_log()
        record = purge_record(
            chosen,
            by=self._purged_by(),
            reason="retention" if note_ids is None else "by hand",
            now=_utcnow(),
        )
        team_settings: dict[str, str] = {}
        conflict_ids: list[str] = []
        if team:
            from fieldnotes.storage.team.replica_purge import conflicts_of, pending_settings

            # Each replica that takes this purge logs it once, by this id.
            record = replace(record, purge_id=secrets.token_hex(16))
            ids = [note.id for note in chosen]
            team_settings = pending_settings(self._store, ids, record, added)
            conflict_ids = conflicts_of(self._store, ids)
        gone = {note.id for note in chosen}
        everything = self._every_note()
        extensions = {
            key: value for key, value in extensions.items() if key in everything and key not in gone
        }
        log = [record, *log]
        self._store.purge_notes(
            [note.id for note in chosen],
            {
                **self._forget_kept_decisions(),
                COUNTS_SETTING: dump_counts(counts),
                f"{COUNTS_SETTING}.count": str(len(counts)),
                EXTENSIONS_SETTING: dump_extensions(extensions),
                f"{EXTENSIONS_SETTING}.count": str(len(extensions)),
                LOG_SETTING: dump_log(log),
                f"{LOG_SETTING}.count": str(len(log)),
                **team_settings,
            },
            conflict_ids,
        )
        self._changed(NotesChanged, SettingsChanged)
        return record
