"""Full garbage collections moved to the pauses between keys.

A full (generation 2) collection walks every tracked object the app made since the startup
freeze: at 10,000 notes, the rows of the lists filled and dropped as a search word narrows and
the codebook's cursor moves, 50,000–150,000 objects, 85–420 ms on a loaded 2-core machine. The
interpreter starts one after ten young (generation 1) collections, which is every word or so of
typing: the slowest key of a typed word was a full collection, not the search.

While the app runs, the interpreter waits for `HELD_FULL_AFTER` young collections instead of
ten, and the app collects in full itself once nobody has pressed anything for
`IDLE_COLLECT_SECONDS`. Why this is safe:

- Almost everything the app frees goes by reference counting the moment it is dropped, which
  no threshold changes; only garbage in reference cycles waits for a full collection.
- That wait is bounded: a pause of a second collects it, and without any pause the interpreter
  still collects in full after `HELD_FULL_AFTER` young collections (ten times its own spacing,
  so at most about ten times the cyclic garbage it would have let build up anyway). Measured
  over a session of 220 keys typed without a pause at 10,000 notes: "The collector over a
  long session", in docs/benchmarks.md.
- Generations 0 and 1 keep their thresholds: short-lived cycles are still freed as quickly.
- The thresholds are put back when the app stops, for whatever runs after it in the process.
"""

from __future__ import annotations

import gc

HELD_FULL_AFTER = 100
"""Young collections before the interpreter collects in full by itself (its own default is 10)."""

IDLE_COLLECT_SECONDS = 1.0
"""A pause this long is a moment nobody waits on: longer than the gap between typed keys."""

TICK_SECONDS = 0.5
"""How often the app asks; a tick that comes late says the UI thread was busy meanwhile."""

__all__ = ["HELD_FULL_AFTER", "IDLE_COLLECT_SECONDS", "TICK_SECONDS", "IdleCollector"]


class IdleCollector:
    """Holds full collections off while keys arrive and runs them in the pauses."""

    def __init__(self) -> None:
        self._saved: tuple[int, int, int] | None = None

    @property
    def holding(self) -> bool:
        return self._saved is not None

    def hold(self) -> None:
        """Raise the full collection's threshold for as long as the app runs."""
        if self._saved is not None:
            return
        young, middle, full = gc.get_threshold()
        self._saved = (young, middle, full)
        gc.set_threshold(young, middle, max(full, HELD_FULL_AFTER))

    def release(self) -> None:
        """Put the interpreter's thresholds back."""
        if self._saved is None:
            return
        gc.set_threshold(*self._saved)
        self._saved = None

    def collect_if_idle(self, idle_seconds: float, since_last_tick: float = TICK_SECONDS) -> bool:
        """A full collection, if nothing was pressed for a while and it has anything to walk.

        A screen still busy with the last key (a large screen opening on a loaded machine
        can take longer than the pause) holds the loop, so this tick comes late: not idle.
        `gc.get_count()[2]` is the number of young collections since the last full one: none
        means nothing new has survived into the oldest generation, and the walk is skipped.
        """
        if not self.holding or idle_seconds < IDLE_COLLECT_SECONDS:
            return False
        if since_last_tick > TICK_SECONDS * 1.5:
            return False
        if gc.get_count()[2] == 0:
            return False
        gc.collect()
        return True
