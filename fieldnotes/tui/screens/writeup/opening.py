"""What the write-up opens with: the note, a draft laid over it, or a blank, and what to say."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from fieldnotes.domain.model import NoteDraft
from fieldnotes.errors import FieldnotesError
from fieldnotes.notebook import Notebook
from fieldnotes.tui.screens.writeup.state import EditorState, payload_note_id

COMMON_SETTINGS: tuple[str, ...] = (
    "Group supervision",
    "Home visit",
    "Duty",
    "Child protection conference",
    "Core group",
    "Team meeting",
    "Strategy discussion",
    "MASH triage",
)


@dataclass
class Opening:
    """Everything the editor starts from, read from the notebook before anything is shown."""

    note_id: str | None
    """The note being edited; None for a new note (or one that is gone)."""
    base: EditorState
    """The note as saved (or the blank it starts from)."""
    start: EditorState
    """What the form shows first: the restored draft if there is one, else `base`."""
    restored: bool = False
    draft_saved: bool = False
    """A draft with the editor's id is in the notebook (the one it was opened with)."""
    damaged: bool = False
    """Some sealed fields failed to open; saving would overwrite them with blanks."""
    problem: str | None = None
    """Nothing can be edited (the note is gone, the notebook locked): say so and close."""
    warning: str | None = None
    teams: list[str] = field(default_factory=list)
    settings: list[str] = field(default_factory=list)
    """Suggestions: the teams and settings already used, then the common settings."""


def _without_gone_codes(
    state: EditorState, principle_ids: set[str], obstacle_ids: set[str]
) -> tuple[EditorState, str]:
    """The restored draft without tags the codebook no longer has, and what to say about them.

    A merge or delete made here re-codes drafts as it goes; one pulled from a colleague's
    replica cannot, and a draft that names a code that is gone would never save. Its coded
    passages keep their words, and lose such codes when the note is saved, as saved notes do.
    """
    obstacles = [i for i in state.obstacle_ids if i in obstacle_ids]
    principles = [(p, stance) for p, stance in state.principles if p in principle_ids]
    gone = len(state.obstacle_ids) - len(obstacles) + len(state.principles) - len(principles)
    if not gone:
        return state, ""
    tags = "a tag" if gone == 1 else f"{gone} tags"
    return (
        replace(state, obstacle_ids=obstacles, principles=principles),
        f"This draft had {tags} no longer in the codebook or frameworks (merged or deleted"
        " since it was kept), left out; tag the note again if it needs it.",
    )


def blank_draft() -> NoteDraft:
    return NoteDraft(mode="observe", occurred_at=datetime.now().replace(second=0, microsecond=0))


def open_for_editing(
    notebook: Notebook,
    note_id: str | None,
    draft_id: str | None,
    initial: NoteDraft | None,
) -> Opening:
    """Read the note and the draft (if any); every failure becomes a problem or a warning."""
    warning: str | None = None
    problem: str | None = None
    draft_saved = False
    restored: EditorState | None = None
    if draft_id is not None:
        try:
            found = [d for d in notebook.drafts() if d[0] == draft_id]
            if not found:
                warning = "That draft is no longer in the notebook."
            else:
                _, draft_note_id, _, payload = found[0]
                restored = EditorState.from_payload(payload)
                draft_saved = True
                note_id = note_id or draft_note_id or payload_note_id(payload)
        except FieldnotesError as error:
            warning = str(error)

    damaged = False
    if note_id is not None:
        try:
            note = notebook.note(note_id)
        except FieldnotesError as error:
            if restored is None:
                problem = str(error)
            else:
                warning = "The note this draft belonged to is gone; saving makes a new one."
            note_id = None
            base = EditorState.from_draft(initial or blank_draft())
        else:
            base = EditorState.from_draft(note.draft())
            damaged = note.damaged
            if note.damaged:
                warning = "Parts of this note could not be opened and are shown empty: " + (
                    ", ".join(note.damaged_fields)
                )
    else:
        base = EditorState.from_draft(initial or blank_draft())

    teams: list[str] = []
    settings: list[str] = []
    if problem is None:
        try:
            teams, settings = notebook.suggestions()
            # The link widgets read the codebook and frameworks as they are built.
            principle_ids = set(notebook.principles())
            obstacle_ids = {o.id for o in notebook.obstacles()}
        except FieldnotesError as error:
            problem = str(error)
        else:
            if restored is not None:
                restored, gone = _without_gone_codes(restored, principle_ids, obstacle_ids)
                if gone:
                    warning = " ".join(filter(None, (warning, gone)))
    known = {s.casefold() for s in settings}
    return Opening(
        note_id=note_id,
        base=base,
        start=restored if restored is not None else base,
        restored=restored is not None,
        draft_saved=draft_saved,
        damaged=damaged,
        problem=problem,
        warning=warning,
        teams=teams,
        settings=settings + [s for s in COMMON_SETTINGS if s.casefold() not in known],
    )
