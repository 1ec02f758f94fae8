"""The briefs part: composing a brief or member check, encrypting it, and the export log."""

from __future__ import annotations

import contextlib
import dataclasses
import uuid
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fieldnotes.domain.model import ExportRecord, Leader
from fieldnotes.errors import ExportWriteError, FieldnotesError, InvalidInput

if TYPE_CHECKING:
    from fieldnotes.domain.brief import BriefRequest
    from fieldnotes.domain.member_check import MemberCheck
    from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.domain.rules import check_export_passphrase
from fieldnotes.notebook.events import ExportsChanged
from fieldnotes.notebook.part import Part

PRINTABLE = "(printable, unencrypted)"
"""The log's recipient for a member check written as a printable file."""


class BriefsPart(Part):
    """Briefs and member checks: compose, export, and the log of exports."""

    def compose_brief(self, request: BriefRequest, synthesis: Synthesis | None = None) -> str:
        """The brief's Markdown body, before the identifier check, people map applied."""
        return self.compose_brief_logged(request, synthesis)[0]

    def compose_brief_logged(
        self, request: BriefRequest, synthesis: Synthesis | None = None
    ) -> tuple[str, list[str]]:
        """The brief's body with the people map applied, and the log of what the map wrote."""
        from fieldnotes.domain.brief import compose_markdown
        from fieldnotes.domain.tracker import track

        synthesis = synthesis or self.synthesis(since=request.since, until=request.until)
        # The people map is applied to the whole body below, tracker voices included.
        # Compared up to the end of the brief's period, when it has one.
        today = request.until or date.today()
        comparisons = self.comparisons(today=today)
        tracker = track(
            self.obstacle_tree(),
            self._all_notes().values(),
            comparisons,
            today,
            self.protected_names(),
        )
        return self.pseudonymise(
            compose_markdown(
                synthesis,
                request,
                self.principles(),
                {f.id: f.short_name for f in self.frameworks()},
                self.changes_since_last_brief(synthesis),
                comparisons,
                tracker,
            )
        )

    def export_brief(
        self,
        body: str,
        redaction_log: Sequence[str],
        request: BriefRequest,
        output: Path,
        *,
        leader_ids: Sequence[str] = (),
        recipients: Sequence[str] = (),
        passphrase: str | None = None,
        html: bool = False,
        kind: str = "brief",
    ) -> Path:
        """Encrypt a checked brief in the age format and write it, 0600, to `output`.

        `output` may be a directory: the file then gets a neutral name. The export is logged,
        sealed: when, to whom (labels), which obstacles.
        """
        from fieldnotes.crypto.age import remove_stale_temp_files
        from fieldnotes.domain.brief import final_document, new_metadata, render_html
        from fieldnotes.domain.synthesis import snapshot

        self._team_may("brief")
        chosen, extra = self._brief_recipients(leader_ids, recipients, passphrase)
        names = [self.obstacle_path(i) for i in request.obstacle_ids]
        metadata = new_metadata(request, names)
        document = final_document(body, redaction_log, metadata)
        payload = (render_html(document) if html else document).encode("utf-8")
        sealed, labels = self._seal_brief(payload, chosen, extra, passphrase)
        output = Path(output).expanduser()
        if output.is_dir():
            remove_stale_temp_files(output, r"brief-[0-9a-f]{8}\.age")
            output = output / f"brief-{uuid.uuid4().hex[:8]}.age"
        synthesis = self.synthesis(since=request.since, until=request.until)
        entry: dict[str, Any] = {
            "brief_id": metadata.id,
            "recipients": labels,
            "obstacles": names,
            "file_name": output.name,
            "format": "html" if html else "markdown",
            "snapshot": snapshot(synthesis),
            "kind": kind,
            "status": "attempted",
        }
        self._write_logged(output, sealed, entry)
        return output

    def _brief_recipients(
        self, leader_ids: Sequence[str], recipients: Sequence[str], passphrase: str | None
    ) -> tuple[list[Leader], list[str]]:
        """The chosen leaders and the other keys, checked: keys or a passphrase, not both."""
        from fieldnotes.crypto.age import parse_recipient

        by_id = {leader.id: leader for leader in self.leaders()}
        chosen = [by_id[i] for i in leader_ids if i in by_id]
        if len(chosen) != len(leader_ids):
            raise InvalidInput("a chosen leader is no longer in the address book")
        extra = [parse_recipient(r) for r in recipients]
        if passphrase is not None and (chosen or extra):
            raise InvalidInput(
                "a brief goes either to people's keys or to a passphrase, not both "
                "(the age format does not mix them)"
            )
        if passphrase is None and not chosen and not extra:
            raise InvalidInput("choose at least one leader, key or a passphrase")
        return chosen, extra

    def _seal_brief(
        self, payload: bytes, chosen: Sequence[Leader], extra: Sequence[str], passphrase: str | None
    ) -> tuple[bytes, list[str]]:
        """The brief encrypted, and the labels its log entry names as its recipients."""
        from fieldnotes.crypto.age import encrypt_to_recipients, encrypt_with_passphrase

        if passphrase is not None:
            check_export_passphrase(passphrase, "brief")
            return encrypt_with_passphrase(payload, passphrase), ["(passphrase)"]
        keys = [leader.recipient for leader in chosen] + [*extra, self.author_recipient()]
        labels = [leader.label for leader in chosen] + [f"{r[:12]}…" for r in extra]
        return encrypt_to_recipients(payload, keys), labels

    def _write_logged(self, output: Path, sealed: bytes, entry: dict[str, Any]) -> None:
        from fieldnotes.crypto.age import write_private_file

        # Logged before the file exists: a kill part-way can leave an entry without a file,
        # never a brief that left the machine without its entry.
        export_id = self._store.log_export(entry)
        try:
            write_private_file(output, sealed)
        except ExportWriteError:
            # A refused write leaves nothing (it is all or nothing): nothing left to log.
            # An interruption keeps the entry as "attempted".
            with contextlib.suppress(FieldnotesError):
                self._store.delete_export(export_id)
            raise
        self._store.update_export(export_id, {**entry, "status": "written"})
        self._changed(ExportsChanged, ids=[export_id])

    def exports(self) -> list[ExportRecord]:
        self._require_unlocked()
        records = []
        for export_id, when, payload in self._store.exports():
            if payload is None:
                records.append(ExportRecord(export_id, when, (), (), damaged=True))
                continue
            records.append(
                ExportRecord(
                    id=export_id,
                    created_at=when,
                    recipients=tuple(payload.get("recipients", [])),
                    obstacles=tuple(payload.get("obstacles", [])),
                    file_name=str(payload.get("file_name", "")),
                    format=str(payload.get("format", "markdown")),
                    brief_id=str(payload.get("brief_id", "")),
                    snapshot=dict(payload.get("snapshot", {})),
                    status="written"
                    if payload.get("status", "written") == "written"
                    else "attempted",
                    kind="member check" if payload.get("kind") == "member check" else "brief",
                )
            )
        return records

    # ------------------------------------------------------------ member check

    def compose_member_check(self, team: str, *, today: date | None = None) -> MemberCheck:
        """The team-facing summary's Markdown body, before the identifier check."""
        from fieldnotes.domain.member_check import compose_member_check, team_notes

        self._require_unlocked()
        # Every quote of the team's notes is looked at: held lean, they are read again whole
        # a page at a time, not one note at a time.
        seen = team_notes(self._all_notes().values(), team)
        check = compose_member_check(
            team,
            list(self._index.wholes(seen)),
            self.obstacles(),
            self.principles(),
            {f.id: f.short_name for f in self.frameworks()},
            self.protected_names(),
            today,
        )
        # The people map writes names as roles here too, as it does in briefs.
        body, log = self.pseudonymise(check.body)
        return dataclasses.replace(check, body=body, map_log=tuple(log))

    def export_member_check(
        self,
        check: MemberCheck,
        body: str,
        redaction_log: Sequence[str],
        output: Path,
        *,
        recipients: Sequence[str] = (),
        passphrase: str | None = None,
        html: bool = False,
        plaintext: bool = False,
    ) -> Path:
        """Write a checked member check: age-encrypted like a brief, or (`plaintext`) as a
        printable file, 0600. Its metadata names the team, never the author."""
        from fieldnotes.domain.brief import BriefRequest, final_document, new_metadata, render_html
        from fieldnotes.domain.synthesis import snapshot

        self._team_may("brief")
        request = BriefRequest(
            obstacle_ids=check.obstacle_ids,
            audience=check.team,
            summary="",
            title=check.title,
            author="",
        )
        if not plaintext:
            return self.export_brief(
                body,
                redaction_log,
                request,
                output,
                recipients=recipients,
                passphrase=passphrase,
                html=html,
                kind="member check",
            )
        if recipients or passphrase is not None:
            raise InvalidInput("a printable member check is written unencrypted: no keys")
        names = [self.obstacle_path(i) for i in check.obstacle_ids]
        metadata = new_metadata(request, names)
        document = final_document(body, redaction_log, metadata)
        payload = (render_html(document) if html else document).encode("utf-8")
        output = Path(output).expanduser()
        if output.is_dir():
            output = output / f"member-check-{uuid.uuid4().hex[:8]}.{'html' if html else 'md'}"
        # Logged as a brief is, snapshot included: it counts for "changed since the last brief".
        entry: dict[str, Any] = {
            "brief_id": metadata.id,
            "recipients": [PRINTABLE],
            "obstacles": names,
            "file_name": output.name,
            "format": "html" if html else "markdown",
            "snapshot": snapshot(self.synthesis()),
            "kind": "member check",
            "status": "attempted",
        }
        self._write_logged(output, payload, entry)
        return output
