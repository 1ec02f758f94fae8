"""Shared look of the synthesis screens: strength and status marks, theme colours, short labels.

Tables and detail panes are drawn as Rich `Text`, so theme colours are resolved here once per
redraw (and again after a theme change) instead of through CSS.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.color import Color, ColorParseError

from fieldnotes.domain.model import MODE_LABELS, MODES, Principle
from fieldnotes.domain.synthesis import (
    CONSISTENT_MODES,
    CONSISTENT_NOTES,
    CONSISTENT_TEAMS,
    STRONG_NOTES,
    STRONG_SPAN_DAYS,
    STRONG_TEAMS,
    Strength,
    sparkline,
)
from fieldnotes.tui.format import MODE_GLYPHS, shorten

STRENGTH_MARKS: dict[str, str] = {
    "strong": "●●●",
    "consistent": "●●○",
    "emerging": "●○○",
    "none": "○○○",
}
"""Dots as well as colour, so strength reads the same on a monochrome terminal."""

STRENGTH_VARIABLES: dict[str, str] = {
    "strong": "text-success",
    "consistent": "text-primary",
    "emerging": "text-warning",
    "none": "text-muted",
}

# The same marks and colours as the codebook tree, so a status looks alike on every screen.
STATUS_MARKS: dict[str, str] = {
    "emerging": "○",
    "evidenced": "◐",
    "raised": "●",
    "change agreed": "◆",
    "resolved": "✓",
}
STATUS_VARIABLES: dict[str, str] = {
    "emerging": "text-muted",
    "evidenced": "text-warning",
    "raised": "text-accent",
    "change agreed": "text-primary",
    "resolved": "text-success",
}
"""Theme variables colouring each status badge, from first sighting to done."""

MODE_LETTERS: dict[str, str] = {"observe": "O", "co-work": "C", "question": "Q"}
MODE_VARIABLES: dict[str, str] = {
    "observe": "text-primary",
    "co-work": "text-success",
    "question": "text-warning",
}
"""The mode colours of the notes list."""

SPARK_WIDTH = 26
"""Weeks beyond this are summed in pairs (or more) so a long period still fits one cell."""

PATH_SEPARATOR = " › "

CELL_PADDING = 2
"""A DataTable cell's padding, one cell each side."""
TABLE_CHROME = 2
"""The evidence table's vertical scrollbar."""
MIN_PATH_WIDTH = 24
"""Narrower than this and an obstacle's name is cut too short to recognise."""
MAX_PATH_WIDTH = 64


@dataclass(frozen=True, slots=True)
class EvidenceColumns:
    """Which columns the evidence table shows at one width, and how wide each is."""

    path: int
    spark: int
    """Most characters the weekly sparkline may take (weeks are summed in pairs beyond)."""
    weeks: int = SPARK_WIDTH
    """How many weeks the longest sparkline covers."""
    strength_word: bool = True
    status_word: bool = True
    teams: bool = True
    days: bool = True
    modes: bool = True

    @property
    def strength(self) -> int:
        return 14 if self.strength_word else 3

    @property
    def status(self) -> int:
        return 15 if self.status_word else 2

    @property
    def spark_column(self) -> int:
        return max(8, min(self.spark, self.weeks))

    def others(self) -> int:
        """Cells every column but the obstacle takes, padding included."""
        widths = [self.strength, 5, 10, 10, self.spark_column, self.status]
        if self.teams:
            widths.append(5)
        if self.days:
            widths.append(4)
        if self.modes:
            widths.append(5)
        return sum(width + CELL_PADDING for width in widths)


NARROWING: tuple[dict[str, bool | int], ...] = (
    {"spark": 12},
    {"days": False},
    {"strength_word": False},
    {"modes": False},
    {"status_word": False},
    {"spark": 8},
    {"teams": False},
)
"""What the evidence table gives up, in order, as the terminal narrows.

The obstacle, its strength (as dots), its note count, first and last sighting, its status mark
and a short sparkline always stay: the days column repeats the dates, and the detail pane under
the table spells out status, teams and modes for the highlighted obstacle.
"""


def evidence_columns(width: int, weeks: int = SPARK_WIDTH) -> EvidenceColumns:
    """The evidence table's columns for a terminal `width` cells wide, over `weeks` weeks."""
    available = width - TABLE_CHROME - CELL_PADDING
    columns = EvidenceColumns(path=MIN_PATH_WIDTH, spark=SPARK_WIDTH, weeks=weeks)
    for step in NARROWING:
        if available - columns.others() >= MIN_PATH_WIDTH:
            break
        columns = replace(columns, **step)  # type: ignore[arg-type]
    path = available - columns.others()
    return replace(columns, path=max(MIN_PATH_WIDTH, min(MAX_PATH_WIDTH, path)))


