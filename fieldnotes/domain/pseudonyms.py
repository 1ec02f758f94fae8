"""The people map: each person's name written as a role or pseudonym ("Child A").

Plain Python: no storage, no Textual. The notebook keeps the map sealed; this module finds the
mapped names in a text and writes their aliases in. Names are matched as the identifier check
matches protected names (`fieldnotes.domain.identifiers.name_spans`), so "Amelia's dad" and
"Mum (Monika)" are found as well as the whole name.
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from fieldnotes.domain.identifiers import name_spans
from fieldnotes.domain.model import NoteDraft
from fieldnotes.errors import DamagedData, InvalidInput

MAX_NAME = 120
"""Longer than any name or role; a pasted paragraph is a mistake, not a person."""


@dataclass(frozen=True, slots=True)
class PersonAlias:
    name: str
    alias: str

    def __repr__(self) -> str:
        # The name identifies a person: keep it out of logs and tracebacks.
        return f"PersonAlias(alias={self.alias!r})"


@dataclass(frozen=True, slots=True)
class NameMatch:
    """One mapped name found in a text: `start`, `end` are code-point offsets."""

    start: int
    end: int
    person: PersonAlias


def clean_people_map(entries: Iterable[PersonAlias]) -> list[PersonAlias]:
    """The map as it is kept: trimmed, sorted by name, every row complete; refuses, whole,
    a row without a name or an alias and a name listed twice."""
    cleaned: dict[str, PersonAlias] = {}
    for entry in entries:
        name = " ".join(entry.name.split())
        alias = " ".join(entry.alias.split())
        if not name:
            raise InvalidInput("every row of the people map needs a name")
        if not alias:
            raise InvalidInput(f"give {name!r} a role or pseudonym, such as “Child A”")
        if len(name) > MAX_NAME or len(alias) > MAX_NAME:
            raise InvalidInput(f"a name or alias in the people map is over {MAX_NAME} characters")
        if name.casefold() in cleaned:
            raise InvalidInput(f"{name!r} is in the people map twice; keep one row")
        cleaned[name.casefold()] = PersonAlias(name, alias)
    return sorted(cleaned.values(), key=lambda p: p.name.casefold())


def dump_people_map(people: Sequence[PersonAlias]) -> str:
    return json.dumps([[p.name, p.alias] for p in people], ensure_ascii=False)


def load_people_map(raw: str) -> list[PersonAlias]:
    """The kept map; raises DamagedData rather than answer with a shorter map than was kept."""
    try:
        rows = json.loads(raw)
    except ValueError:
        rows = None
    if not isinstance(rows, list) or not all(
        isinstance(row, list) and len(row) == 2 and all(isinstance(v, str) for v in row)
        for row in rows
    ):
        raise DamagedData("the people map is damaged")
    return [PersonAlias(name, alias) for name, alias in rows]


def _parts(name: str) -> set[str]:
    return {part.casefold() for part in re.split(r"\s+", name) if len(part) > 1}


def find_people(text: str, people: Sequence[PersonAlias]) -> list[NameMatch]:
    """Every mapped name in `text`, in reading order, none overlapping.

    A whole name wins over a part of another; a part two people share with different aliases
    ("Sandhu" for a child and her mother) is left alone, because writing one alias for it
    could name the wrong person: the identifier check still flags it.
    """
    owners: dict[str, set[str]] = {}
    for person in people:
        for part in _parts(person.name):
            owners.setdefault(part, set()).add(person.alias)
    found: list[tuple[int, int, int, PersonAlias]] = []
    for person in people:
        for start, end in name_spans(text, person.name):
            written = text[start:end]
            whole = " ".join(written.split()).casefold() == person.name.casefold()
            if not whole and len(owners.get(written.casefold(), set())) > 1:
                continue
            found.append((start, end, 0 if whole else 1, person))
    kept: list[NameMatch] = []
    taken: list[tuple[int, int]] = []
    for start, end, _rank, person in sorted(found, key=lambda f: (f[2], -(f[1] - f[0]), f[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        kept.append(NameMatch(start, end, person))
    return sorted(kept, key=lambda m: m.start)


def replace_names(text: str, matches: Sequence[NameMatch]) -> str:
    """`text` with each match written as its alias."""
    pieces: list[str] = []
    cursor = 0
    for match in sorted(matches, key=lambda m: m.start):
        pieces += [text[cursor : match.start], match.person.alias]
        cursor = match.end
    pieces.append(text[cursor:])
    return "".join(pieces)


def apply_people_map(text: str, people: Sequence[PersonAlias]) -> tuple[str, int]:
    """`text` with every mapped name written as its alias, and how many were written."""
    matches = find_people(text, people)
    return replace_names(text, matches), len(matches)


# ------------------------------------------------------------ in a note being saved

DRAFT_FIELDS = ("setting", "description", "asides", "consent", "follow_up")
"""The free-text fields of a note a name can be typed into; quotes are searched as well.
Participants are roles by design, and a team is a team's name."""

FIELD_LABELS = {
    "setting": "Setting",
    "description": "Description",
    "asides": "Asides",
    "consent": "Consent",
    "follow_up": "Follow-up",
    "quote": "Quote",
}


@dataclass(frozen=True, slots=True)
class DraftName:
    """A mapped name in one field of a note: `quote` is the quote's index, for quotes."""

    field: str
    match: NameMatch
    quote: int = -1

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field] + (f" {self.quote + 1}" if self.quote >= 0 else "")


def draft_text(draft: NoteDraft, found: DraftName) -> str:
    if found.field == "quote":
        return draft.quotes[found.quote].text
    return str(getattr(draft, found.field))


def names_in_draft(draft: NoteDraft, people: Sequence[PersonAlias]) -> list[DraftName]:
    """Every mapped name in the note's free text, field by field, in reading order."""
    if not people:
        return []
    found = [
        DraftName(name, match)
        for name in DRAFT_FIELDS
        for match in find_people(str(getattr(draft, name)), people)
    ]
    found += [
        DraftName("quote", match, index)
        for index, quote in enumerate(draft.quotes)
        for match in find_people(quote.text, people)
    ]
    return found


def replace_in_draft(draft: NoteDraft, chosen: Sequence[DraftName]) -> NoteDraft:
    """The note with each chosen name written as its alias; every other word as typed."""
    changes: dict[str, object] = {}
    for name in DRAFT_FIELDS:
        matches = [f.match for f in chosen if f.field == name]
        if matches:
            changes[name] = replace_names(str(getattr(draft, name)), matches)
    if any(f.field == "quote" for f in chosen):
        changes["quotes"] = [
            dataclasses.replace(
                quote,
                text=replace_names(
                    quote.text, [f.match for f in chosen if f.field == "quote" and f.quote == i]
                ),
            )
            for i, quote in enumerate(draft.quotes)
        ]
    return dataclasses.replace(draft, **changes)  # type: ignore[arg-type]
