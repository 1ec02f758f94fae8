"""A pulled page's signatures checked in a second process, while this one applies the page
before.

Checking a row's Ed25519 signature is one C call that holds the interpreter (about 0.1 ms a
row, and a few tens of microseconds of Python around it to rebuild the signed statement):
the largest single part of a member joining a large team. A `RowChecker` with a second
process sends it each page in chunks, with the members' public keys (nothing secret crosses),
and gets back `check_signature`'s verdict on each row, in order. It is a speed-up only, with
the plain path beside it: a chunk the second process has not started when its verdicts are
wanted is checked here instead, and if that process cannot start or dies, every chunk it has
not answered is checked here. No row reaches `judged`, and so no row is applied, without a
verdict from `check_signature`.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType

from fieldnotes.crypto.team import MemberPublic
from fieldnotes.storage.team.rows import SignedRow, check_signature

Members = Mapping[str, tuple[MemberPublic, int | None]]
Part = tuple[Sequence[SignedRow], "Future[list[str | None]] | None"]
"""A chunk of a page, and the second process's work on it (None: checked here)."""

CHUNK = 2000
"""Rows sent to the second process at a time (a few MB): small enough that the two
processes share a page's work evenly, large enough that sending costs little beside it."""
SECOND_PROCESS_FROM = 5000
"""A first page this large (a member joining, or far behind) is worth starting a process for;
a pull of a few colleagues' changes is checked here, at no start-up cost."""


def worth_a_second_process(rows: int) -> bool:
    """Whether a first page of `rows` rows is checked in a second process as well: only a
    large one, and only where this process may run on more than one core."""
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):  # not on every platform
        cores = os.cpu_count() or 1
    return rows >= SECOND_PROCESS_FROM and cores > 1


def check_rows(rows: Sequence[SignedRow], notebook_id: bytes, members: Members) -> list[str | None]:
    """Each row's verdict (None: its signer is a member and the signature is theirs)."""
    return [check_signature(row, notebook_id, members) for row in rows]


class Verdicts:
    """The verdicts on one page, as `RowChecker.submit` left them under way."""

    def __init__(self, checker: RowChecker, parts: list[Part]) -> None:
        self._checker = checker
        self._parts = parts

    def result(self) -> list[str | None]:
        """Every row's verdict, in the page's order. The chunks the second process has not
        started are taken back, from the end (it works from the start), and checked here."""
        answers: dict[int, list[str | None]] = {}
        for index in reversed(range(len(self._parts))):
            rows, future = self._parts[index]
            if future is None or future.cancel():
                answers[index] = self._checker.here(rows)
        for index, (rows, future) in enumerate(self._parts):
            if index not in answers:
                assert future is not None
                answers[index] = self._checker.collected(rows, future)
        return [verdict for index in range(len(self._parts)) for verdict in answers[index]]


class RowChecker:
    """Checks pages of pulled rows against the members list: here, or in a second process
    as well when `second_process` is set (see the module's docstring)."""

    def __init__(self, notebook_id: bytes, members: Members, *, second_process: bool) -> None:
        self._notebook_id = notebook_id
        self._members = dict(members)
        self._pool: ProcessPoolExecutor | None = None
        if second_process:
            # spawn, never fork: the caller may hold threads (the TUI's workers, the
            # driver's), and a forked copy of a process with threads can deadlock.
            self._pool = ProcessPoolExecutor(
                max_workers=1, mp_context=multiprocessing.get_context("spawn")
            )

    @property
    def second_process(self) -> bool:
        """Whether a second process is (still) taking chunks."""
        return self._pool is not None

    def submit(self, rows: Sequence[SignedRow]) -> Verdicts:
        parts: list[Part] = []
        for start in range(0, len(rows), CHUNK):
            chunk = rows[start : start + CHUNK]
            future: Future[list[str | None]] | None = None
            if self._pool is not None:
                try:
                    future = self._pool.submit(check_rows, chunk, self._notebook_id, self._members)
                except (RuntimeError, OSError):  # it died, or could not start: checked here
                    self._lose_second_process()
            parts.append((chunk, future))
        return Verdicts(self, parts)

    def here(self, rows: Sequence[SignedRow]) -> list[str | None]:
        return check_rows(rows, self._notebook_id, self._members)

    def collected(
        self, rows: Sequence[SignedRow], future: Future[list[str | None]]
    ) -> list[str | None]:
        """The second process's verdicts on `rows`, or, if it could not give them, this
        process's own."""
        try:
            verdicts = future.result()
        except Exception:  # its process died, or the chunk did not travel: checked here
            self._lose_second_process()
            return self.here(rows)
        if len(verdicts) != len(rows):
            self._lose_second_process()
            return self.here(rows)
        return list(verdicts)

    def _lose_second_process(self) -> None:
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        """Stop the second process; a chunk it is still checking is waited for (it holds
        nothing to clean up, but a process left behind would outlive the sync)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> RowChecker:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()
