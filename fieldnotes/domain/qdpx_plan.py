"""What a REFI-QDA project read by `qdpx_read` becomes in a notebook: a plan, not a write.

Pure: the façade hands in the notebook's frameworks and codebook, and writes the plan in one
transaction. docs/exchange.md ("Importing") says what maps to what:

- codes → obstacles, as a tree; a code with the name of an obstacle already in the same place
  is that obstacle. In a project fieldnotes exported, the codes under "Systems obstacles" are
  the obstacles (their status, ask and decision read back from the description), and a
  framework's "honoured" / "at risk" codes are principle links when the notebook has that
  framework and principle; whatever does not match becomes obstacles.
- a text source → a note: our own layout read back into description, asides, quotes and
  follow-up; another tool's whole text is the description. Mode, stage, team, setting and
  date come from the variables of those names.
- a selection with codings → a coded passage (its description the coder's memo); one over
  the whole text → the note's own links. A selection with a description and no coding (as
  MAXQDA writes comments) is a passage with a memo and no code.
- a note (memo) → a memo, linked to the notes and obstacles whose `NoteRef`s point at it.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import cast

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import (
    MEMO_KINDS,
    MODES,
    OBSTACLE_STATUSES,
    STAGES,
    Framework,
    Memo,
    MemoKind,
    Mode,
    NoteDraft,
    Obstacle,
    ObstacleStatus,
    Passage,
    PassageField,
    PrincipleLink,
    Quote,
    Stage,
    Stance,
)
from fieldnotes.domain.passages import MAX_MEMO_CHARS
from fieldnotes.domain.qdpx import SECTION_HEADINGS, STANCE_LABELS
from fieldnotes.domain.qdpx_read import (
    ForeignCode,
    ForeignMemo,
    ForeignProject,
    ForeignSelection,
    ForeignSource,
)

OUR_OBSTACLES = "Systems obstacles"
WHOLE_NOTE = "whole note"
"""The name our export gives the selection that carries a note's own links."""
_STANCES: dict[str, Stance] = {label: stance for stance, label in STANCE_LABELS.items()}
_HEADING = re.compile("^(" + "|".join(re.escape(h) for h in SECTION_HEADINGS) + ")$", re.M)
_OBSTACLE_DESCRIPTION = re.compile(
    r"(?:(?P<description>.*)\n\n)?Status: (?P<status>"
    + "|".join(re.escape(s) for s in OBSTACLE_STATUSES)
    + r")(?:\n\nAsk: (?P<ask>.*?))?(?:\n\nDecision: (?P<decision>.*))?",
    re.S,
)
_UNNAMED = "(unnamed code)"
_KNOWN_VARIABLES = ("mode", "stage", "team", "setting", "occurred")


@dataclass(frozen=True, slots=True)
class PlannedNote:
    label: str
    """Which source it came from, for the report and for any problem with it."""
    draft: NoteDraft
    fingerprint: str
    """What a second import of the same source recognises (its GUID and text)."""


@dataclass(slots=True)
class ImportPlan:
    obstacles: list[Obstacle] = field(default_factory=list)
    """New obstacles, each after its parent, with their ids chosen here."""
    reused: int = 0
    """Codes that are an obstacle the notebook (or an earlier code) already has."""
    principle_codes: int = 0
    notes: list[PlannedNote] = field(default_factory=list)
    memos: list[tuple[Memo, tuple[int, ...]]] = field(default_factory=list)
    """Each memo (its obstacles set) and the indices in `notes` of the notes it is about."""
    set_aside: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """What was changed to fit (a renamed code, a comment too long for a passage)."""
    _counts: dict[str, int] = field(default_factory=dict)

    def aside(self, what: str, count: int = 1) -> None:
        self._counts[what] = self._counts.get(what, 0) + count

    def finish(self, project: ForeignProject) -> ImportPlan:
        self.set_aside = [
            *project.set_aside,
            *(f"{count} {what}" for what, count in self._counts.items()),
        ]
        return self


# --- codes ----------------------------------------------------------------------------------

_Target = str | PrincipleLink | None
"""What a code becomes: an obstacle id, a principle link, or nothing."""


