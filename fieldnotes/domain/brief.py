"""Synthesis briefs: Markdown for leaders, an identifier check before anything leaves, and HTML.

Plain Python: no Textual, no storage. The notebook gathers the data; this module writes.
"""

from __future__ import annotations

import html
import json
import tomllib
import uuid
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal, get_args

from markdown_it import MarkdownIt

# The check lives in its own pure module; these names stay importable from here.
from fieldnotes.domain.comparison import Comparison
from fieldnotes.domain.identifiers import Finding as Finding
from fieldnotes.domain.identifiers import IdentifierKind as IdentifierKind
from fieldnotes.domain.identifiers import find_identifiers as find_identifiers
from fieldnotes.domain.model import MODE_LABELS, Principle
from fieldnotes.domain.synthesis import Change, ObstacleEvidence, Synthesis
from fieldnotes.domain.tracker import TrackerItem, tracker_markdown
from fieldnotes.errors import DamagedData, InvalidInput

BRIEF_FORMAT = 1
DEFAULT_STATUSES = ("evidenced", "raised", "change agreed")
DEFAULT_TITLE = "What our field notes show about the system"

# ----------------------------------------------------------------- composing


@dataclass(frozen=True, slots=True)
class BriefRequest:
    obstacle_ids: tuple[str, ...]
    audience: str
    summary: str
    since: date | None = None
    until: date | None = None
    title: str = DEFAULT_TITLE
    author: str = ""


@dataclass(frozen=True, slots=True)
class BriefMetadata:
    id: str
    title: str
    author: str
    audience: str
    created: datetime
    since: date | None
    until: date | None
    obstacles: tuple[str, ...]


def default_obstacle_ids(synthesis: Synthesis) -> tuple[str, ...]:
    """Obstacles that are evidenced or further along, with notes behind them."""
    return tuple(
        e.obstacle.id
        for e in synthesis.evidence
        if e.obstacle.status in DEFAULT_STATUSES and e.note_count
    )


def period_label(
    since: date | None, until: date | None, *, unbounded: str = "all notes to date"
) -> str:
    """A period in words: "2026-09-01 to 2026-10-31", "from …", "up to …", or `unbounded`."""
    # ISO dates in the text we write, so the identifier check flags only dates people typed.
    if since and until:
        return f"{since.isoformat()} to {until.isoformat()}"
    if since:
        return f"from {since.isoformat()}"
    if until:
        return f"up to {until.isoformat()}"
    return unbounded


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _principle_label(
    principle_id: str, principles: Mapping[str, Principle], short: Mapping[str, str]
) -> str:
    principle = principles.get(principle_id)
    if principle is None:
        return principle_id
    framework = short.get(principle.framework_id, principle.framework_id)
    return f"{framework} {principle.code} — {principle.title}"


def _obstacle_section(
    number: int,
    item: ObstacleEvidence,
    principles: Mapping[str, Principle],
    framework_short: Mapping[str, str],
    comparison: Comparison | None = None,
) -> str:
    obstacle = item.obstacle
    modes = ", ".join(f"{MODE_LABELS[mode]} {count}" for mode, count in item.modes.items() if count)
    lines = [
        f"## {number}. {item.path.replace('/', ' › ')}",
        "",
        f"**Evidence:** {item.strength} — {item.strength_reason}.  ",
        f"**Status:** {obstacle.status}",
        "",
        "### What was seen",
        "",
    ]
    if obstacle.description.strip():
        lines += [obstacle.description.strip(), ""]
    seen = (
        f"Seen in {_plural(item.note_count, 'note')} on {_plural(item.days, 'day')}"
        f" from {item.first_seen.isoformat()} to {item.last_seen.isoformat()}"
        if item.first_seen and item.last_seen
        else "No notes in this period."
    )
    lines += [f"{seen} ({modes})." if modes else seen, ""]
    if item.teams:
        lines += [f"Where: {', '.join(item.teams)}.", ""]
    if item.weekly:
        lines += [f"Week by week: `{item.sparkline}`", ""]
    at_risk = [p for p in item.principles if p.at_risk]
    honoured = [p for p in item.principles if p.honoured]
    if at_risk or honoured:
        lines += ["### The principle at stake", ""]
        for count in at_risk[:4]:
            label = _principle_label(count.principle_id, principles, framework_short)
            lines.append(f"- **{label}** — at risk in {_plural(count.at_risk, 'note')}")
        for count in honoured[:3]:
            label = _principle_label(count.principle_id, principles, framework_short)
            lines.append(f"- {label} — honoured in {_plural(count.honoured, 'note')}")
        lines.append("")
    if item.quotes:
        lines += ["### Voices", ""]
        for voice in item.quotes:
            # A passage is the note-taker's own words, excerpted: it has no speaker.
            who = (
                "excerpt from a field note"
                if voice.is_passage
                else voice.quote.speaker_role or "unattributed"
            )
            text = voice.quote.text.strip().replace("\n", " ")
            lines += [f"> “{text}”  ", f"> — {who}, {MODE_LABELS[voice.mode]}", ""]
    lines += ["### Proposed systems change and the ask", ""]
    lines += [obstacle.ask.strip() if obstacle.ask.strip() else "_No ask written yet._", ""]
    if obstacle.decision.strip():
        lines += ["### Decided so far", "", obstacle.decision.strip(), ""]
    if comparison is not None:
        lines += ["### Did it change?", ""]
        lines += [f"- {sentence}" for sentence in comparison.sentences()]
        lines.append("")
    if obstacle.reobserve_on:
        lines += [f"We will observe again from {obstacle.reobserve_on.isoformat()}.", ""]
    return "\n".join(lines)


