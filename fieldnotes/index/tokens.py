"""Which open notes hold each query word, from their tokens: no copy of any note's text kept.

A query word holds no white space, so it appears in a note's casefolded text exactly when it
appears inside one of the text's tokens (`fieldnotes.domain.filters.search_tokens`). So the
notes a word selects are the union, over the notebook's tokens that contain the word, of the
notes holding that token; a search of several words is the intersection of those unions.
That is `NoteFilter.matches`' query rule, answered without reading any text.

Each note has a *slot*, a small number: its place newest first when the index was built, or,
when it starts from the sealed index on disk (`TokenSeed`), its number there, so the postings
read from disk are slots as they stand and only notes written since are tokenised. A note
written later takes a free slot or a new one. Each token keeps the slots of the notes
holding it, in whichever form is smaller: an int used as a bit set when the token is common
(one bit a slot), an array of slots when it is rare (four bytes a note holding it). A word's
answer is a byte a slot (1 for a match), which `itertools.compress` turns into notes in C.

The index takes a note's tokens from the `Note` it is given, and takes them out again from the
same object: notes are replaced when they change (`CachedNoteIndex.invalidate`), never edited
in place. tests/test_token_index.py checks it against the rule on generated notes and edits.
"""

from __future__ import annotations

import operator
from array import array
from collections import defaultdict, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import compress, repeat
from typing import Protocol

from fieldnotes.domain.filters import search_tokens
from fieldnotes.domain.model import Note
from fieldnotes.errors import FieldnotesError
from fieldnotes.index.search import containing

BITS_FROM_SHARE = 32
"""A token held by more than one note in this many is kept as a bit set: an array of slots
costs four bytes a note holding it, a bit set an eighth of a byte a slot."""
BUILD_CHUNK = 4_096
"""Notes whose tokens are gathered before they are put in place."""
RECENT_WORDS = 64
"""How many recent query words keep their answer: typing a word asks for each of its
prefixes, and a search of several words asks again for the ones unchanged."""

_append = array.append
_BITS_TO_FLAGS = bytes.maketrans(b"01", b"\x00\x01")
_FLAGS_TO_BITS = bytes.maketrans(b"\x00\x01", b"01")


def _flags_of_bits(bits: int, slots: int) -> bytes:
    """A byte a slot, 1 where `bits` has that slot's bit set."""
    if not bits:
        return bytes(slots)
    return format(bits, f"0{slots}b").encode("ascii")[::-1].translate(_BITS_TO_FLAGS)


def _bits_of_flags(flags: bytes | bytearray) -> int:
    return int(bytes(flags).translate(_FLAGS_TO_BITS)[::-1], 2) if flags else 0


class TokenSeed(Protocol):
    """What the sealed search index on disk holds, opened (`fieldnotes.storage`'s
    `IndexedTokens`): the index starts from it rather than reading every note's text."""

    @property
    def taken_in(self) -> Mapping[str, tuple[int, int]]:
        """Each note the index answers for, by id: the revision it holds, and the note's
        number there (1 and up)."""
        ...

    @property
    def numbers_given(self) -> int:
        """One more than the highest note number handed out."""
        ...

    @property
    def postings(self) -> Iterable[tuple[str, array[int]]]:
        """Each token, once, with the numbers of the notes holding it (rewritten or deleted
        notes' old numbers among them)."""
        ...


class SearchStopped(FieldnotesError):
    """A search was given up because its `stop` said so (a newer keystroke arrived)."""


def _scatter(flags: bytearray, slots: Iterable[int]) -> None:
    """Set `flags[slot] = 1` for every slot, in C (a Python loop is most of the time else)."""
    deque(map(flags.__setitem__, slots, repeat(1)), maxlen=0)


