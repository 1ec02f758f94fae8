"""The write-up editor, driven by keys as a person would, checked against the notebook."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime

import pytest
from textual import events
from textual.app import App
from textual.keys import _character_to_key
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, TextArea

from fieldnotes.domain.model import NoteDraft, PrincipleLink, Quote
from fieldnotes.notebook import Notebook
from fieldnotes.tui.dialogs.confirm import ConfirmScreen
from fieldnotes.tui.dialogs.pickers import CreateObstacleScreen, PrinciplePickerScreen
from fieldnotes.tui.screens.writeup.screen import WriteUpScreen
from fieldnotes.tui.screens.writeup.state import EditorState, parse_when
from fieldnotes.tui.widgets.markdown import fieldnotes_markdown_parser
from fieldnotes.tui.widgets.pickers import ObstacleTagger
from tests.conftest import DEMO_PASSPHRASE
from tests.tui.shell_support import screen_text

WHEN = datetime(2026, 8, 5, 14, 40)


class Host(App[None]):
    """Hosts one screen and records what it dismisses with."""

    def __init__(self, make_screen: Callable[[], Screen[str | None]]) -> None:
        super().__init__()
        self._make_screen = make_screen
        self.results: list[str | None] = []

    def on_mount(self) -> None:
        self.push_screen(self._make_screen(), self.results.append)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type a burst of keys, then let the app catch up once.

    `Pilot.press` waits for a full render after every key, which makes long text slow to
    type in tests; a person's typing arrives in bursts like this anyway.
    """
    for character in text:
        key = character if character.isalnum() else _character_to_key(character)
        pilot.app.post_message(events.Key(key, character))
    await pilot.pause()


def editor(app: App[None]) -> WriteUpScreen:
    screen = app.screen
    assert isinstance(screen, WriteUpScreen), screen
    return screen


@pytest.fixture(autouse=True)
def quick_drafts(monkeypatch: pytest.MonkeyPatch) -> None:
    # The real delay is 1.5 s; tests that wait for a draft should not wait that long.
    monkeypatch.setattr(WriteUpScreen, "DRAFT_DELAY", 0.2)


