"""The note editor's drafts as plain data: what they are called, and what a codebook change
does to them.

The editor (`tui/screens/writeup/state.py`) writes and reads a draft's payload; the notebook
seals it and, when an obstacle is merged or deleted, re-codes it in the same transaction, so a
draft opened after the change names only obstacles that exist and saves as it would have.
The payload is re-coded as the document it is, not rebuilt from a typed state: a draft
written by a newer fieldnotes keeps every key this one does not know.
"""

from __future__ import annotations

from typing import Any

DRAFT_KIND = "fieldnotes.note-editor"
DRAFT_VERSION = 1


def _swap(codes: list[object], source_id: str, into_id: str | None) -> list[object]:
    """`codes` with `source_id` replaced by `into_id` where the first of the two stood (or
    taken off), every other code kept in its order."""
    swapped = (into_id if code == source_id else code for code in codes)
    return list(dict.fromkeys(code for code in swapped if code is not None))


def recoded_draft(
    payload: dict[str, Any], source_id: str, into_id: str | None
) -> dict[str, Any] | None:
    """The payload with the obstacle `source_id` merged into `into_id` (or deleted, when None):
    in the note's own tags and in its coded passages. None when the draft does not name it."""
    fields = payload.get("fields")
    if payload.get("kind") != DRAFT_KIND or not isinstance(fields, dict):
        return None
    changed: dict[str, Any] = {}
    tags = fields.get("obstacle_ids")
    if isinstance(tags, list) and source_id in tags:
        changed["obstacle_ids"] = _swap(tags, source_id, into_id)
    passages = fields.get("passages")
    if isinstance(passages, list) and any(_names(value, source_id) for value in passages):
        changed["passages"] = [
            {**value, "obstacles": _swap(value["obstacles"], source_id, into_id)}
            if _names(value, source_id)
            else value
            for value in passages
        ]
    if not changed:
        return None
    return {**payload, "fields": {**fields, **changed}}


def _names(passage: object, obstacle_id: str) -> bool:
    return (
        isinstance(passage, dict)
        and isinstance(passage.get("obstacles"), list)
        and obstacle_id in passage["obstacles"]
    )