class TokenIndex:
    """The notes' tokens and, for each, the slots of the notes holding it."""

    def __init__(
        self,
        notes: Sequence[Note],
        bits_from_share: int = BITS_FROM_SHARE,
        build_chunk: int = BUILD_CHUNK,
        seed: TokenSeed | None = None,
        with_text: Callable[[Sequence[Note]], Iterable[Note]] | None = None,
    ) -> None:
        """Index `notes`, each given its place in the sequence as its slot; or, with a `seed`
        (the sealed index on disk), each note it holds at its revision given its number there
        as its slot, and only the others' tokens gathered.

        `with_text`, for notes held without their texts (`fieldnotes.index.lean`): gives the
        notes whose tokens are to be gathered again, whole. A note it leaves out (deleted
        since) holds no tokens. Such an index cannot take a note's tokens out again, since
        the note's old text is gone: `remove` gives up the note's slot for good instead."""
        self._bits_from_share = bits_from_share
        self._build_chunk = build_chunk
        self._with_text = with_text
        self._slot_of: dict[str, int] = {}
        self._free: list[int] = []
        self._slots = len(notes)
        """Slots handed out so far, free ones among them: the length of every answer."""
        self._rare: dict[str, array[int]] = {}
        self._common: dict[str, int] = {}
        self._word_list: str | None = None
        """Every token, one a line, for finding the tokens that contain a word."""
        self._recent: dict[str, tuple[tuple[str, ...], bytes]] = {}
        """Recent words: the tokens containing each, and its answer (a byte a slot)."""
        if seed is not None:
            self._seeded(notes, seed)
            return
        for slot, note in enumerate(notes):
            self._slot_of[note.id] = slot
        self._gather(list(enumerate(notes)))

    def _seeded(self, notes: Sequence[Note], seed: TokenSeed) -> None:
        taken_in = seed.taken_in
        behind: list[Note] = []
        for note in notes:
            found = taken_in.get(note.id)
            if found is not None and found[0] == note.revision:
                self._slot_of[note.id] = found[1]
            else:
                behind.append(note)
        # The numbers of notes since rewritten or deleted are still in the postings: their
        # slots belong to no note, so no answer laid out for the notes names them. They are
        # never handed out again, so no note is given their tokens.
        self._slots = seed.numbers_given
        scratch = bytearray(self._slots)
        zeros = bytes(self._slots)
        for token, numbers in seed.postings:
            if not self._is_common(len(numbers)):
                self._rare[token] = numbers
                continue
            _scatter(scratch, numbers)
            self._common[token] = _bits_of_flags(scratch)
            scratch[:] = zeros  # a memset: cheaper than unsetting each slot
        placed: list[tuple[int, Note]] = []
        for note in behind:
            self._slot_of[note.id] = self._slots
            placed.append((self._slots, note))
            self._slots += 1
        self._gather(placed)

    def _gather(self, placed: Sequence[tuple[int, Note]]) -> None:
        """Take in these notes, each at its slot (ascending, every slot below `_slots`)."""
        # A chunk of notes at a time, each token's slots in the chunk then put in place: what
        # is gathered stays small, so no large block is left behind in the heap to hold the
        # app's memory up once the index is built.
        scratch = bytearray(self._slots)
        for start in range(0, len(placed), self._build_chunk):
            chunk = placed[start : start + self._build_chunk]
            gathered: defaultdict[str, array[int]] = defaultdict(lambda: array("I"))
            holders = gathered.__getitem__
            for slot, note in self._whole(chunk):
                # `held.append(slot)` for each of the note's tokens, looped in C: this runs
                # for every token of every note, ~20 million times at 100,000 notes.
                tokens = search_tokens(note)
                deque(map(_append, map(holders, tokens), repeat(slot)), maxlen=0)
            low, high = chunk[0][0], chunk[-1][0] + 1
            for token, held in gathered.items():
                self._take_in(token, held, scratch, low, high)

    def _whole(self, chunk: Sequence[tuple[int, Note]]) -> Iterable[tuple[int, Note]]:
        """The chunk's notes with their texts, each at its slot."""
        if self._with_text is None:
            return chunk
        slots = {note.id: slot for slot, note in chunk}
        whole = self._with_text([note for _, note in chunk])
        return [(slots[note.id], note) for note in whole if note.id in slots]

    def _take_in(
        self, token: str, held: array[int], scratch: bytearray, start: int, end: int
    ) -> None:
        """Add slots of notes holding `token`, all of them in [start, end); `scratch` is a
        byte a slot, all 0, and is left so."""
        common = self._common.get(token)
        if common is None:
            rare = self._rare.get(token)
            if rare is None:
                rare = self._rare[token] = held
            else:
                rare.extend(held)
            if not self._is_common(len(rare)):
                return
            del self._rare[token]
            held, start, common = rare, 0, 0
        _scatter(scratch, held)
        flags = scratch[start:end]
        scratch[start:end] = bytes(end - start)
        self._common[token] = common | _bits_of_flags(flags) << start

    @property
    def slots(self) -> int:
        return self._slots

    def slot_of(self, note_id: str) -> int:
        return self._slot_of[note_id]

    def in_order(self, notes: Sequence[Note]) -> Callable[[bytes], Sequence[int]] | None:
        """What turns an answer (a byte a slot) into a byte a note of `notes`, position for
        position; None when the slots already are those positions (nothing written since)."""
        slots = [self._slot_of[note.id] for note in notes]
        if len(slots) == self._slots and slots == list(range(self._slots)):
            return None
        if len(slots) == 1:
            only = slots[0]
            return lambda flags: (flags[only],)
        if not slots:
            return lambda flags: ()
        return operator.itemgetter(*slots)

    def _is_common(self, holders: int) -> bool:
        return holders * self._bits_from_share > self._slots

    def add(self, note: Note) -> None:
        """Take in a note not held yet (new, or read again after `remove`)."""
        if self._free:
            slot = self._free.pop()
        else:
            slot = self._slots
            self._slots += 1
        self._slot_of[note.id] = slot
        self._recent.clear()
        bit = 1 << slot
        for token in search_tokens(note):
            if token in self._common:
                self._common[token] |= bit
                continue
            held = self._rare.get(token)
            if held is None:
                self._rare[token] = array("I", (slot,))
                self._word_list = None
            else:
                held.append(slot)
                if self._is_common(len(held)):
                    flags = bytearray(self._slots)
                    _scatter(flags, self._rare.pop(token))
                    self._common[token] = _bits_of_flags(flags)

    def remove(self, note: Note) -> None:
        """Take out a note held (the very object given to `add` or to the constructor; with
        `with_text`, any note of its id)."""
        slot = self._slot_of.pop(note.id, None)
        if slot is None:
            return
        self._recent.clear()
        if self._with_text is not None:
            # The note's tokens are not known any more: its slot keeps them, and is given to
            # no note again, so no answer laid out for the notes names it (as a stale number
            # of the seed is never named).
            return
        self._free.append(slot)
        bit = 1 << slot
        for token in search_tokens(note):
            bits = self._common.get(token)
            if bits is not None:
                bits &= ~bit
                if bits:
                    self._common[token] = bits
                else:
                    del self._common[token]
                    self._word_list = None
                continue
            held = self._rare.get(token)
            if held is None:
                continue
            try:
                held.remove(slot)
            except ValueError:
                continue
            if not held:
                del self._rare[token]
                self._word_list = None

    def matching(self, words: Sequence[str], stop: Callable[[], bool] | None = None) -> bytes:
        """A byte a slot: 1 for the notes whose text holds every one of `words` (casefolded,
        no white space in any), 0 for the others and for free slots. SearchStopped when
        `stop()`, asked before each word, turns true."""
        answer: int | None = None
        # The longest word first: it usually holds the fewest notes.
        for word in sorted(words, key=len, reverse=True):
            if stop is not None and stop():
                raise SearchStopped("a newer search replaced this one")
            flags = self._word(word)
            if len(words) == 1:
                return flags
            # Bytes of 0 or 1 read as one int: `&` is the intersection, a byte a slot, in C.
            held = int.from_bytes(flags, "little")
            answer = held if answer is None else answer & held
            if not answer:
                break
        return (answer or 0).to_bytes(self._slots, "little")

    def _word(self, word: str) -> bytes:
        recent = self._recent.get(word)
        if recent is not None:
            self._recent[word] = self._recent.pop(word)
            return recent[1]
        tokens = self._tokens_containing(word)
        bits = 0
        rare: list[array[int]] = []
        for token in tokens:
            common = self._common.get(token)
            if common is not None:
                bits |= common
            else:
                rare.append(self._rare[token])
        if rare:
            flags = bytearray(_flags_of_bits(bits, self._slots))
            for held in rare:
                _scatter(flags, held)
            answer = bytes(flags)
        else:
            answer = _flags_of_bits(bits, self._slots)
        self._recent[word] = (tokens, answer)
        while len(self._recent) > RECENT_WORDS:
            del self._recent[next(iter(self._recent))]
        return answer

    def _tokens_containing(self, word: str) -> tuple[str, ...]:
        # A word that holds an earlier word is inside a token only where that one is: typing
        # on looks through the earlier word's few tokens, not the whole word list.
        narrowest: tuple[str, ...] | None = None
        for earlier, (tokens, _) in self._recent.items():
            if earlier in word and (narrowest is None or len(tokens) < len(narrowest)):
                narrowest = tokens
        if narrowest is not None:
            return tuple(token for token in narrowest if word in token)
        word_list = self._word_list
        if word_list is None:
            word_list = self._word_list = "\n".join([*self._common, *self._rare])
        return tuple(containing(word_list, word))


def notes_flagged(
    notes: Sequence[Note],
    flags: Sequence[int],
    stop: Callable[[], bool] | None,
    chunk: int,
) -> list[Note]:
    """The notes whose flag is set, in their order, `chunk` at a time between looks at `stop`."""
    if stop is None:
        return list(compress(notes, flags))
    found: list[Note] = []
    for start in range(0, len(notes), chunk):
        if stop():
            raise SearchStopped("a newer search replaced this one")
        found += compress(notes[start : start + chunk], flags[start : start + chunk])
    return found