class Palette:
    """Theme colours as Rich styles, read from the app's CSS variables."""

    def __init__(self, app: App[object]) -> None:
        self._variables = app.get_css_variables()
        self._colours: dict[str, Color] = {}
        """Each variable's colour, worked out once: a value such as `auto 60%` fails to parse
        as a colour, and the failure costs about a millisecond (Textual looks for a suggestion),
        which a redrawn table pays hundreds of times."""
        self.background = self._parse("surface", Color(30, 30, 30))
        self.foreground = self._parse("foreground", Color(224, 224, 224))

    def _parse(self, name: str, fallback: Color) -> Color:
        try:
            return Color.parse(self._variables.get(name, ""))
        except ColorParseError:
            return fallback

    def colour(self, name: str) -> Color:
        known = self._colours.get(name)
        if known is None:
            known = self._colours[name] = self._colour(name)
        return known

    def _colour(self, name: str) -> Color:
        value = self._variables.get(name, "")
        try:
            return Color.parse(value)
        except ColorParseError:
            pass
        # Text variables such as `auto 60%` mean the foreground at that strength.
        parts = value.split()
        if len(parts) == 2 and parts[1].endswith("%"):
            try:
                share = float(parts[1].rstrip("%")) / 100
            except ValueError:
                share = 0.6
            return self.background.blend(self.foreground, share)
        return self.foreground

    def style(self, name: str, *, bold: bool = False, italic: bool = False) -> Style:
        return Style(color=self.colour(name).rich_color, bold=bold, italic=italic)

    def muted(self, *, italic: bool = False) -> Style:
        return self.style("text-muted", italic=italic)

    def strength(self, strength: str) -> Style:
        return self.style(STRENGTH_VARIABLES.get(strength, "text-muted"), bold=strength != "none")

    def status(self, status: str) -> Style:
        return self.style(STATUS_VARIABLES.get(status, "text-muted"), bold=True)

    def mode(self, mode: str) -> Style:
        return self.style(MODE_VARIABLES.get(mode, "text-muted"), bold=True)

    def heat(self, base: str, share: float) -> Style:
        """A cell background: the theme colour `base` at a strength from 0 to 1."""
        colour = self.background.blend(self.colour(base), 0.18 + 0.62 * max(0.0, min(share, 1.0)))
        return Style(
            bgcolor=colour.rich_color,
            color=colour.get_contrast_text(0.95).rich_color,
            bold=share >= 0.5,
        )


def strength_text(strength: str, palette: Palette, *, word: bool = True) -> Text:
    text = Text.assemble((STRENGTH_MARKS.get(strength, "   "), palette.strength(strength)))
    if word:
        text.append(f" {strength}", style=palette.strength(strength))
    return text


def status_text(status: str, palette: Palette, *, word: bool = True) -> Text:
    mark = STATUS_MARKS.get(status, "?")
    return Text(f"{mark} {status}" if word else mark, style=palette.status(status))


def modes_text(modes: Mapping[str, int], palette: Palette) -> Text:
    """`O C Q` with a letter for each way of seeing that produced a note, `·` for a gap."""
    text = Text()
    for index, mode in enumerate(MODES):
        if index:
            text.append(" ")
        if modes.get(mode, 0):
            text.append(MODE_LETTERS[mode], style=palette.mode(mode))
        else:
            text.append("·", style=palette.muted())
    return text


def modes_sentence(modes: Mapping[str, int], palette: Palette) -> Text:
    text = Text()
    for mode in MODES:
        if text:
            text.append(" · ", style=palette.muted())
        count = modes.get(mode, 0)
        style = palette.mode(mode) if count else palette.muted()
        text.append(f"{MODE_GLYPHS[mode]} {MODE_LABELS[mode]} {count}", style=style)
    return text


def short_path(path: str, width: int) -> str:
    """An obstacle path in `width` cells, cutting parents before the obstacle's own name."""
    parts = path.split("/")
    full = PATH_SEPARATOR.join(parts)
    if len(full) <= width or len(parts) == 1:
        return shorten(full, width)
    leaf = parts[-1]
    room = width - len(leaf) - len(PATH_SEPARATOR)
    if room < 6:
        return shorten(leaf, width)
    return shorten(PATH_SEPARATOR.join(parts[:-1]), room) + PATH_SEPARATOR + leaf


def weekly_spark(weekly: Sequence[int], width: int = SPARK_WIDTH) -> tuple[str, int]:
    """The sparkline and how many weeks each character stands for."""
    if len(weekly) <= width:
        return sparkline(weekly), 1
    per = -(-len(weekly) // width)
    buckets = [sum(weekly[i : i + per]) for i in range(0, len(weekly), per)]
    return sparkline(buckets), per


def principle_short(
    principle_id: str, principles: Mapping[str, Principle], shorts: Mapping[str, str]
) -> str:
    """`SoS·worried`: framework short name and principle code."""
    principle = principles.get(principle_id)
    if principle is None:
        return principle_id
    return f"{shorts.get(principle.framework_id, principle.framework_id)}·{principle.code}"


def legend(palette: Palette, width: int = 0) -> Text:
    """The evidence-strength rule of docs/synthesis.md, built from the thresholds the code uses.

    Each strength's rule stays on one line; they share a line when `width` allows.
    """
    rules: list[tuple[Strength, str]] = [
        (
            "strong",
            f"{STRONG_NOTES}+ notes, {STRONG_TEAMS}+ teams, all 3 modes O C Q, "
            f"over {STRONG_SPAN_DAYS}+ days",
        ),
        (
            "consistent",
            f"{CONSISTENT_NOTES}+ notes, {CONSISTENT_TEAMS}+ teams, {CONSISTENT_MODES}+ modes",
        ),
        ("emerging", "1+ note"),
    ]
    text = Text()
    used = 0
    for index, (strength, rule) in enumerate(rules):
        head = f"{STRENGTH_MARKS[strength]} {strength}:"
        length = len(head) + 1 + len(rule)
        if index:
            if width and used + 3 + length > width:
                text.append("\n")
                used = 0
            else:
                text.append("   ")
                used += 3
        text.append(head, style=palette.strength(strength))
        text.append(f" {rule}", style=palette.muted())
        used += length
    return text
