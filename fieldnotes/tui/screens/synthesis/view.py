"""What the synthesis shows for one choice of filters, and reading it from the notebook.

The reading is everything that grows with the notebook, so it runs in a worker; the screen
only draws the `SynthesisView` that comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fieldnotes.domain.synthesis import Synthesis
from fieldnotes.notebook import Notebook, NoteFilter
from fieldnotes.tui.format import LinkLabels, framework_shorts
from fieldnotes.tui.screens.retention import shown_purged
from fieldnotes.tui.widgets.synthesis_detail import DetailContext


@dataclass(frozen=True, slots=True, eq=False)
class SynthesisView:
    """Everything the screen shows for one choice of filters, read off the UI thread."""

    synthesis: Synthesis
    context: DetailContext
    labels: LinkLabels
    note_total: int
    """Notes inside the filters, for the count line."""
    revision: int
    """The notebook's revision when the reading began: a later write makes this view old."""


def read_view(
    notebook: Notebook, since: date | None, until: date | None, team: str | None, today: date
) -> SynthesisView:
    """The synthesis for these filters and everything its detail pane needs, as of now."""
    revision = notebook.revision
    synthesis = notebook.synthesis(since=since, until=until, team=team)
    changes = notebook.changes_since_last_brief(synthesis)
    context = DetailContext(
        principles=notebook.principles(),
        shorts=framework_shorts(notebook.frameworks()),
        memos={memo.id: memo for memo in notebook.memos()},
        changes={change.obstacle_id: change for change in changes},
        brief_sent=any(not record.damaged for record in notebook.exports()),
        comparisons=notebook.comparisons(today=today, team=team),
        histories=notebook.obstacle_histories(),
        purged=shown_purged(notebook, synthesis),
    )
    note_total = len(notebook.notes(NoteFilter(team=team, since=since, until=until)))
    labels = LinkLabels.from_notebook(notebook)
    return SynthesisView(synthesis, context, labels, note_total, revision)
