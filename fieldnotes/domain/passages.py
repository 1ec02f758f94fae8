"""Passages: coded spans of a note's text, and how they stay anchored when the text changes.

Pure rules, no I/O. A passage remembers its field, its code-point span (end exclusive) and the
text it covered. After an edit, `reanchor` finds each passage again, in this order:

1. the same text at the same place;
2. the same text elsewhere in the field, nearest to where the edit moved its old place (not
   a copy of the same words that was there before the edit and is still in its place);
3. the span the edit turned it into, when that is still close to the old text
   (`difflib` similarity of at least `FUZZY_THRESHOLD`), taking the new words as its text.

A passage found none of these ways is *orphaned*: kept with its codes and its old text, shown
to the coder and listed by `fieldnotes passages --orphaned`, never silently dropped. An
orphaned passage whose exact text an edit brings back is anchored again.
"""

from __future__ import annotations

import dataclasses
import uuid
from collections.abc import Collection, Iterable, Mapping, Sequence
from difflib import SequenceMatcher

from fieldnotes.domain.model import (
    PASSAGE_FIELDS,
    STANCES,
    Note,
    NoteDraft,
    Passage,
    PassageField,
    PrincipleLink,
)
from fieldnotes.errors import InvalidInput

FUZZY_THRESHOLD = 0.75
"""How like its old text an edited span must be (difflib's ratio, 0 to 1) to keep its codes.

At 0.75 a typo fixed, a word changed or a clause added still holds; a sentence rewritten in
other words does not, and the coder is asked to place it again."""
MAX_DIFF_CHARS = 50_000
"""The longest changed stretch (old or new) that is compared character by character; past it
a passage whose text moved is orphaned rather than the editor made to wait."""
MAX_MEMO_CHARS = 500
"""A coder's memo on a passage is a line or two; longer thinking belongs in a memo."""
FIELD_LABELS: dict[PassageField, str] = {"description": "description", "asides": "asides"}


def new_passage(
    field: PassageField,
    text: str,
    start: int,
    end: int,
    *,
    obstacle_ids: Iterable[str] = (),
    principles: Iterable[PrincipleLink] = (),
    memo: str = "",
) -> Passage:
    """A passage over `text[start:end]` of `field`; `InvalidInput` for an empty or bad span."""
    if field not in PASSAGE_FIELDS:
        raise InvalidInput(f"a passage is part of the description or the asides, not {field!r}")
    if not 0 <= start < end <= len(text):
        raise InvalidInput("select some text first: a passage cannot be empty")
    if not text[start:end].strip():
        raise InvalidInput("a passage needs some words, not only spaces")
    return Passage(
        id=str(uuid.uuid4()),
        field=field,
        start=start,
        end=end,
        text=text[start:end],
        obstacle_ids=tuple(dict.fromkeys(obstacle_ids)),
        principles=tuple(principles),
        memo=memo.strip(),
    )


def field_texts(note: Note | NoteDraft) -> dict[str, str]:
    """The texts passages can lie in, by field name."""
    return {"description": note.description, "asides": note.asides}


# ------------------------------------------------------------------------------- anchoring


def _common_run(old: str, new: str, limit: int, end: int) -> int:
    """How many characters `old` and `new` share at their start (`end` 0) or at their end
    (`end` -1), up to `limit`.

    Compared a stretch at a time, each stretch twice the last, then the stretch that differs
    halved: slice comparisons that copy about as much text as the shared run, so a keystroke
    in a long note costs milliseconds, not a walk a character at a time."""
    old_size, new_size = len(old), len(new)

    def same(start: int, stop: int) -> bool:
        if end == 0:
            return old[start:stop] == new[start:stop]
        return old[old_size - stop : old_size - start] == new[new_size - stop : new_size - start]

    done, step = 0, 64
    while done < limit:
        size = min(step, limit - done)
        if not same(done, done + size):
            low, high = done, done + size  # the first difference lies in [low, high)
            while high - low > 1:
                middle = (low + high) // 2
                if same(low, middle):
                    low = middle
                else:
                    high = middle
            return low
        done += size
        step *= 2
    return limit