class _Codebook:
    def __init__(self, plan: ImportPlan, tree: ObstacleTree) -> None:
        self.plan = plan
        self.targets: dict[str, _Target] = {}
        self.names: dict[str | None, dict[str, str]] = {}
        for obstacle in tree:
            siblings = self.names.setdefault(tree.parent_of(obstacle.id), {})
            siblings[obstacle.name.casefold()] = obstacle.id

    def obstacle(self, code: ForeignCode, parent: str | None, ours: bool) -> str:
        name = code.name.replace("/", "∕").strip() or _UNNAMED
        if name != code.name:
            self.plan.notices.append(f"code {code.name!r} is the obstacle {name!r}")
        siblings = self.names.setdefault(parent, {})
        found = siblings.get(name.casefold())
        if found is not None:
            self.plan.reused += 1
            return found
        description, status, ask, decision = code.description, "emerging", "", ""
        if ours and (stated := _OBSTACLE_DESCRIPTION.fullmatch(code.description)):
            description = stated["description"] or ""
            status = stated["status"]
            ask, decision = stated["ask"] or "", stated["decision"] or ""
        obstacle_id = str(uuid.uuid4())
        self.plan.obstacles.append(
            Obstacle(
                id=obstacle_id,
                name=name,
                parent_id=parent,
                description=description,
                status=cast(ObstacleStatus, status),
                ask=ask,
                decision=decision,
            )
        )
        siblings[name.casefold()] = obstacle_id
        return obstacle_id

    def tree(self, code: ForeignCode, parent: str | None, ours: bool) -> None:
        obstacle_id = self.obstacle(code, parent, ours)
        self.targets[code.guid] = obstacle_id
        for child in code.children:
            self.tree(child, obstacle_id, ours)

    def framework(self, code: ForeignCode, framework: Framework) -> None:
        """A framework category we exported: its stance codes are principle links where the
        notebook has the principle; a principle it lacks becomes obstacles."""
        self.targets[code.guid] = None
        by_name = {f"{p.code} {p.title}".casefold(): p for p in framework.principles}
        for child in code.children:
            principle = by_name.get(child.name.casefold())
            if principle is None:
                self.plan.notices.append(
                    f"principle {child.name!r} of {code.name!r} is not in this notebook: "
                    "its codes are obstacles"
                )
                self.tree(child, self._framework_obstacle(code), ours=False)
                continue
            self.targets[child.guid] = None
            for stance_code in child.children:
                stance = _STANCES.get(stance_code.name)
                if stance is None:
                    self.tree(stance_code, self._framework_obstacle(code), ours=False)
                    continue
                self.plan.principle_codes += 1
                self.targets[stance_code.guid] = PrincipleLink(principle.id, stance)

    def _framework_obstacle(self, code: ForeignCode) -> str:
        return self.obstacle(dataclasses.replace(code, description="", children=()), None, False)


def _plan_codes(
    plan: ImportPlan, project: ForeignProject, tree: ObstacleTree, frameworks: Sequence[Framework]
) -> dict[str, _Target]:
    book = _Codebook(plan, tree)
    by_name = {f.name.casefold(): f for f in frameworks}
    for code in project.codes:
        if project.ours and code.name == OUR_OBSTACLES and not code.codable:
            book.targets[code.guid] = None
            for child in code.children:
                book.tree(child, None, ours=True)
        elif project.ours and not code.codable and code.name.casefold() in by_name:
            book.framework(code, by_name[code.name.casefold()])
        else:
            if project.ours and not code.codable:
                plan.notices.append(
                    f"framework {code.name!r} is not in this notebook: its codes are obstacles"
                )
            book.tree(code, None, ours=project.ours)
    return book.targets


# --- sources --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Field:
    text: str
    places: list[int]
    """Where each character of `text` (and its end) lies in the source's text."""

    def span(self, start: int, end: int) -> tuple[int, int] | None:
        if not self.places[0] <= start <= end <= self.places[-1]:
            return None
        return bisect.bisect_left(self.places, start), bisect.bisect_left(self.places, end)


def _unescaped(text: str, start: int, end: int) -> _Field:
    out: list[str] = []
    places: list[int] = []
    at = start
    for number, line in enumerate(text[start:end].split("\n")):
        if number:
            out.append("\n")
            places.append(at)
            at += 1
        skip = 1 if line.startswith("\\") and line[1:].rstrip("\r") in SECTION_HEADINGS else 0
        out.append(line[skip:])
        places.extend(range(at + skip, at + len(line)))
        at += len(line)
    places.append(end)
    return _Field("".join(out), places)


@dataclass(frozen=True, slots=True)
class _Layout:
    description: _Field
    asides: _Field
    quotes: list[Quote]
    follow_up: str


