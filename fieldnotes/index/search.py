"""Search through the sealed search index: which notes may match, without opening the rest.

A note matches a search when each of the query's words (casefolded, split on white space)
appears somewhere in its casefolded text (`NoteFilter.matches`, the meaning). A query word
holds no white space, so it appears in a text exactly when it appears inside one of the
text's tokens (`fieldnotes.domain.filters.search_tokens`). The index keeps every note's
tokens: the list of every token in the notebook (the *word list*, one token a line), and for
each token the numbers of the notes holding it, grouped in buckets by a keyed hash.

A search reads the word list, finds the tokens that contain each query word (part of a word
finds every whole word around it), opens only those tokens' buckets, and keeps the notes that
hold such a token for every word, with the notes the index does not answer for yet (written
since it last caught up). The index may name a note that no longer matches (rewritten or
deleted since); candidates are always opened and checked with the rule itself, so an answer is
the rule's answer. It must never leave out a note that matches: tests/test_search_index.py
checks it against the plain search on generated notebooks and edits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from fieldnotes.errors import SearchIndexDamaged

Postings = Mapping[str, Sequence[int]]
"""A bucket opened: each token in it, with the numbers of the notes holding it."""


class SearchSnapshot(Protocol):
    """The index as it stands at one moment (no write lands while it is held)."""

    def unsure_ids(self) -> set[str] | None:
        """Live notes the buckets do not answer for, or None when the index cannot answer
        (not built, far behind): then every note must be read."""
        ...

    def word_list(self) -> str:
        """Every token in the index, one a line."""
        ...

    def bucket_of(self) -> Callable[[str], int]:
        """The bucket a token's postings are in."""
        ...

    def buckets(self, numbers: set[int]) -> Mapping[int, Postings]:
        """These buckets, opened (SearchIndexDamaged when one is missing or does not open)."""
        ...

    def ids_of(self, numbers: set[int]) -> set[str]:
        """The live notes these numbers stand for, as they were taken in (not since changed)."""
        ...

    def worth_naming(self, count: int, newest: int | None) -> bool:
        """Whether naming this many notes by id costs less than walking the notes newest
        first until the `newest` many wanted (all when None) are found among them."""
        ...


class SearchSource(Protocol):
    def search_snapshot(self) -> AbstractContextManager[SearchSnapshot | None]:
        """The index held still, or None where there is none (a store on a server)."""
        ...


def tokens_containing(word_list: str, word: str) -> set[str]:
    """The tokens of `word_list` (one a line) that contain `word` (which holds no line break)."""
    return set(containing(word_list, word))


def containing(word_list: str, word: str) -> Iterator[str]:
    """The tokens of `word_list` (one a line) that contain `word`, in the list's order."""
    at = word_list.find(word)
    while at >= 0:
        start = word_list.rfind("\n", 0, at) + 1
        end = word_list.find("\n", at)
        if end < 0:
            end = len(word_list)
        yield word_list[start:end]
        at = word_list.find(word, end)


def candidate_numbers(snapshot: SearchSnapshot, words: Sequence[str]) -> set[int]:
    """The numbers of the notes that hold, for every query word, a token containing it."""
    word_list = snapshot.word_list()
    wanted = [tokens_containing(word_list, word) for word in words]
    if not all(wanted):
        return set()
    bucket_of = snapshot.bucket_of()
    opened = snapshot.buckets({bucket_of(token) for tokens in wanted for token in tokens})
    matched: set[int] | None = None
    # The word with the fewest tokens first: its notes are usually the fewest to intersect.
    for tokens in sorted(wanted, key=len):
        numbers: set[int] = set()
        for token in tokens:
            numbers.update(opened[bucket_of(token)].get(token, ()))
        matched = numbers if matched is None else matched & numbers
        if not matched:
            return set()
    return matched or set()


@dataclass(frozen=True, slots=True)
class Candidates:
    """The live notes that may hold every word of a search: every match is among them."""

    ids: set[str] | None
    """Their ids; None when they are so many that naming each costs more than walking every
    note: then `numbers`, and the notes the index does not answer for, are the candidates."""
    numbers: set[int]
    """Their numbers in the index (some may be of notes since rewritten or deleted)."""
    unsure: int
    """How many live notes the index does not answer for (each is a candidate)."""

    @property
    def at_most(self) -> int:
        """How many notes may match, at most."""
        return len(self.ids) if self.ids is not None else self.unsure + len(self.numbers)


def candidates(
    source: SearchSource,
    words: Sequence[str],
    *,
    by_id: bool = False,
    newest: int | None = None,
) -> Candidates | None:
    """The live notes that may hold every word (casefolded), named by id when few of them (or
    `by_id`); when only the `newest` few matches are wanted, named only if walking to them
    would read more. None when the index cannot say (not built, far behind, damaged, none
    kept): then every note must be read. Damage found here is left for the next catch-up to
    rebuild."""
    if not words:
        return None
    try:
        with source.search_snapshot() as snapshot:
            if snapshot is None:
                return None
            unsure = snapshot.unsure_ids()
            if unsure is None:
                return None
            numbers = candidate_numbers(snapshot, words)
            count = len(unsure) + len(numbers)
            if not by_id and count and not snapshot.worth_naming(count, newest):
                return Candidates(None, numbers, len(unsure))
            ids = unsure | snapshot.ids_of(numbers) if numbers else unsure
            return Candidates(ids, numbers, len(unsure))
    except SearchIndexDamaged:
        return None


def candidate_ids(source: SearchSource, words: Sequence[str]) -> set[str] | None:
    """The ids of the live notes that may hold every word (see `candidates`)."""
    found = candidates(source, words, by_id=True)
    return None if found is None else found.ids
