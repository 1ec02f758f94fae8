"""The identifier check: nothing leaves in a brief until every likely identifier is resolved.

Each finding (a date, a street address, a protected name…) is shown in its line with the match
highlighted, and is redacted, replaced (usually with a role) or confirmed as not identifying.
The log of what was done records the kind, the line and the action — never the identifier.
Decisions made at the same brief's last export come back already applied (marked ↺), and can
be changed like any other.

| Key    | What it does                                                 |
|--------|--------------------------------------------------------------|
| r      | redact the highlighted finding                               |
| p      | replace it with a role or other words                        |
| c      | confirm it is not identifying                                |
| u      | undo the resolution of the highlighted finding               |
| R      | redact every finding still unresolved                        |
| n      | edit the protected names, then scan again                    |
| ctrl+s | done: export (only when every finding is resolved)           |
| escape | back to the composer; nothing is exported                    |
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Static

from fieldnotes.domain.brief import (
    Finding,
    KeptDecision,
    Resolution,
    apply_resolutions,
    decisions_made,
    find_identifiers,
    recall_decisions,
)
from fieldnotes.errors import FieldnotesError
from fieldnotes.tui.dialogs.synthesis import ProtectedNamesDialog, ReplacementDialog
from fieldnotes.tui.providers import IdentifierCheckCommands
from fieldnotes.tui.widgets.footer import KeysFooter
from fieldnotes.tui.widgets.synthesis_style import Palette

CheckResult = tuple[str, list[str]]
"""The checked brief body and the redaction log."""

SNIPPET_WIDTH = 44


def snippet(text: str, finding: Finding, width: int, highlight: Style) -> Text:
    """The finding in its line, cut to `width` cells around the match, the match highlighted."""
    line_start = text.rfind("\n", 0, finding.start) + 1
    line_end = text.find("\n", finding.end)
    line_end = len(text) if line_end == -1 else line_end
    before = text[line_start : finding.start]
    match = text[finding.start : finding.end]
    after = text[finding.end : line_end]
    room = max(width - len(match), 0)
    # Equal context either side; room one side does not need goes to the other.
    keep_after = min(len(after), room - min(len(before), room // 2))
    keep_before = min(len(before), room - keep_after)
    prefix = before[len(before) - keep_before :] if keep_before else ""
    if keep_before < len(before) and prefix:
        prefix = "…" + prefix[1:]
    suffix = after[:keep_after]
    if keep_after < len(after) and suffix:
        suffix = suffix[:-1] + "…"
    shown = Text(prefix)
    shown.append(match, style=highlight)
    shown.append(suffix)
    return shown


class FindingRows(DataTable[Any]):
    """One row per likely identifier."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "enter",
            "select_cursor",
            "Replace",
            show=False,
            id="check.enter",
            tooltip="Replace the highlighted finding with a role",
        ),
    ]


