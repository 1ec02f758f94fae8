"""The detail pane of the synthesis: why an obstacle has the strength it has, and what is asked.

Every piece of user text goes in as plain `Text`, never markup, so brackets stay literal.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.reactive import var
from textual.widgets import Static

from fieldnotes.domain.comparison import Comparison
from fieldnotes.domain.history import ObstacleEvent
from fieldnotes.domain.model import MODE_LABELS, Memo, Principle
from fieldnotes.domain.retention import PurgedCounts
from fieldnotes.domain.synthesis import Change, ObstacleEvidence
from fieldnotes.terminal import printable_line
from fieldnotes.tui.widgets.comparison import ComparisonView
from fieldnotes.tui.widgets.purged_counts import purged_text
from fieldnotes.tui.widgets.synthesis_style import (
    PATH_SEPARATOR,
    Palette,
    modes_sentence,
    principle_short,
    status_text,
    strength_text,
)
from fieldnotes.tui.widgets.timeline import Timeline

PRINCIPLES_SHOWN = 6
"""Per stance; the matrix (m) shows every principle."""


@dataclass(slots=True)
class DetailContext:
    """What the pane needs beyond the evidence, read once per reload."""

    principles: Mapping[str, Principle] = field(default_factory=dict)
    shorts: Mapping[str, str] = field(default_factory=dict)
    memos: Mapping[str, Memo] = field(default_factory=dict)
    changes: Mapping[str, Change] = field(default_factory=dict)
    brief_sent: bool = False
    """Whether any brief was exported: without one, 'what changed' has nothing to compare to."""
    comparisons: Mapping[str, Comparison] = field(default_factory=dict)
    histories: Mapping[str, Sequence[ObstacleEvent]] = field(default_factory=dict)
    purged: Mapping[str, PurgedCounts] = field(default_factory=dict)
    """What notes purged under the retention policy left, per obstacle: counts only."""


def _section(text: Text, title: str, palette: Palette, hint: str = "") -> None:
    if text:
        text.append("\n\n")
    text.append(title, style=palette.style("text-accent", bold=True))
    if hint:
        text.append(f"  {hint}", style=palette.muted(italic=True))
    text.append("\n")


def evidence_summary(item: ObstacleEvidence, context: DetailContext, palette: Palette) -> Text:
    """Strength and why, status and the ask (what is edited here) first; then the evidence."""
    obstacle = item.obstacle
    text = Text.assemble((item.path.replace("/", PATH_SEPARATOR), "bold"))
    text.append("\n")
    text.append_text(strength_text(item.strength, palette))
    text.append(f"  {item.strength_reason}", style=palette.muted())
    text.append("\n")
    text.append_text(status_text(obstacle.status, palette))
    if obstacle.reobserve_on:
        text.append(f"  · observe again from {obstacle.reobserve_on.isoformat()}")
    text.append("\n")
    text.append("Since the last brief  ", style="bold")
    change = context.changes.get(obstacle.id)
    if not context.brief_sent:
        text.append("no brief exported yet", style=palette.muted(italic=True))
    elif change is not None:
        text.append(change.summary, style=palette.style("text-warning", bold=True))
    else:
        text.append("unchanged", style=palette.muted(italic=True))

    _section(text, "Ask of leadership", palette, "a edits")
    if obstacle.ask.strip():
        text.append(obstacle.ask.strip())
    else:
        text.append("No ask written yet.", style=palette.muted(italic=True))
    _section(text, "Decision", palette, "d edits · r sets the re-observe date")
    if obstacle.decision.strip():
        text.append(obstacle.decision.strip())
    else:
        text.append("Nothing decided yet.", style=palette.muted(italic=True))

    _section(text, "Evidence", palette)
    text.append("Seen     ", style="bold")
    text.append_text(modes_sentence(item.modes, palette))
    if item.first_seen and item.last_seen:
        text.append("\nWhen     ", style="bold")
        text.append(
            f"{item.first_seen.isoformat()} to {item.last_seen.isoformat()} · "
            f"{item.days} day{'s' if item.days != 1 else ''}"
        )
    if item.teams:
        text.append("\nTeams    ", style="bold")
        text.append(", ".join(item.teams))
    for title, counts, glyph, variable in (
        ("Principles at risk", item.at_risk, "✗", "text-error"),
        ("Principles honoured", item.honoured, "✓", "text-success"),
    ):
        if not counts:
            continue
        _section(text, title, palette)
        ordered = sorted(
            counts,
            key=lambda c: -(c.at_risk if glyph == "✗" else c.honoured),
        )
        for index, count in enumerate(ordered[:PRINCIPLES_SHOWN]):
            if index:
                text.append("\n")
            number = count.at_risk if glyph == "✗" else count.honoured
            text.append(f"{glyph} {number:>2}  ", style=palette.style(variable, bold=True))
            text.append(principle_short(count.principle_id, context.principles, context.shorts))
            principle = context.principles.get(count.principle_id)
            if principle is not None:
                text.append(f"  {principle.title}", style=palette.muted())
        if len(ordered) > PRINCIPLES_SHOWN:
            more = len(ordered) - PRINCIPLES_SHOWN
            text.append(
                f"\n… and {more} more (m shows the matrix)", style=palette.muted(italic=True)
            )
    text.append_text(purged_text(context.purged.get(obstacle.id), palette))
    return text


def voices_and_memos(item: ObstacleEvidence, context: DetailContext, palette: Palette) -> Text:
    text = Text()
    _section(text, "Voices", palette)
    if not item.quotes:
        text.append("No quotes in these notes.", style=palette.muted(italic=True))
    for index, voice in enumerate(item.quotes):
        if index:
            text.append("\n")
        quoted = printable_line(" ".join(voice.quote.text.split()))
        text.append(f"“{quoted}”", style="italic")
        who = "coded passage" if voice.is_passage else voice.quote.speaker_role or "unattributed"
        where = " · ".join(part for part in (who, voice.team, MODE_LABELS[voice.mode]) if part)
        text.append(f"\n   — {where}", style=palette.muted())
    _section(text, "Memos", palette)
    memos = [context.memos[m] for m in item.memo_ids if m in context.memos]
    if not memos:
        text.append(
            "No memos linked yet (write one in the codebook).", style=palette.muted(italic=True)
        )
    for index, memo in enumerate(memos):
        if index:
            text.append("\n")
        text.append("✎ ", style=palette.style("text-accent"))
        text.append(memo.title.strip() or "(untitled)", style="bold")
        text.append(f"  {memo.kind} memo", style=palette.muted())
    return text


class ObstacleDetail(VerticalScroll):
    """Two columns side by side when there is room, one under the other when there is not."""

    DEFAULT_CSS = """
    ObstacleDetail {
        height: 1fr;
        padding: 0 1;
        background: $surface;
        scrollbar-size-vertical: 1;
        & > .detail-column { height: auto; width: 1fr; }
        & Static { height: auto; }
        &.-wide { layout: horizontal; }
        & > #detail-right { margin: 1 0 0 0; }
        &.-wide > #detail-right { margin: 0 0 0 3; }
        & #detail-empty { color: $text-muted; text-style: italic; }
    }
    """

    wide: var[bool] = var(False, toggle_class="-wide")
    """Room for the two halves side by side; bound to the host screen's width."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)

    def compose(self) -> ComposeResult:
        with Vertical(classes="detail-column", id="detail-left"):
            yield Static("", id="detail-summary")
        with Vertical(classes="detail-column", id="detail-right"):
            # Did it change, and how it got here: beside the evidence, before the voices.
            yield ComparisonView(id="detail-comparison")
            yield Timeline(id="detail-timeline")
            yield Static("", id="detail-voices")

    def show(self, item: ObstacleEvidence | None, context: DetailContext, palette: Palette) -> None:
        summary = self.query_one("#detail-summary", Static)
        voices = self.query_one("#detail-voices", Static)
        if item is None:
            self.query_one(ComparisonView).show(None)
            self.query_one(Timeline).show(())
            summary.update(Text("No obstacle highlighted.", style=palette.muted(italic=True)))
            voices.update("")
            return
        summary.update(evidence_summary(item, context, palette))
        self.query_one(ComparisonView).show(context.comparisons.get(item.obstacle.id))
        self.query_one(Timeline).show(context.histories.get(item.obstacle.id, ()))
        voices.update(voices_and_memos(item, context, palette))
        self.scroll_home(animate=False)