def compose_markdown(
    synthesis: Synthesis,
    request: BriefRequest,
    principles: Mapping[str, Principle],
    framework_short: Mapping[str, str],
    changes: Sequence[Change] = (),
    comparisons: Mapping[str, Comparison] | None = None,
    tracker: Sequence[TrackerItem] = (),
) -> str:
    """The body of a brief, before the identifier check. `comparisons` (before and since an
    agreed change) and `tracker` (you said, we did) are shown for the chosen obstacles."""
    chosen = [e for e in synthesis.evidence if e.obstacle.id in set(request.obstacle_ids)]
    if not chosen:
        raise InvalidInput("choose at least one obstacle for the brief")
    total_notes = len({note_id for e in chosen for note_id in e.note_ids})
    teams = sorted({t for e in chosen for t in e.teams}, key=str.casefold)
    lines = [
        f"# {request.title}",
        "",
        f"For {request.audience or 'leadership'} · {period_label(request.since, request.until)}",
        "",
    ]
    if request.summary.strip():
        lines += [request.summary.strip(), ""]
    lines += [
        "## At a glance",
        "",
        "| Obstacle | Evidence | Notes | Teams | Seen by |",
        "|---|---|---:|---:|---|",
    ]
    for item in chosen:
        modes = ", ".join(MODE_LABELS[m] for m, c in item.modes.items() if c) or "—"
        lines.append(
            f"| {item.path.replace('/', ' › ')} | {item.strength} | {item.note_count} "
            f"| {item.team_count} | {modes} |"
        )
    lines += [
        "",
        f"Drawn from {_plural(total_notes, 'field note')} across {_plural(len(teams), 'team')}.",
        "",
    ]
    relevant_changes = [c for c in changes if c.obstacle_id in set(request.obstacle_ids)]
    if relevant_changes:
        lines += ["## What changed since the last brief", ""]
        lines += [f"- {c.path.replace('/', ' › ')}: {c.summary}" for c in relevant_changes]
        lines.append("")
    compared = comparisons or {}
    for number, item in enumerate(chosen, start=1):
        lines.append(
            _obstacle_section(
                number, item, principles, framework_short, compared.get(item.obstacle.id)
            )
        )
    tracked = [t for t in tracker if t.obstacle_id in set(request.obstacle_ids)]
    if tracked:
        lines.append(tracker_markdown(tracked))
    lines += [
        "## How to read this brief",
        "",
        "The notes come from a practice leader shadowing teams: observing practice, "
        "co-working alongside practitioners and asking them about their work. Evidence is "
        "*strong* when at least 8 notes from 3 or more teams, across all three ways of seeing, "
        "span four weeks or more; *consistent* when at least 4 notes from 2 or more teams come "
        "from at least two ways of seeing; otherwise *emerging*. People appear by role only.",
        "",
    ]
    return "\n".join(lines)


# ---------------------------------------------------------- identifier check

Action = Literal["redact", "replace", "confirm"]
ACTIONS: tuple[Action, ...] = get_args(Action)


@dataclass(frozen=True, slots=True)
class Resolution:
    action: Action
    replacement: str = ""