async def test_write_up_with_principles_and_obstacles(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    before = len(nb.notes())
    app = Host(lambda: WriteUpScreen(nb, initial=NoteDraft(mode="co-work", occurred_at=WHEN)))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = editor(app)
        assert screen.focused is screen.query_one("#team")
        await type_text(pilot, "Riverside")
        await pilot.press("tab")
        await type_text(pilot, "Home visit")
        await pilot.press("tab")
        await type_text(pilot, "sw, dad")
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#description")
        await type_text(pilot, "Dad lifts her.")
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#asides")
        await type_text(pilot, "Shame?")

        await pilot.press("f4")
        await pilot.pause()
        await type_text(pilot, "We manage.")
        await pilot.press("tab")
        await type_text(pilot, "dad")

        await pilot.press("f3")
        await pilot.pause()
        assert isinstance(app.screen, PrinciplePickerScreen)
        await type_text(pilot, "decision")
        await pilot.press("ctrl+r", "enter")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("f5")
        await type_text(pilot, "dupl")
        await pilot.press("down", "enter")
        await pilot.pause()
        await type_text(pilot, "Recording burden/Night")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CreateObstacleScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen

        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results and app.results[0] is not None

    note = nb.note(app.results[0])
    assert len(nb.notes()) == before + 1
    assert note.mode == "co-work" and note.stage == "write-up"
    assert note.occurred_at == WHEN
    assert note.team == "Riverside"
    assert note.setting == "Home visit"
    assert note.participants == ["sw", "dad"]
    assert note.description == "Dad lifts her."
    assert note.asides == "Shame?"
    assert note.quotes == [Quote("We manage.", "dad")]
    assert note.principles == [PrincipleLink("kss-pl.5", "at-risk")]
    created = nb.find_obstacle("Recording burden/Night")
    assert created.parent_id == nb.find_obstacle("Recording burden").id
    # The store does not promise an order for links, only the set.
    assert set(note.obstacle_ids) == {nb.find_obstacle("Duplicate data entry").id, created.id}
    assert nb.drafts() == []


async def test_expanding_a_jotting_keeps_its_text(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    jotting = nb.add_note(
        NoteDraft(mode="observe", stage="jotting", occurred_at=WHEN, description='Duty: "no beds".')
    )
    app = Host(lambda: WriteUpScreen(nb, jotting.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = editor(app)
        assert screen.has_class("-jotting")
        assert not screen.query_one("#asides").display
        await pilot.press("f8")
        await pilot.pause()
        assert screen.stage == "write-up"
        assert screen.query_one("#asides").display
        await type_text(pilot, "Rang round.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.results == [jotting.id]
    note = nb.note(jotting.id)
    assert note.stage == "write-up"
    assert note.description == 'Duty: "no beds".\n\nRang round.'


async def test_leaving_an_edited_note_asks_first(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    original = nb.notes()[1]
    app = Host(lambda: WriteUpScreen(nb, original.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "EDIT ")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")  # keep editing
        await pilot.pause()
        assert isinstance(app.screen, WriteUpScreen)
        assert app.screen.query_one("#description", TextArea).text.startswith("EDIT ")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("n")  # discard
        await pilot.pause()
        assert app.results == [None]
    assert nb.note(original.id).description == original.description
    assert nb.drafts() == []


async def test_leaving_unedited_note_does_not_ask(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    app = Host(lambda: WriteUpScreen(nb, nb.notes()[2].id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        assert app.results == [None]


async def test_leave_and_save_from_the_prompt(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    original = nb.notes()[1]
    app = Host(lambda: WriteUpScreen(nb, original.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Seen: ")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.results == [original.id]
    assert nb.note(original.id).description == "Seen: " + original.description


async def test_draft_kept_while_typing_and_restored(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    original = nb.notes()[1]
    app = Host(lambda: WriteUpScreen(nb, original.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Unsaved. ")
        await pilot.press("f3")
        await pilot.pause()
        await type_text(pilot, "own view")
        await pilot.press("enter")
        await asyncio.sleep(0.5)
        await pilot.pause()
        drafts = nb.drafts()
        assert len(drafts) == 1
        draft_id, note_id, _, payload = drafts[0]
        assert note_id == original.id
        assert payload["fields"]["description"].startswith("Unsaved. ")
        assert "kept as a draft" in str(app.screen.query_one("#draft-status").render())
    # The app went away without save or discard: the note is untouched, the draft remains.
    assert nb.note(original.id).description == original.description

    restored = Host(lambda: WriteUpScreen(nb, draft_id=draft_id))
    async with restored.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = editor(restored)
        assert screen.note_id == original.id
        text = screen.query_one("#description", TextArea).text
        assert text == "Unsaved. " + original.description
        await pilot.press("ctrl+s")
        await pilot.pause()
    note = nb.note(original.id)
    assert note.description.startswith("Unsaved. ")
    assert any(link.principle_id == "sos.child-voice" for link in note.principles)
    assert nb.drafts() == []


async def test_a_draft_naming_an_obstacle_a_colleague_deleted_still_saves(
    demo_notebook: Notebook,
) -> None:
    nb = demo_notebook
    kept, gone = nb.obstacles()[0], nb.obstacles()[1]
    state = EditorState(
        when="2026-09-04 09:30",
        team="Northfield",
        description="The duty worker rang the school twice.",
        obstacle_ids=[gone.id, kept.id],
    )
    nb.save_draft("home-visit", state.to_payload(None), None)
    # As a pull applies a colleague's delete: the codebook changes, the draft does not.
    nb._store.delete_obstacle(gone.id)
    nb.lock()
    nb.unlock(DEMO_PASSPHRASE)

    app = Host(lambda: WriteUpScreen(nb, draft_id="home-visit"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert [n.message for n in app._notifications][-1].startswith(
            "This draft had a tag no longer in the codebook"
        )
        assert editor(app).query_one(ObstacleTagger).obstacle_ids == [kept.id]
        await pilot.press("ctrl+s")
        await pilot.pause()
    (note,) = [n for n in nb.notes() if n.description.startswith("The duty worker")]
    assert note.obstacle_ids == [kept.id]
    assert app.results == [note.id]
    assert nb.drafts() == []


async def test_flush_draft_seals_now(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    app = Host(lambda: WriteUpScreen(nb, initial=NoteDraft(mode="observe", occurred_at=WHEN)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await type_text(pilot, "Harbourside")
        editor(app).flush_draft()
        (draft,) = nb.drafts()
        assert draft[1] is None
        assert draft[3]["fields"]["team"] == "Harbourside"
        assert EditorState.from_payload(draft[3]).when == "2026-08-05 14:40"


async def test_a_missing_note_is_reported_not_raised(demo_notebook: Notebook) -> None:
    app = Host(lambda: WriteUpScreen(demo_notebook, "no-such-note"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.results == [None]
        assert not isinstance(app.screen, WriteUpScreen)


async def test_bad_date_is_refused_and_nothing_saved(demo_notebook: Notebook) -> None:
    nb = demo_notebook
    before = len(nb.notes())
    app = Host(lambda: WriteUpScreen(nb, initial=NoteDraft(mode="observe", occurred_at=WHEN)))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = editor(app)
        when = screen.query_one("#when", Input)
        when.focus()
        await pilot.pause()
        await pilot.press("ctrl+u")
        await type_text(pilot, "5 Aug")
        await pilot.pause()
        assert screen.query_one("#when-error").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is screen
        assert app.results == []
    assert len(nb.notes()) == before


def test_editor_state_round_trips_through_a_payload() -> None:
    state = EditorState(
        mode="question",
        stage="jotting",
        when="2026-08-0",
        participants="IRO, ",
        description="**bold** <b>raw</b>",
        quotes=[("We manage.", "dad"), ("", "")],
        principles=[("kss-pl.5", "at-risk")],
        obstacle_ids=["x"],
    )
    assert EditorState.from_payload(state.to_payload("n1")) == state
    assert not state.edited_from(EditorState.from_payload(state.to_payload(None)))
    with pytest.raises(Exception, match="not a date"):
        parse_when(state.when)


def test_preview_parser_shows_raw_html_as_text() -> None:
    html = fieldnotes_markdown_parser().render('<script>alert("x")</script> and <b>bold</b>')
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<b>" not in html


async def test_enter_in_the_obstacle_box_takes_the_highlighted_suggestion(
    demo_notebook: Notebook,
) -> None:
    nb = demo_notebook
    count = len(nb.obstacles())
    wanted = nb.find_obstacle("Duplicate data entry").id
    app = Host(lambda: WriteUpScreen(nb, initial=NoteDraft(mode="observe", occurred_at=WHEN)))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        screen = editor(app)
        await pilot.press("f5")
        # Not a whole name: as in the tag dialog, enter takes the first suggestion.
        await type_text(pilot, "duplicate")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert screen.query_one(ObstacleTagger).obstacle_ids == [wanted]
        assert len(nb.obstacles()) == count
        # Making a new one is the explicit last choice, and still asks first.
        await type_text(pilot, "recording")
        await pilot.press("down", "end", "enter")
        await pilot.pause()
        assert isinstance(app.screen, CreateObstacleScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert len(nb.obstacles()) == count


async def test_at_80_columns_a_long_title_is_cut_before_the_draft_status(
    demo_notebook: Notebook,
) -> None:
    nb = demo_notebook
    draft = NoteDraft(
        mode="observe",
        occurred_at=WHEN,
        team="Children in Care and Leaving Care Service, North",
        description="Seen.",
    )
    note = nb.add_note(draft)
    app = Host(lambda: WriteUpScreen(nb, note.id))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen = editor(app)
        screen.query_one("#description", TextArea).focus()
        await type_text(pilot, " More.")
        await pilot.pause()
        title_line = next(line for line in screen_text(app).splitlines() if "Write-up" in line)
        title = title_line.partition("unsaved")[0]
        # The title gives way with an ellipsis, and a gap keeps it off the status.
        assert title.rstrip().endswith("…")
        title_region = screen.query_one("#writeup-title").region
        status_region = screen.query_one("#draft-status").region
        assert title_region.right + 2 <= status_region.x
        assert status_region.right <= 80
