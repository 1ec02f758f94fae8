"""Pure helpers the screens share: glyphs, chips, date parsing, passphrase advice.

Kept free of widgets so they can be tested without running an app.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING

from fieldnotes.domain.model import Framework, Note, Principle, PrincipleLink
from fieldnotes.notebook.config import IDLE_LOCK_ENV
from fieldnotes.terminal import printable, printable_line

if TYPE_CHECKING:
    from fieldnotes.notebook import Notebook

MODE_GLYPHS: dict[str, str] = {"observe": "◉", "co-work": "⇄", "question": "?"}
"""One character per mode, so a column of notes shows its mix of modes at a glance."""

STANCE_GLYPHS: dict[str, str] = {"honoured": "✓", "at-risk": "✗"}

DEFAULT_IDLE_LOCK_SECONDS = 300.0
MIN_IDLE_LOCK_SECONDS = 5.0


def shorten(text: str, width: int) -> str:
    """One line of at most `width` characters, with an ellipsis when cut.

    Control characters are shown as escapes (`fieldnotes.terminal`), never sent to the terminal.
    """
    flat = printable(" ".join(text.split()))
    if width <= 0:
        return ""
    if len(flat) <= width:
        return flat
    return flat[: max(width - 1, 0)].rstrip() + "…"


def principle_chip(
    link: PrincipleLink, principles: Mapping[str, Principle], shorts: Mapping[str, str]
) -> str:
    """`SoS·worried ✗`: framework short name, principle code, stance glyph."""
    principle = principles.get(link.principle_id)
    if principle is None:
        # A link to a principle whose framework was removed still deserves a visible mark.
        return printable_line(f"{link.principle_id} {STANCE_GLYPHS.get(link.stance, '')}".strip())
    short = shorts.get(principle.framework_id, principle.framework_id)
    return printable_line(f"{short}·{principle.code} {STANCE_GLYPHS.get(link.stance, '')}".strip())


def framework_shorts(frameworks: list[Framework]) -> dict[str, str]:
    return {f.id: f.short_name or f.id for f in frameworks}


def obstacle_chip(name: str, width: int = 16) -> str:
    return shorten(name, width)


def parse_day(text: str) -> date | None:
    """A date typed as YYYY-MM-DD; blank means no bound. Raises ValueError with a usable message."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date like 2026-08-20") from None


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough 0-4 score and one line of advice, from length and character variety only.

    Deliberately simple: it cannot know whether a phrase is guessable, so it nudges towards
    length (several unrelated words) rather than symbols.
    """
    if not passphrase:
        return 0, "Type a passphrase: four or more unrelated words are easy to remember."
    length = len(passphrase)
    classes = sum(
        (
            any(c.islower() for c in passphrase),
            any(c.isupper() for c in passphrase),
            any(c.isdigit() for c in passphrase),
            any(not c.isalnum() for c in passphrase),
        )
    )
    words = len(passphrase.split())
    if length < 8:
        return 0, f"Too short ({length} characters): use at least 8, ideally 20 or more."
    if length < 12:
        score = 1 if classes < 3 else 2
    elif length < 20:
        score = 2 if classes < 2 and words < 3 else 3
    else:
        score = 4 if words >= 3 or classes >= 3 else 3
    advice = {
        1: "Weak: add more words; length matters more than symbols.",
        2: "Fair: a few more words would make it much harder to guess.",
        3: "Good. Longer is still better.",
        4: "Strong.",
    }[score]
    return score, advice


def note_status_counts(notes: list[Note]) -> int:
    """How many jottings are still waiting to be written up."""
    return sum(1 for note in notes if note.stage == "jotting")


def idle_lock_seconds_from_env(
    environ: Mapping[str, str] | None = None, default: float = DEFAULT_IDLE_LOCK_SECONDS
) -> tuple[float, str | None]:
    """The idle-lock delay from the environment, and a warning when the value was unusable.

    A delay below a few seconds would lock while someone is still reading, so it is refused
    rather than honoured.
    """
    environ = os.environ if environ is None else environ
    raw = environ.get(IDLE_LOCK_ENV, "").strip()
    if not raw:
        return default, None
    try:
        seconds = float(raw)
    except ValueError:
        return default, f"{IDLE_LOCK_ENV} must be a number of seconds; locking after {default:g} s"
    if not seconds >= MIN_IDLE_LOCK_SECONDS or seconds == float("inf"):
        return (
            default,
            f"{IDLE_LOCK_ENV} must be at least {MIN_IDLE_LOCK_SECONDS:g} seconds; "
            f"locking after {default:g} s",
        )
    return seconds, None


class LinkLabels:
    """Short names for a note's links, read once from the notebook and reused for every row."""

    def __init__(
        self,
        principles: Mapping[str, Principle],
        shorts: Mapping[str, str],
        obstacle_names: Mapping[str, str],
        obstacle_paths: Mapping[str, str],
    ) -> None:
        self.principles = principles
        self.shorts = shorts
        self.obstacle_names = obstacle_names
        self.obstacle_paths = obstacle_paths

    @classmethod
    def empty(cls) -> LinkLabels:
        return cls({}, {}, {}, {})

    @classmethod
    def from_notebook(cls, notebook: Notebook) -> LinkLabels:
        obstacles = notebook.obstacles()
        return cls(
            principles=notebook.principles(),
            shorts=framework_shorts(notebook.frameworks()),
            obstacle_names={o.id: o.name for o in obstacles},
            obstacle_paths={o.id: notebook.obstacle_path(o.id) for o in obstacles},
        )

    def principle_chip(self, link: PrincipleLink) -> str:
        return principle_chip(link, self.principles, self.shorts)

    def principle_title(self, principle_id: str) -> str:
        principle = self.principles.get(principle_id)
        return printable_line(principle.title if principle is not None else principle_id)

    def obstacle_chip(self, obstacle_id: str, width: int = 16) -> str:
        return obstacle_chip(self.obstacle_names.get(obstacle_id, "(removed)"), width)

    def obstacle_path(self, obstacle_id: str) -> str:
        return printable_line(self.obstacle_paths.get(obstacle_id, "(removed obstacle)"))

    def in_codebook_order(self, obstacle_ids: Sequence[str]) -> list[str]:
        """A note's obstacles by their path in the codebook, so every row reads alike."""
        return sorted(obstacle_ids, key=lambda oid: self.obstacle_path(oid).casefold())
