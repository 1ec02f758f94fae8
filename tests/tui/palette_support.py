"""Running a command from the palette as a person does: ctrl+p, a word, Enter."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot


async def run_from_palette(pilot: Pilot[object], query: str, expected_title: str) -> None:
    """Open the palette, type `query`, check the best match is `expected_title`, run it."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    palette = pilot.app.screen
    assert isinstance(palette, CommandPalette), palette
    await pilot.press(*query)
    # The palette searches in a worker; once it is done the list holds every hit.
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    hits = palette.query_one(CommandList)
    assert hits.option_count > 0, f"nothing found for {query!r}"
    best = str(hits.get_option_at_index(0).prompt).splitlines()[0]
    assert expected_title in best, best
    if hits.highlighted is None:
        await pilot.press("down")
    assert hits.highlighted == 0
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()