def _our_layout(text: str) -> _Layout | None:
    """The sections of a text our export wrote (`qdpx.source_text`), or None if it is not."""
    headings = list(_HEADING.finditer(text))
    order = [SECTION_HEADINGS.index(h[1]) for h in headings]
    if order != sorted(set(order)):
        return None
    bounds: dict[str, tuple[int, int]] = {}
    first = headings[0].start() if headings else len(text)
    if first not in (0, len(text)) and text[first - 2 : first] != "\n\n":
        return None
    bounds["description"] = (0, max(0, first - 2) if headings else len(text))
    for index, heading in enumerate(headings):
        start = heading.end() + 2
        end = headings[index + 1].start() - 2 if index + 1 < len(headings) else len(text)
        if text[heading.end() : start] != "\n\n" or end < start:
            return None
        bounds[heading[1]] = (start, end)
    empty = (len(text), len(text))
    quotes_text = _unescaped(text, *bounds.get(SECTION_HEADINGS[1], empty)).text
    return _Layout(
        description=_unescaped(text, *bounds["description"]),
        asides=_unescaped(text, *bounds.get(SECTION_HEADINGS[0], empty)),
        quotes=_quotes(quotes_text),
        follow_up=_unescaped(text, *bounds.get(SECTION_HEADINGS[2], empty)).text,
    )


def _quotes(text: str) -> list[Quote]:
    said: list[str] = []
    for line in text.split("\n") if text else []:
        if line.startswith("> ") or not said:
            said.append(line.removeprefix("> "))
        else:
            said[-1] += "\n" + line
    quotes = []
    for item in said:
        words, dash, speaker = item.rpartition(" — ")
        quotes.append(Quote(words, speaker) if dash else Quote(item))
    return quotes


def _whole(text: str) -> _Layout:
    return _Layout(_Field(text, list(range(len(text) + 1))), _Field("", [len(text)]), [], "")


def _variables(
    plan: ImportPlan, source: ForeignSource
) -> tuple[Mode, Stage, datetime | None, str, str]:
    values = {name.casefold().strip(): value for name, value in source.variables.items()}
    for name in source.variables:
        if name.casefold().strip() not in _KNOWN_VARIABLES:
            plan.aside("variable value(s) with no place in a note")
    mode = values.get("mode", "observe").strip()
    if mode not in MODES:
        plan.notices.append(f"source {source.name!r}: mode {mode!r} is not a mode; observe")
        mode = "observe"
    stage = values.get("stage", "write-up").strip()
    if stage not in STAGES:
        stage = "write-up"
    occurred = _local_time(values.get("occurred", "").strip()) or _local_time(source.created)
    return (
        cast(Mode, mode),
        cast(Stage, stage),
        occurred,
        values.get("team", ""),
        values.get("setting", ""),
    )


def _local_time(value: str | datetime | None) -> datetime | None:
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None
        except ValueError:
            value = None
    if value is None:
        return None
    # Notes keep local time, as the Markdown import does with an offset.
    return value.astimezone().replace(tzinfo=None) if value.tzinfo else value


def _fingerprint(source: ForeignSource) -> str:
    return hashlib.sha256(f"qdpx\x00{source.guid}\x00{source.text}".encode()).hexdigest()