def apply_resolutions(
    text: str,
    findings: Sequence[Finding],
    resolutions: Mapping[int, Resolution],
    kept: Collection[int] = frozenset(),
) -> tuple[str, list[str]]:
    """Apply every resolution; refuse while any finding is unresolved.

    The log records the kind, line and action — never the identifier itself — and says which
    decisions (`kept`, by finding id) were carried over from the brief's last export.
    """
    unresolved = [f for f in findings if f.id not in resolutions]
    if unresolved:
        raise InvalidInput(
            f"{_plural(len(unresolved), 'possible identifier')} still to resolve "
            "(redact, replace with a role, or confirm) before the brief can leave"
        )

    def carried(finding: Finding) -> str:
        return " (as decided at the last export)" if finding.id in kept else ""

    log: list[str] = []
    pieces: list[str] = []
    cursor = 0
    for finding in sorted(findings, key=lambda f: f.start):
        if finding.start < cursor:
            # Overlapping findings would write part of the text twice: refuse, never guess.
            raise InvalidInput("two findings overlap; scan the text again before resolving")
        resolution = resolutions[finding.id]
        pieces.append(text[cursor : finding.start])
        if resolution.action == "redact":
            pieces.append("[redacted]")
            log.append(f"line {finding.line}: {finding.kind} — redacted{carried(finding)}")
        elif resolution.action == "replace":
            replacement = resolution.replacement.strip()
            if not replacement:
                raise InvalidInput("a replacement needs some text, such as a role")
            pieces.append(replacement)
            log.append(
                f"line {finding.line}: {finding.kind} — replaced with “{replacement}”"
                f"{carried(finding)}"
            )
        else:
            pieces.append(finding.text)
            log.append(
                f"line {finding.line}: {finding.kind} — confirmed as not identifying"
                f"{carried(finding)}"
            )
        cursor = finding.end
    pieces.append(text[cursor:])
    return "".join(pieces), log


# ------------------------------------------------------------- kept decisions


def brief_identity(request: BriefRequest) -> str:
    """What makes two exports "the same brief": the obstacles it covers and its period.

    Those decide which notes, and so which flagged words, are in it. The title, audience,
    summary and recipients are left out: they change between one sending and the next, and
    whether "Dr Nwosu" identifies someone does not depend on who reads it.
    """
    since = request.since.isoformat() if request.since else ""
    until = request.until.isoformat() if request.until else ""
    return "|".join([",".join(sorted(set(request.obstacle_ids))), since, until])


@dataclass(frozen=True, slots=True)
class KeptDecision:
    """How a flag was resolved, remembered by the flagged text and its kind."""

    text: str
    kind: str
    resolution: Resolution

    def __repr__(self) -> str:
        return f"KeptDecision(kind={self.kind!r}, action={self.resolution.action!r})"

    def to_json(self) -> dict[str, str]:
        return {
            "text": self.text,
            "kind": self.kind,
            "action": self.resolution.action,
            "replacement": self.resolution.replacement,
        }

    @classmethod
    def from_json(cls, row: Mapping[str, str]) -> KeptDecision:
        action = row["action"]
        if action not in ACTIONS:
            raise DamagedData("the kept identifier decisions are damaged")
        return cls(row["text"], row["kind"], Resolution(action, row.get("replacement", "")))


def dump_decisions(kept: Mapping[str, Sequence[Mapping[str, str]]]) -> str:
    """As JSON, in the order given (oldest brief first), so the oldest can be let go."""
    return json.dumps(kept, ensure_ascii=False)


def load_decisions(raw: str) -> dict[str, list[dict[str, str]]]:
    try:
        kept = json.loads(raw)
    except ValueError:
        kept = None
    if not isinstance(kept, dict) or not all(
        isinstance(rows, list)
        and all(
            isinstance(row, dict)
            and {"text", "kind", "action"} <= row.keys()
            and all(isinstance(v, str) for v in row.values())
            for row in rows
        )
        for rows in kept.values()
    ):
        raise DamagedData("the kept identifier decisions are damaged")
    return kept


def decisions_made(
    findings: Sequence[Finding], resolutions: Mapping[int, Resolution]
) -> list[KeptDecision]:
    """This export's decisions, to keep for the next export of the same brief.

    One per flagged text and kind: where the same text was resolved differently in places,
    the most cautious is kept (redact, then replace, then confirm).
    """
    caution = {"redact": 0, "replace": 1, "confirm": 2}
    made: dict[tuple[str, str], KeptDecision] = {}
    for finding in findings:
        resolution = resolutions.get(finding.id)
        if resolution is None:
            continue
        key = (finding.text, finding.kind)
        if key not in made or caution[resolution.action] < caution[made[key].resolution.action]:
            made[key] = KeptDecision(finding.text, finding.kind, resolution)
    return list(made.values())


