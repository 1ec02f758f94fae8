"""Reading the composer's form into a brief request and its recipients, or saying what to fix."""

from __future__ import annotations

from datetime import date
from typing import Any

from textual.widgets import Checkbox, Input, SelectionList, TextArea

from fieldnotes.domain.brief import DEFAULT_TITLE, BriefRequest
from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.errors import InvalidInput
from fieldnotes.tui.format import parse_day
from fieldnotes.tui.screens.briefs.composer.form import MIN_BRIEF_PASSPHRASE
from fieldnotes.tui.screens.briefs.composer.part import ComposerPart


class ReadingPart(ComposerPart):
    """The brief as the form describes it; raises InvalidInput naming the field to fix."""

    def _read_period(self) -> tuple[date | None, date | None]:
        try:
            since = parse_day(self.query_one("#since", Input).value)
            until = parse_day(self.query_one("#until", Input).value)
        except ValueError as error:
            raise InvalidInput(f"period: {error}") from None
        if since and until and since > until:
            raise InvalidInput("period: the first day comes after the last day")
        return since, until

    def request(self) -> BriefRequest:
        """The brief as the form describes it (raises InvalidInput with what to fix)."""
        since, until = self._read_period()
        obstacle_ids = tuple(self.query_one("#obstacles", SelectionList).selected)
        if not obstacle_ids:
            raise InvalidInput("choose at least one obstacle for the brief")
        title = self.query_one("#title", Input).value.strip() or DEFAULT_TITLE
        return BriefRequest(
            obstacle_ids=obstacle_ids,
            audience=self.query_one("#audience", Input).value.strip(),
            summary=self.query_one("#summary", TextArea).text,
            since=since,
            until=until,
            title=title,
            author=self.notebook.author_label(),
        )

    def _synthesis_for(self, request: BriefRequest) -> Synthesis:
        if self._synthesis is None or (request.since, request.until) != (
            self._synthesis.since,
            self._synthesis.until,
        ):
            self._synthesis = self.notebook.synthesis(since=request.since, until=request.until)
        return self._synthesis

    def compose_body(self) -> tuple[BriefRequest, str]:
        request = self.request()
        return request, self.notebook.compose_brief(request, self._synthesis_for(request))

    @property
    def use_passphrase(self) -> bool:
        return self.query_one("#use-passphrase", Checkbox).value

    def _recipients(self) -> dict[str, Any]:
        """Keyword arguments for `export_brief`: leaders and keys, or a passphrase."""
        if self.use_passphrase:
            phrase = self.query_one("#passphrase", Input).value
            again = self.query_one("#passphrase-again", Input).value
            if len(phrase) < MIN_BRIEF_PASSPHRASE:
                raise InvalidInput(
                    f"a brief passphrase needs at least {MIN_BRIEF_PASSPHRASE} characters"
                )
            if phrase != again:
                raise InvalidInput("the two passphrases differ")
            return {"passphrase": phrase}
        leader_ids = list(self.query_one("#leaders", SelectionList).selected)
        extra = self.query_one("#extra", Input).value.strip()
        if not leader_ids and not extra:
            raise InvalidInput(
                "choose at least one leader, give a recipient (age1…), or use a passphrase (F3)"
            )
        return {"leader_ids": leader_ids, "recipients": [extra] if extra else []}