class _Notes:
    def __init__(
        self, plan: ImportPlan, project: ForeignProject, targets: dict[str, _Target]
    ) -> None:
        self.plan = plan
        self.project = project
        self.targets = targets
        self.memo_notes: dict[str, list[int]] = {}
        self.where: dict[str, int] = {}
        """Source and selection GUIDs → the planned note they are in, for links."""

    def codes(self, selection: ForeignSelection) -> tuple[list[str], list[PrincipleLink]]:
        obstacles: list[str] = []
        principles: list[PrincipleLink] = []
        for guid in selection.codes:
            if guid not in self.targets:
                self.plan.aside("coding(s) with a code the codebook does not hold")
                continue
            target = self.targets[guid]
            if target is None:
                self.plan.aside("coding(s) with a category (not a codable code)")
            elif isinstance(target, str):
                obstacles.append(target)
            elif all(p.principle_id != target.principle_id for p in principles):
                principles.append(target)
        return list(dict.fromkeys(obstacles)), principles

    def source(self, source: ForeignSource) -> None:
        label = f"source {source.name or source.guid!r}"
        layout = _our_layout(source.text) if self.project.ours else None
        if layout is None:
            layout = _whole(source.text)
        if not (layout.description.text.strip() or layout.asides.text.strip() or layout.quotes):
            self.plan.aside("empty text source(s)")
            return
        mode, stage, occurred, team, setting = _variables(self.plan, source)
        draft = NoteDraft(
            mode=mode,
            stage=stage,
            occurred_at=occurred,
            team=team,
            setting=setting,
            description=layout.description.text,
            asides=layout.asides.text,
            quotes=layout.quotes,
            follow_up=layout.follow_up,
        )
        index = len(self.plan.notes)
        self.where[source.guid] = index
        self.where.update((selection.guid, index) for selection in source.selections)
        for guid in source.memo_refs:
            self.memo_notes.setdefault(guid, []).append(index)
        extra_memos: list[str] = []
        if source.codes:
            whole = ForeignSelection(
                source.guid, 0, len(source.text), source.codes, name=WHOLE_NOTE
            )
            self.selection(draft, layout, whole, len(source.text), extra_memos)
        for selection in source.selections:
            for guid in selection.memo_refs:
                self.memo_notes.setdefault(guid, []).append(index)
            self.selection(draft, layout, selection, len(source.text), extra_memos)
        self.plan.notes.append(
            PlannedNote(f"{self.project.file}: {label}", draft, _fingerprint(source))
        )
        for comment in extra_memos:
            memo = Memo(id=str(uuid.uuid4()), kind="in-process", title="Comment", body=comment)
            self.plan.memos.append((memo, (index,)))

    def selection(
        self,
        draft: NoteDraft,
        layout: _Layout,
        selection: ForeignSelection,
        length: int,
        extra_memos: list[str],
    ) -> None:
        obstacles, principles = self.codes(selection)
        # Our export names its whole-note selection; a passage may span the whole text too.
        if self.project.ours:
            whole = selection.name == WHOLE_NOTE
        else:
            whole = selection.start == 0 and selection.end == length
        if whole and (obstacles or principles):
            draft.obstacle_ids = list(dict.fromkeys([*draft.obstacle_ids, *obstacles]))
            taken = {p.principle_id for p in draft.principles}
            draft.principles += [p for p in principles if p.principle_id not in taken]
            if not selection.description.strip():
                return
            obstacles, principles = [], []
        if not (obstacles or principles or selection.description.strip()):
            self.plan.aside("selection(s) with neither a code nor a comment")
            return
        placed: tuple[PassageField, tuple[int, int]] | None = None
        for name, part in (("description", layout.description), ("asides", layout.asides)):
            span = part.span(selection.start, selection.end)
            if span is not None and span[0] < span[1]:
                placed = (cast(PassageField, name), span)
                break
        if placed is None:
            self.plan.aside("selection(s) outside the description and asides, or empty")
            return
        name, (start, end) = placed
        memo = selection.description
        if len(memo) > MAX_MEMO_CHARS:
            extra_memos.append(memo)
            memo = ""
            self.plan.notices.append(
                f"a comment longer than {MAX_MEMO_CHARS} characters became a memo on its note"
            )
        text = (layout.description if name == "description" else layout.asides).text
        draft.passages.append(
            Passage(
                id=str(uuid.uuid4()),
                field=name,
                start=start,
                end=end,
                text=text[start:end],
                obstacle_ids=tuple(obstacles),
                principles=tuple(principles),
                memo=memo,
            )
        )


def _memo(plan: ImportPlan, memo: ForeignMemo, ours: bool) -> Memo | None:
    kind: MemoKind = "in-process"
    title, body = memo.name, memo.text
    stated = memo.description.removesuffix(" memo")
    if ours and stated in MEMO_KINDS:
        kind = stated
        title = "" if title == "(untitled memo)" else title
    elif not body.strip():
        body = memo.description
    if not title.strip() and not body.strip():
        plan.aside("empty note(s)")
        return None
    return Memo(id=str(uuid.uuid4()), kind=kind, title=title, body=body)


def plan_import(
    project: ForeignProject, tree: ObstacleTree, frameworks: Sequence[Framework]
) -> ImportPlan:
    """What `project` becomes in a notebook with codebook `tree` and `frameworks`."""
    plan = ImportPlan()
    targets = _plan_codes(plan, project, tree, frameworks)
    notes = _Notes(plan, project, targets)
    for source in project.sources:
        notes.source(source)
    code_memos: dict[str, list[str]] = {}

    def walk(codes: Sequence[ForeignCode]) -> None:
        for code in codes:
            target = targets.get(code.guid)
            for guid in code.memo_refs:
                if isinstance(target, str):
                    code_memos.setdefault(guid, []).append(target)
            walk(code.children)

    walk(project.codes)
    memo_guids = {memo.guid for memo in project.memos}
    for origin, target in project.links:
        ends = {origin, target}
        memo_end = ends & memo_guids
        other = (ends - memo_end) or memo_end
        found = [notes.where[guid] for guid in other if guid in notes.where]
        if memo_end and found:
            notes.memo_notes.setdefault(min(memo_end), []).extend(found)
        else:
            plan.aside("link(s) between items other than a note and a text")
    for foreign in project.memos:
        memo = _memo(plan, foreign, project.ours)
        if memo is None:
            continue
        memo.obstacle_ids = list(dict.fromkeys(code_memos.get(foreign.guid, [])))
        indices = tuple(dict.fromkeys(notes.memo_notes.get(foreign.guid, [])))
        plan.memos.append((memo, indices))
    return plan.finish(project)
