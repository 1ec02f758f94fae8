"""The team part: a notebook that is a team notebook's replica, and its sync.

A personal notebook has no team (`team` is None) and nothing here changes it. A replica
syncs when asked (`sync`): what was written here goes up, what colleagues wrote comes down and
is applied, and the usual change events tell the views. Capture works with the server away;
changes wait and go up at the next sync. What each role may write is refused here already,
with a clear message, before the server would refuse it.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldnotes.domain.model import Note, NoteDraft, Passage, PrincipleLink
from fieldnotes.domain.team import (
    ConflictChoice,
    SyncConflict,
    SyncReport,
    SyncState,
    TeamAction,
    TeamInfo,
    role_refusal,
)
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook.early import DEFAULT_KDF, KdfParams
from fieldnotes.notebook.events import (
    CodebookChanged,
    ExportsChanged,
    LeadersChanged,
    MemosChanged,
    NotebookChange,
    NotesChanged,
    TeamChanged,
)
from fieldnotes.notebook.part import Part

if TYPE_CHECKING:
    from fieldnotes.notebook.facade import Notebook
    from fieldnotes.storage.team.listen import Listener
    from fieldnotes.storage.team.replica import TeamLink
    from fieldnotes.storage.team.replica_sync import StoredConflict, SyncOutcome

_OFFLINE_PAUSE = threading.Event()
"""Never set: waiting on it is how `wait_for_changes` lets time pass when offline."""

_EVENTS: dict[str, type[NotebookChange]] = {
    "note": NotesChanged,
    "link": NotesChanged,
    "obstacle": CodebookChanged,
    "obstacle_decision": CodebookChanged,
    "framework": CodebookChanged,
    "memo": MemosChanged,
    "brief_log": ExportsChanged,
    "leader": LeadersChanged,
}


def _refused(message: str) -> Exception:
    from fieldnotes.storage.team.errors import NotPermitted

    return NotPermitted(message)


class TeamPart(Part):
    """The replica's place in its team, its sync, and its conflicts."""

    # ------------------------------------------------------------------ state

    def _team_link(self) -> TeamLink | None:
        self._require_unlocked()
        return self._store.team_link()

    def _replica(self) -> TeamLink:
        link = self._team_link()
        if link is None:
            raise InvalidInput(
                "this notebook is a personal one, not a team notebook "
                "(`fieldnotes team create URL` makes it one)"
            )
        return link

    @property
    def team(self) -> TeamInfo | None:
        """This replica's place in its team, or None for a personal notebook."""
        link = self._team_link()
        if link is None:
            return None
        return TeamInfo(
            server=link.server,
            schema=link.schema,
            member_id=link.member_id,
            label=link.label,
            role=link.role,
            fingerprint=link.keys.public.fingerprint,
        )

    def author_of(self, note_id: str) -> str | None:
        """The label of the member who wrote a note, or None in a personal notebook."""
        from fieldnotes.storage.team.replica_sync import author_of

        link = self._team_link()
        if link is None:
            return None
        author = author_of(self._store, note_id) or link.member_id
        if author == link.member_id:
            return link.label
        return self._store.team_status().labels.get(author, "a former member")

    # ------------------------------------------------------------------ setting up

    def team_create(self, url: str, label: str, *, name: str | None = None) -> SyncReport:
        """Make this notebook a team notebook's first replica, on the server at `url` (a
        PostgreSQL address with the caller's own login), with the caller as its lead; its
        rows go up at once (or at the next sync, if the server goes away meanwhile)."""
        from fieldnotes.storage.team.replica_sync import create_team

        self._require_unlocked()
        schema = name or f"fn_{self._store.notebook_id.hex()[:12]}"
        create_team(self._store, url, label, schema)
        self._changed(TeamChanged)
        return self.sync()

    def team_upgrade(self, url: str | None = None) -> tuple[int, int]:
        """Bring the team's server schema up to the version this fieldnotes speaks; returns
        the version found and the version now. It takes the schema's owner role for one
        transaction: the login that set the team up (while it keeps what the DBA gave it), or
        the DBA connecting with `url` (an address of the team's database with their own
        login)."""
        from fieldnotes.storage.team.admin import upgrade
        from fieldnotes.storage.team.server import connect

        link = self._replica()
        conn = connect(url or link.conninfo)
        try:
            done = upgrade(conn, link.schema)
        finally:
            conn.close()
        self._changed(TeamChanged)
        return done.found, done.now

    # ------------------------------------------------------------------ sync

    def sync(self) -> SyncReport:
        """Push what was written here, pull what colleagues wrote; says what happened."""
        from fieldnotes.storage.team.replica_sync import sync

        self._replica()
        outcome = sync(self._store)
        self._announce(outcome)
        found = {c.conflict_id: c for c in self._stored_conflicts()}
        problem = outcome.problem
        if not problem and outcome.unsent:
            problem = f"{len(outcome.unsent)} change(s) here cannot be sent: {outcome.unsent[0]}"
        return SyncReport(
            pushed=outcome.pushed,
            pulled=outcome.pulled,
            conflicts=tuple(
                self._conflict(found[cid]) for cid in outcome.conflicts if cid in found
            ),
            refused=tuple(outcome.refused),
            online=outcome.online,
            problem=problem,
        )

    def _announce(self, outcome: SyncOutcome) -> None:
        kinds: dict[type[NotebookChange], set[str]] = {}
        for kind, ids in outcome.applied.items():
            kinds.setdefault(_EVENTS.get(kind, NotesChanged), set()).update(ids)
        if CodebookChanged in kinds:
            self._frameworks = None
        for change, ids in kinds.items():
            self._changed(change, ids=sorted(ids) if change is NotesChanged else None)
        self._changed(TeamChanged)

    def sync_state(self) -> SyncState:
        """What the status line says: online or not, changes waiting, conflicts, refusals."""
        from fieldnotes.storage.team.replica_sync import waiting

        self._replica()
        status = self._store.team_status()
        return SyncState(
            online=status.online,
            waiting=len(waiting(self._store)),
            conflicts=len(self._stored_conflicts()),
            refused=len(status.refused),
            last_synced=status.last_synced,
            problem=status.problem,
        )

    def wait_for_changes(self, timeout: float) -> bool:
        """Wait up to `timeout` seconds for a colleague's write; True if one was announced.

        Offline, it waits out the timeout and says False, so a caller's loop does not spin.
        """
        from fieldnotes.storage.team.errors import ServerUnavailable, TeamServerError
        from fieldnotes.storage.team.listen import Listener
        from fieldnotes.storage.team.schema import TeamNames

        link = self._replica()
        listener: Listener | None = self.__dict__.get("_team_listener")
        try:
            if listener is None:
                listener = Listener(link.conninfo, TeamNames(link.schema))
                self.__dict__["_team_listener"] = listener
            return bool(listener.wait(timeout))
        except (ServerUnavailable, TeamServerError):
            self.stop_listening()
            _OFFLINE_PAUSE.wait(timeout)
            return False

    def stop_listening(self) -> None:
        listener = self.__dict__.pop("_team_listener", None)
        if listener is not None:
            listener.close()

    # ------------------------------------------------------------------ conflicts

    def _stored_conflicts(self) -> list[StoredConflict]:
        from fieldnotes.storage.team.replica_sync import conflicts

        return conflicts(self._store)

    def conflicts(self) -> list[SyncConflict]:
        """The conflicted copies waiting for the person, oldest first."""
        self._replica()
        return [self._conflict(found) for found in self._stored_conflicts()]

    def _conflict(self, found: StoredConflict) -> SyncConflict:
        return SyncConflict(
            conflict_id=found.conflict_id,
            kind=found.kind,
            row_id=found.row_id,
            title=_title(found.kind, found.mine or found.theirs),
            theirs_by=found.theirs_by or "the server",
            found_at=found.found_at,
            mine=dict(found.mine),
            theirs=dict(found.theirs),
        )

    def resolve_conflict(self, conflict_id: str, choice: ConflictChoice) -> None:
        """Keep mine (it goes up on top of theirs), theirs (mine is dropped), or both (a
        note only: mine is kept as a note of its own). Syncs at once if the server is there."""
        from fieldnotes.storage.team.replica_sync import resolve

        self._replica()
        found = {c.conflict_id: c for c in self._stored_conflicts()}.get(conflict_id)
        kept = resolve(self._store, conflict_id, choice)
        if found is not None and choice != "theirs":
            event = _EVENTS.get(found.kind, NotesChanged)
            ids = [found.row_id] + ([kept] if kept else [])
            self._changed(event, ids=ids if event is NotesChanged else None)
        self._changed(TeamChanged)
        if choice != "theirs":
            self.sync()

    # ------------------------------------------------------------------ role guards

    def _team_may(self, action: TeamAction) -> None:
        """Refuse, as the server would, what this member's role may not do."""
        link = self._team_link()
        if link is None:
            return
        reason = role_refusal(link.role, action)
        if reason is not None:
            raise _refused(reason)

    def _team_check_note(self, note_id: str | None, draft: NoteDraft | None = None) -> None:
        """Only a note's author may change it; a capture member's notes carry no tags."""
        from fieldnotes.storage.team.replica_sync import author_of

        link = self._team_link()
        if link is None:
            return
        if note_id is not None:
            author = author_of(self._store, note_id)
            if author is not None and author != link.member_id:
                who = self._store.team_status().labels.get(author, "a colleague")
                raise _refused(f"this note is {who}'s: only its author can change it")
        if draft is not None and role_refusal(link.role, "tag") is not None:
            current = self.note(note_id) if note_id is not None else None
            before = sorted(current.obstacle_ids) if current is not None else []
            if sorted(draft.obstacle_ids) != before:
                self._team_may("tag")
            if _obstacle_codes(draft.passages) != _obstacle_codes(
                current.passages if current is not None else ()
            ):
                raise _refused(
                    f"as a {link.role} member of this team notebook you code passages with "
                    "principles only: ask a coder or a lead to code obstacles"
                )

    def _team_check_passages(self, note: Note, passages: Sequence[Passage]) -> None:
        """Coding passages is coding, not changing the words: a coder or a lead codes any
        note's; a capture member codes their own notes' with principles only (as the
        note's own codes), and the server refuses the rest too."""
        link = self._team_link()
        if link is None or role_refusal(link.role, "tag") is None:
            return
        from fieldnotes.storage.team.replica_sync import author_of

        if author_of(self._store, note.id) not in (None, link.member_id):
            raise _refused(
                f"as a {link.role} member of this team notebook you code passages of your "
                "own notes only: ask a coder or a lead (the team's server would refuse it too)"
            )
        if _obstacle_codes(passages) != _obstacle_codes(note.passages):
            raise _refused(
                f"as a {link.role} member of this team notebook you code passages with "
                "principles only: ask a coder or a lead to code obstacles"
            )

    def _team_check_tag(
        self, note_ids: Sequence[str], obstacle_id: str | None, principle: PrincipleLink | None
    ) -> None:
        if obstacle_id is not None:
            self._team_may("tag")
        if principle is not None:
            # A note's principles are among its codes, which a coder or lead may change on
            # any note; a capture member codes only the notes they wrote.
            from fieldnotes.storage.team.replica_sync import author_of

            link = self._team_link()
            if link is not None and role_refusal(link.role, "tag") is not None:
                for note_id in note_ids:
                    if author_of(self._store, note_id) not in (None, link.member_id):
                        raise _refused(
                            f"as a {link.role} member of this team notebook you code only "
                            "your own notes' principles: ask a coder or a lead (the team's "
                            "server would refuse it too)"
                        )

    def _team_check_obstacle(self, changes: dict[str, Any]) -> None:
        if {"status", "ask", "decision", "reobserve_on"} & changes.keys():
            self._team_may("decide")
        if {"name", "description", "parent_id"} & changes.keys():
            self._team_may("codebook")