class _Edit:
    """How one field's text changed: positions in the old text mapped into the new one.

    The common head and tail are cut off first (cheap, and most edits touch one stretch);
    only the middle is compared with difflib, and only when a passage needs it."""

    def __init__(self, old: str, new: str) -> None:
        self.old = old
        self.new = new
        limit = min(len(old), len(new))
        head = limit if old == new else _common_run(old, new, limit, 0)
        tail = _common_run(old, new, limit - head, -1)
        self.head = head
        self.old_tail = len(old) - tail
        self.new_tail = len(new) - tail
        self._opcodes: list[tuple[str, int, int, int, int]] | None = None

    @property
    def comparable(self) -> bool:
        return (
            self.old_tail - self.head <= MAX_DIFF_CHARS
            and self.new_tail - self.head <= MAX_DIFF_CHARS
        )

    def _codes(self) -> list[tuple[str, int, int, int, int]]:
        if self._opcodes is None:
            if not self.comparable:
                # Too long to compare: the whole middle counts as one replacement.
                self._opcodes = [("replace", self.head, self.old_tail, self.head, self.new_tail)]
            else:
                matcher = SequenceMatcher(
                    None,
                    self.old[self.head : self.old_tail],
                    self.new[self.head : self.new_tail],
                    autojunk=False,
                )
                self._opcodes = [
                    (tag, i1 + self.head, i2 + self.head, j1 + self.head, j2 + self.head)
                    for tag, i1, i2, j1, j2 in matcher.get_opcodes()
                ]
        return self._opcodes

    def start(self, position: int) -> int:
        """Where a span starting at `position` starts now (text inserted there goes before)."""
        if position < self.head:
            return position
        if position >= self.old_tail:
            return position - self.old_tail + self.new_tail
        for tag, i1, i2, j1, _ in self._codes():
            if i1 <= position < i2:
                return j1 + (position - i1) if tag == "equal" else j1
        return self.new_tail

    def end(self, position: int) -> int:
        """Where a span ending (exclusive) at `position` ends now (text inserted there is out)."""
        if position <= self.head:
            return position
        if position > self.old_tail:
            return position - self.old_tail + self.new_tail
        for tag, i1, i2, j1, j2 in self._codes():
            if i1 < position <= i2:
                return j1 + (position - i1) if tag == "equal" else j2
        return self.head


def _occurrences(text: str, words: str) -> list[int]:
    found: list[int] = []
    at = text.find(words)
    while at != -1:
        found.append(at)
        at = text.find(words, at + 1)
    return found


def similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _reanchor_one(passage: Passage, edit: _Edit) -> Passage:
    new = edit.new
    if passage.text and new[passage.start : passage.end] == passage.text:
        return dataclasses.replace(passage, orphaned=False) if passage.orphaned else passage
    was_in_place = not passage.orphaned and edit.old[passage.start : passage.end] == passage.text
    guess = edit.start(passage.start) if was_in_place else passage.start
    if was_in_place and new[guess : guess + len(passage.text)] == passage.text:
        # Moved by the edit with its words intact: the nearest place there can be.
        return dataclasses.replace(passage, start=guess, end=guess + len(passage.text))
    hits = _occurrences(new, passage.text) if passage.text else []
    if hits:
        # A copy of the same words that an edit left where it was is that copy, not this
        # passage: deleting one of two "she said no" must not move the passage to the other,
        # and an orphaned passage comes back only with words the edit brought.
        others = {
            moved
            for at in _occurrences(edit.old, passage.text)
            if not (was_in_place and at == passage.start)
            and new[(moved := edit.start(at)) : moved + len(passage.text)] == passage.text
        }
        hits = [at for at in hits if at not in others]
    if hits:
        best = min(hits, key=lambda at: (abs(at - guess), at))
        return dataclasses.replace(
            passage, start=best, end=best + len(passage.text), orphaned=False
        )
    if was_in_place and edit.comparable:
        start, end = edit.start(passage.start), edit.end(passage.end)
        candidate = new[start:end]
        if (
            start < end
            and candidate.strip()
            and similarity(passage.text, candidate) >= FUZZY_THRESHOLD
        ):
            return dataclasses.replace(
                passage, start=start, end=end, text=candidate, orphaned=False
            )
    return dataclasses.replace(passage, orphaned=True)


def reanchor(
    passages: Sequence[Passage], before: Mapping[str, str], after: Mapping[str, str]
) -> list[Passage]:
    """Every passage of `before`'s fields placed in `after`'s: one out for each one in, in the
    same order, each either anchored (`after[field][start:end] == text`) or orphaned."""
    edits: dict[str, _Edit] = {}
    placed: list[Passage] = []
    for passage in passages:
        edit = edits.get(passage.field)
        if edit is None:
            edit = edits[passage.field] = _Edit(
                before.get(passage.field, ""), after.get(passage.field, "")
            )
        placed.append(_reanchor_one(passage, edit))
    return placed


