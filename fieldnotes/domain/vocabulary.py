"""The closed sets of words a note, an obstacle and a memo are made of.

Apart from `model` so that the command line can offer them as choices without importing the
dataclasses (and `dataclasses`, `datetime`, `inspect` with them) for `fieldnotes --help`.
"""

from __future__ import annotations

from typing import Literal, get_args

Mode = Literal["observe", "co-work", "question"]
Stage = Literal["jotting", "write-up"]
Stance = Literal["honoured", "at-risk"]
ObstacleStatus = Literal["emerging", "evidenced", "raised", "change agreed", "resolved"]
MemoKind = Literal["in-process", "code", "integrative"]
PassageField = Literal["description", "asides"]

MODES: tuple[Mode, ...] = get_args(Mode)
STAGES: tuple[Stage, ...] = get_args(Stage)
STANCES: tuple[Stance, ...] = get_args(Stance)
OBSTACLE_STATUSES: tuple[ObstacleStatus, ...] = get_args(ObstacleStatus)
MEMO_KINDS: tuple[MemoKind, ...] = get_args(MemoKind)
PASSAGE_FIELDS: tuple[PassageField, ...] = get_args(PassageField)
