"""Exporting: the identifier check, then sealing and writing in a worker; and keeping a typed
summary for the next composer until the notebook locks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from textual import work
from textual.widgets import Input, RadioButton, RadioSet
from textual.worker import Worker, WorkerState

from fieldnotes.domain.brief import BriefRequest, KeptDecision, find_identifiers
from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.messages import KeepsBriefSummary
from fieldnotes.tui.screens.briefs.composer.part import ComposerPart
from fieldnotes.tui.screens.briefs.identifier_check import CheckResult, IdentifierCheckScreen


def export_outcome(event: Worker.StateChanged, group: str) -> Path | str | None:
    """What an export worker of `group` came to: the file it wrote, why it failed (a sentence
    that names no data), or None while it is still running."""
    if event.worker.group != group or event.state not in (WorkerState.SUCCESS, WorkerState.ERROR):
        return None
    if event.state == WorkerState.ERROR:
        error = event.worker.error
        return str(error) if isinstance(error, FieldnotesError) else "the export failed"
    path = event.worker.result
    assert isinstance(path, Path)
    return path


class ExportingPart(ComposerPart):
    """ctrl+s: check the brief for identifiers, then export it encrypted."""

    def action_check_export(self) -> None:
        if self.exporting:
            self.notify("The brief is still being exported.", severity="warning")
            return
        try:
            request = self.request()
            body, mapped = self.notebook.compose_brief_logged(request, self._synthesis_for(request))
            recipients = self._recipients()
            output = Path(self.query_one("#output", Input).value.strip() or ".").expanduser()
            names = self.notebook.protected_names()
            mapped_names = [p.name for p in self.notebook.people_map()]
            kept = self.notebook.kept_decisions(request)
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        html = self.query_one("#format", RadioSet).pressed_button is self.query_one(
            "#html", RadioButton
        )

        def checked(result: CheckResult | None) -> None:
            if result is None:
                self.notify("Not exported: the identifier check was left.", severity="warning")
                return
            body_checked, log = result
            self.exporting = True
            self.notify("Encrypting the brief…", timeout=3)
            self._export(
                body_checked, [*mapped, *log], request, output, html, recipients, check.decisions
            )

        check = IdentifierCheckScreen(
            body,
            find_identifiers(body, [*names, *mapped_names]),
            protected_names=names,
            save_names=self.notebook.set_protected_names,
            also_names=mapped_names,
            kept=kept,
        )
        self.app.push_screen(check, checked)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _export(
        self,
        body: str,
        log: Sequence[str],
        request: BriefRequest,
        output: Path,
        html: bool,
        recipients: dict[str, Any],
        decisions: Sequence[KeptDecision] = (),
    ) -> Path:
        written = self.notebook.export_brief(body, log, request, output, html=html, **recipients)
        # Kept only once the brief has left: the next export of it starts from these.
        self.notebook.keep_decisions(request, decisions)
        return written

    def _export_finished(self, event: Worker.StateChanged) -> None:
        outcome = export_outcome(event, "export")
        if outcome is None:
            return
        self.exporting = False
        if isinstance(outcome, str):
            self.notify(f"Not exported: {outcome}", severity="error")
            return
        path = outcome
        self.last_export = path
        # Sent: the next brief starts from a blank summary.
        self._keep_summary("")
        for secret in ("#passphrase", "#passphrase-again"):
            self.query_one(secret, Input).value = ""
        self._fill_exports()
        self._switch("tab-exports")
        self.notify(f"Brief written to {path}", title="Exported", timeout=10)

    @property
    def _kept_summary(self) -> str:
        return self.app.kept_brief_summary if isinstance(self.app, KeepsBriefSummary) else ""

    def _keep_summary(self, text: str) -> bool:
        """Keep the summary for the next composer in this session; False where none can be."""
        if not isinstance(self.app, KeepsBriefSummary):
            return False
        self.app.kept_brief_summary = text
        return True