def carried(
    passages: Sequence[Passage], before: Mapping[str, str], after: Mapping[str, str]
) -> list[Passage]:
    """The passages moved by position alone through an edit known to keep them where they
    are, such as a redaction, each taking the words now in its span; an orphaned passage,
    or one whose span the edit emptied, is left out (it is not in the text)."""
    edits: dict[str, _Edit] = {}
    moved: list[Passage] = []
    for passage in passages:
        if passage.orphaned:
            continue
        edit = edits.get(passage.field)
        if edit is None:
            edit = edits[passage.field] = _Edit(
                before.get(passage.field, ""), after.get(passage.field, "")
            )
        start, end = edit.start(passage.start), edit.end(passage.end)
        if start < end:
            text = edit.new[start:end]
            moved.append(dataclasses.replace(passage, start=start, end=end, text=text))
    return moved


def placed(passage: Passage, text: str) -> Passage:
    """`passage` put on `text` with nothing known of an edit (an imported file): its words
    where it says, else their occurrence nearest to there, else orphaned."""
    if passage.orphaned or not passage.text:
        return dataclasses.replace(passage, orphaned=True)
    if text[passage.start : passage.end] == passage.text:
        return passage
    hits = _occurrences(text, passage.text)
    if not hits:
        return dataclasses.replace(passage, orphaned=True)
    best = min(hits, key=lambda at: (abs(at - passage.start), at))
    return dataclasses.replace(passage, start=best, end=best + len(passage.text))


# -------------------------------------------------------------------------- sealed form


def passage_document(passage: Passage) -> dict[str, object]:
    document: dict[str, object] = {
        "id": passage.id,
        "field": passage.field,
        "start": passage.start,
        "end": passage.end,
        "text": passage.text,
        "obstacles": list(passage.obstacle_ids),
        "principles": [
            {"principle_id": link.principle_id, "stance": link.stance}
            for link in passage.principles
        ],
    }
    if passage.memo:
        document["memo"] = passage.memo
    if passage.orphaned:
        document["orphaned"] = True
    return document


def passage_from_document(value: object) -> Passage:
    """A passage from its sealed form; `ValueError` for anything that is not one."""
    if not isinstance(value, dict):
        raise ValueError("not a passage")
    field, start, end, text = value["field"], value["start"], value["end"], value["text"]
    if field not in PASSAGE_FIELDS or type(start) is not int or type(end) is not int:
        raise ValueError("not a passage")
    principles = []
    for link in value.get("principles", ()):
        stance = link["stance"]
        if stance not in STANCES:
            raise ValueError("not a stance")
        principles.append(PrincipleLink(str(link["principle_id"]), stance))
    return Passage(
        id=str(value["id"]),
        field=field,
        start=start,
        end=end,
        text=str(text),
        obstacle_ids=tuple(str(i) for i in value.get("obstacles", ())),
        principles=tuple(principles),
        memo=str(value.get("memo", "")),
        orphaned=value.get("orphaned") is True,
    )


# ---------------------------------------------------------------------------------- checks


def check_passages(
    draft: NoteDraft, principle_ids: Collection[str], obstacle_ids: Collection[str]
) -> None:
    """`InvalidInput` unless every passage lies in its field (or is orphaned) and every code
    it carries is in the notebook."""
    texts = field_texts(draft)
    seen: set[str] = set()
    for passage in draft.passages:
        if passage.id in seen:
            raise InvalidInput("two passages share one id")
        seen.add(passage.id)
        if passage.field not in PASSAGE_FIELDS:
            raise InvalidInput(f"a passage cannot lie in {passage.field!r}")
        if not passage.orphaned and (
            not 0 <= passage.start < passage.end <= len(texts[passage.field])
            or texts[passage.field][passage.start : passage.end] != passage.text
        ):
            raise InvalidInput("a passage no longer matches the note's text")
        if len(passage.memo) > MAX_MEMO_CHARS:
            raise InvalidInput(
                f"a passage's memo can be at most {MAX_MEMO_CHARS} characters; "
                "write a memo for more"
            )
        for link in passage.principles:
            if link.principle_id not in principle_ids:
                raise InvalidInput(f"unknown principle {link.principle_id!r}")
            if link.stance not in STANCES:
                raise InvalidInput(f"stance must be one of {', '.join(STANCES)}")
        for obstacle_id in passage.obstacle_ids:
            if obstacle_id not in obstacle_ids:
                raise InvalidInput("unknown obstacle")


def orphaned_passages(notes: Iterable[Note]) -> list[tuple[Note, Passage]]:
    """Every passage whose text is gone from its note, note by note in the order given."""
    return [(note, passage) for note in notes for passage in note.passages if passage.orphaned]


def excerpt(passage: Passage, limit: int = 240) -> str:
    """The passage's words on one line, cut at `limit` characters."""
    text = " ".join(passage.text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