class IdentifierCheckScreen(Screen[CheckResult | None]):
    """Dismisses with `(checked_body, redaction_log)` once every finding is resolved, or None."""

    HELP_GROUP = "Identifier check"

    DEFAULT_CSS = """
    IdentifierCheckScreen {
        layout: vertical;
        & #check-head { height: auto; background: $panel; padding: 0 1; }
        & #check-findings { height: 1fr; }
        & #check-context {
            height: auto;
            max-height: 8;
            padding: 0 1;
            border-top: solid $primary;
            background: $surface;
        }
        & #check-empty { height: 1fr; padding: 1 2; color: $text-success; display: none; }
        &.-clean #check-empty { display: block; }
        &.-clean #check-findings { display: none; }
        &.-clean #check-context { display: none; }
    }
    """

    COMMANDS: ClassVar = {IdentifierCheckCommands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "r",
            "resolve('redact')",
            "Redact",
            id="check.redact",
            tooltip="Replace the highlighted finding with [redacted]",
        ),
        Binding(
            "p",
            "replace",
            "Replace",
            id="check.replace",
            tooltip="Replace the highlighted finding with a role or other words",
        ),
        Binding(
            "c",
            "resolve('confirm')",
            "Confirm",
            id="check.confirm",
            tooltip="Confirm the highlighted finding is not identifying; it stays as written",
        ),
        Binding(
            "u",
            "undo",
            "Undo",
            show=False,
            id="check.undo",
            tooltip="Undo the resolution of the highlighted finding",
        ),
        Binding(
            "R",
            "redact_rest",
            "Redact rest",
            show=False,
            id="check.redact-rest",
            tooltip="Resolve every finding still unresolved as redact",
        ),
        Binding(
            "n",
            "names",
            "Names",
            show=False,
            id="check.names",
            tooltip="Edit the protected names the check always flags, then scan again",
        ),
        Binding(
            "ctrl+s",
            "done",
            "Export",
            id="check.done",
            tooltip="Export the brief (only once every finding is resolved)",
        ),
        Binding(
            "escape",
            "cancel",
            "Back",
            id="check.cancel",
            tooltip="Back to the composer; nothing is exported",
        ),
    ]

    def __init__(
        self,
        body: str,
        findings: list[Finding],
        *,
        protected_names: Sequence[str] = (),
        save_names: Callable[[list[str]], None] | None = None,
        also_names: Sequence[str] = (),
        kept: Sequence[KeptDecision] = (),
    ) -> None:
        """`save_names` stores an edited list of protected names; without it, no editor.
        `also_names` are checked too but not edited here (the people map's names); `kept` are
        the decisions made at this brief's last export, applied again to the same flags."""
        super().__init__()
        self.body = body
        self.findings = list(findings)
        self._kept = list(kept)
        self._recalled = recall_decisions(self.findings, self._kept)
        self.resolutions: dict[int, Resolution] = dict(self._recalled)
        """Resolutions so far, by finding id."""
        self._names = list(protected_names)
        self._also_names = list(also_names)
        self._save_names = save_names

    # --------------------------------------------------------------- compose

    def compose(self) -> ComposeResult:
        yield Static("", id="check-head")
        yield FindingRows(id="check-findings", cursor_type="row", zebra_stripes=True)
        yield Static("", id="check-context")
        yield Static(
            "No likely identifiers were found. Check the preview once more, then export with "
            "ctrl+s (the brief records that the check found nothing).",
            id="check-empty",
        )
        yield KeysFooter(compact=True)

    def on_mount(self) -> None:
        self._fill()
        self.query_one(FindingRows).focus()

    @property
    def decisions(self) -> list[KeptDecision]:
        """The decisions as they stand, to keep for this brief's next export."""
        return decisions_made(self.findings, self.resolutions)

    def _carried(self, finding: Finding) -> bool:
        recalled = self._recalled.get(finding.id)
        return recalled is not None and self.resolutions.get(finding.id) == recalled

    @property
    def unresolved(self) -> list[Finding]:
        return [f for f in self.findings if f.id not in self.resolutions]

    def _fill(self) -> None:
        palette = Palette(self.app)
        table = self.query_one(FindingRows)
        keep = table.cursor_row if table.row_count else 0
        table.clear(columns=True)
        # Line, kind and resolution, the cell padding and the scrollbar take the rest.
        width = max(self.app.size.width - 4 - 14 - 18 - 8 - 2, SNIPPET_WIDTH // 2)
        table.add_column("Line", width=4, key="line")
        table.add_column("Kind", width=14, key="kind")
        table.add_column("Resolution", width=18, key="resolution")
        table.add_column("In the text", width=width, key="context")
        highlight = Style(bold=True, reverse=True)
        for finding in self.findings:
            table.add_row(
                Text(str(finding.line), justify="right"),
                Text(finding.kind, style="bold"),
                self._resolution_text(finding, palette),
                snippet(self.body, finding, width, highlight),
                key=str(finding.id),
            )
        if self.findings:
            table.move_cursor(row=min(keep, len(self.findings) - 1), animate=False)
        self.set_class(not self.findings, "-clean")
        self._head(palette)
        self._show_context()
        self.refresh_bindings()

    def _resolution_text(self, finding: Finding, palette: Palette) -> Text:
        resolution = self.resolutions.get(finding.id)
        if resolution is None:
            return Text("● to resolve", style=palette.style("text-warning", bold=True))
        # ↺: decided so at the last export of this brief, and not changed since.
        mark = " ↺" if self._carried(finding) else ""
        if resolution.action == "redact":
            return Text(f"▇ redact{mark}", style=palette.style("text-error", bold=True))
        if resolution.action == "replace":
            return Text(
                f"→ {resolution.replacement}{mark}",
                style=palette.style("text-primary", bold=True),
            )
        return Text(f"✓ not identifying{mark}", style=palette.style("text-success", bold=True))

    def _head(self, palette: Palette) -> None:
        total = len(self.findings)
        left = len(self.unresolved)
        text = Text.assemble(("Identifier check", "bold"))
        if not total:
            text.append("  nothing found", style=palette.style("text-success", bold=True))
        else:
            text.append(f"  {total} possible identifier{'s' if total != 1 else ''}")
            carried = sum(1 for f in self.findings if self._carried(f))
            if carried:
                text.append(f" · {carried} ↺ as decided last time")
            if left:
                text.append(
                    f" · {left} to resolve before export",
                    style=palette.style("text-warning", bold=True),
                )
            else:
                text.append(
                    " · all resolved: ctrl+s exports",
                    style=palette.style("text-success", bold=True),
                )
        text.append(
            "\nr redact · p replace with a role · c confirm not identifying · R redact the rest",
            style=palette.muted(),
        )
        if self._save_names is not None:
            text.append(f" · n protected names ({len(self._names)})", style=palette.muted())
        self.query_one("#check-head", Static).update(text)

    def _current(self) -> Finding | None:
        table = self.query_one(FindingRows)
        if not self.findings or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return next((f for f in self.findings if str(f.id) == key.value), None)

    def _show_context(self) -> None:
        finding = self._current()
        context = self.query_one("#check-context", Static)
        if finding is None:
            context.update("")
            return
        palette = Palette(self.app)
        text = Text.assemble((f"Line {finding.line} · {finding.kind}\n", palette.muted()))
        text.append_text(
            snippet(
                self.body,
                finding,
                max(self.app.size.width * 3, 200),
                Style(bold=True, reverse=True),
            )
        )
        context.update(text)

    # ---------------------------------------------------------------- events

    @on(FindingRows.RowHighlighted)
    def _highlighted(self) -> None:
        self._show_context()
        self.refresh_bindings()

    @on(FindingRows.RowSelected)
    def _selected(self) -> None:
        self.action_replace()

    # --------------------------------------------------------------- actions

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"resolve", "replace"} and self._current() is None:
            return None
        if action == "undo":
            current = self._current()
            return True if current is not None and current.id in self.resolutions else None
        if action == "redact_rest" and not self.unresolved:
            return None
        # Without somewhere to save them, the names editor is not offered at all.
        return not (action == "names" and self._save_names is None)

    def _set(self, finding: Finding, resolution: Resolution | None) -> None:
        if resolution is None:
            self.resolutions.pop(finding.id, None)
        else:
            self.resolutions[finding.id] = resolution
        palette = Palette(self.app)
        table = self.query_one(FindingRows)
        table.update_cell(str(finding.id), "resolution", self._resolution_text(finding, palette))
        self._head(palette)
        self.refresh_bindings()

    def _next_unresolved(self) -> None:
        table = self.query_one(FindingRows)
        start = table.cursor_row
        ordered = self.findings[start + 1 :] + self.findings[: start + 1]
        for finding in ordered:
            if finding.id not in self.resolutions:
                table.move_cursor(row=self.findings.index(finding), animate=False)
                return

    def action_resolve(self, action: str) -> None:
        finding = self._current()
        if finding is None:
            return
        self._set(finding, Resolution("redact" if action == "redact" else "confirm"))
        self._next_unresolved()

    def action_replace(self) -> None:
        finding = self._current()
        if finding is None:
            return

        def chosen(replacement: str | None) -> None:
            if replacement:
                self._set(finding, Resolution("replace", replacement))
                self._next_unresolved()

        context = snippet(self.body, finding, 70, Style(bold=True, reverse=True))
        self.app.push_screen(ReplacementDialog(finding.kind, context), chosen)

    def action_undo(self) -> None:
        finding = self._current()
        if finding is not None:
            self._set(finding, None)

    def action_redact_rest(self) -> None:
        rest = self.unresolved
        for finding in rest:
            self.resolutions[finding.id] = Resolution("redact")
        self._fill()
        if rest:
            self.notify(f"{len(rest)} redacted.")

    def action_names(self) -> None:
        if self._save_names is None:
            return
        save = self._save_names

        def edited(names: list[str] | None) -> None:
            if names is None:
                return
            try:
                save(names)
            except FieldnotesError as error:
                self.notify(str(error), severity="error")
                return
            self._names = names
            self._rescan()

        self.app.push_screen(ProtectedNamesDialog(self._names), edited)

    def _rescan(self) -> None:
        """Scan again with the new names, keeping resolutions of findings that are still there."""
        before = {
            (f.start, f.end, f.kind): self.resolutions[f.id]
            for f in self.findings
            if f.id in self.resolutions
        }
        self.findings = find_identifiers(self.body, [*self._names, *self._also_names])
        self._recalled = recall_decisions(self.findings, self._kept)
        self.resolutions = {
            f.id: before.get((f.start, f.end, f.kind)) or self._recalled[f.id]
            for f in self.findings
            if (f.start, f.end, f.kind) in before or f.id in self._recalled
        }
        self._fill()
        self.notify(
            f"Scanned again: {len(self.findings)} possible identifier"
            f"{'s' if len(self.findings) != 1 else ''}, {len(self.unresolved)} to resolve."
        )

    def action_done(self) -> None:
        left = self.unresolved
        if left:
            self.notify(
                f"{len(left)} possible identifier{'s' if len(left) != 1 else ''} still to resolve: "
                "redact (r), replace (p) or confirm (c) each one before the brief can leave.",
                severity="warning",
            )
            self.query_one(FindingRows).move_cursor(row=self.findings.index(left[0]), animate=False)
            return
        try:
            checked, log = apply_resolutions(
                self.body,
                self.findings,
                self.resolutions,
                kept={f.id for f in self.findings if self._carried(f)},
            )
        except FieldnotesError as error:
            self.notify(str(error), severity="error")
            return
        self.dismiss((checked, log))

    def action_cancel(self) -> None:
        self.dismiss(None)