def _obstacle_codes(passages: Sequence[Passage]) -> set[tuple[str, str]]:
    return {(p.id, obstacle_id) for p in passages for obstacle_id in p.obstacle_ids}


def _title(kind: str, document: dict[str, Any]) -> str:
    if kind == "note":
        when = str(document.get("occurred_at") or "")[:10]
        return " ".join(part for part in (when, str(document.get("team") or "")) if part)
    if kind in ("obstacle", "memo"):
        return str(document.get("name") or document.get("title") or kind)
    return kind


def join_team(
    path: Path,
    invitation: bytes,
    invitation_passphrase: str,
    passphrase: str,
    *,
    kdf: KdfParams = DEFAULT_KDF,
) -> Notebook:
    """A new notebook file at `path`, under the newcomer's own passphrase, as a replica of
    the team the invitation is for; everything the team has is pulled into it.

    Nothing is left behind if joining fails (a used, expired or damaged invitation, a wrong
    invitation passphrase, the server away): the new file is removed.
    """
    from fieldnotes.notebook.facade import Notebook
    from fieldnotes.storage.team.replica_sync import OpeningInvitation
    from fieldnotes.storage.team.replica_sync import join_team as redeem_into

    # The invitation's key derivation and the new notebook's run at once.
    # A notebook that cannot be made leaves the thread to finish on its own: it holds
    # nothing but the opened invitation, dropped with it.
    opening = OpeningInvitation(invitation, invitation_passphrase)
    notebook = Notebook.create(path, passphrase, kdf=kdf)
    try:
        redeem_into(notebook._store, opening)
    except BaseException:
        notebook.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        raise
    # From here the file holds the only copy of the member's new database password: it is
    # kept whatever happens, and a pull cut short carries on at the next sync.
    try:
        notebook.sync()
    except BaseException:
        notebook.close()
        raise
    return notebook


__all__ = ["TeamPart", "join_team"]