def recall_decisions(
    findings: Sequence[Finding], kept: Sequence[KeptDecision]
) -> dict[int, Resolution]:
    """The kept decisions that apply to these findings (same text, same kind), by finding id."""
    by_key = {(d.text, d.kind): d.resolution for d in kept}
    return {f.id: by_key[(f.text, f.kind)] for f in findings if (f.text, f.kind) in by_key}


# ------------------------------------------------------------------ document


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    escaped = "".join(ch if ch >= " " and ch != "\x7f" else f"\\u{ord(ch):04x}" for ch in escaped)
    return f'"{escaped}"'


def new_metadata(
    request: BriefRequest, obstacle_names: Sequence[str], now: datetime | None = None
) -> BriefMetadata:
    return BriefMetadata(
        id=str(uuid.uuid4()),
        title=request.title,
        author=request.author,
        audience=request.audience,
        created=(now or datetime.now()).replace(microsecond=0),
        since=request.since,
        until=request.until,
        obstacles=tuple(obstacle_names),
    )


def final_document(body: str, redaction_log: Sequence[str], metadata: BriefMetadata) -> str:
    """The whole brief as it leaves: metadata inside the payload, the redaction log inside too."""
    front = [
        "+++",
        f"fieldnotes_brief = {BRIEF_FORMAT}",
        f"id = {_toml_string(metadata.id)}",
        f"title = {_toml_string(metadata.title)}",
        f"author = {_toml_string(metadata.author)}",
        f"audience = {_toml_string(metadata.audience)}",
        f"created = {metadata.created.isoformat()}",
    ]
    if metadata.since:
        front.append(f"since = {metadata.since.isoformat()}")
    if metadata.until:
        front.append(f"until = {metadata.until.isoformat()}")
    front.append("obstacles = [" + ", ".join(_toml_string(o) for o in metadata.obstacles) + "]")
    front.append("+++")
    check = ["## Identifier check", ""]
    if redaction_log:
        check += [f"- {entry}" for entry in redaction_log]
    else:
        check.append("No likely identifiers were found.")
    return "\n".join([*front, "", body.rstrip(), "", *check, ""])


@dataclass(frozen=True, slots=True)
class ParsedBrief:
    metadata: dict[str, object] = field(default_factory=dict)
    body: str = ""


def parse_document(text: str) -> ParsedBrief:
    """Split a decrypted brief into its metadata and Markdown body (for viewing)."""
    lines = text.splitlines()
    if lines and lines[0].strip() == "+++":
        try:
            end = next(i for i in range(1, len(lines)) if lines[i].strip() == "+++")
        except StopIteration:
            return ParsedBrief({}, text)
        try:
            metadata = tomllib.loads("\n".join(lines[1:end]))
        except tomllib.TOMLDecodeError:
            metadata = {}
        return ParsedBrief(metadata, "\n".join(lines[end + 1 :]).lstrip("\n"))
    return ParsedBrief({}, text)


def markdown_parser() -> MarkdownIt:
    """CommonMark with tables; raw HTML off, so HTML typed in a note is shown, never run."""
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


_HTML_STYLE = """
body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;max-width:46em;margin:2em auto;
padding:0 1em;color:#1b1b1b;background:#fff}
h1{font-size:1.7em;border-bottom:2px solid #2b5d8a;padding-bottom:.2em}
h2{font-size:1.3em;margin-top:2em;color:#2b5d8a}h3{font-size:1.05em;margin-bottom:.2em}
blockquote{margin:.6em 0;padding:.2em 1em;border-left:4px solid #9bb8d3;background:#f3f7fb}
table{border-collapse:collapse}td,th{border:1px solid #ccd;padding:.25em .6em}
code{font-size:1.1em}.meta{color:#555;font-size:.9em}
"""


def render_html(document: str) -> str:
    """Self-contained HTML: inline styles, no scripts, no external resources."""
    parsed = parse_document(document)
    body = markdown_parser().render(parsed.body)
    meta = parsed.metadata
    rows = "".join(
        f"<tr><th>{html.escape(str(key))}</th><td>{html.escape(str(value))}</td></tr>"
        for key, value in meta.items()
        if key != "fieldnotes_brief"
    )
    title = html.escape(str(meta.get("title", "Brief")))
    return (
        '<!DOCTYPE html>\n<html lang="en-GB"><head><meta charset="utf-8">'
        '<meta name="referrer" content="no-referrer">'
        '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
        "style-src 'unsafe-inline'\">"
        f"<title>{title}</title><style>{_HTML_STYLE}</style></head><body>\n{body}\n"
        f'<table class="meta">{rows}</table>\n</body></html>\n'
    )
