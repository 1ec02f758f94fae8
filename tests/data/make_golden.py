"""Writes tests/data/golden-v1.fieldnotes. Run once per released format; commit the result."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import (
    CodebookEntry,
    Framework,
    NoteDraft,
    Principle,
    PrincipleLink,
    Quote,
)
from fieldnotes.notebook import Notebook


def main(target: Path) -> None:
    framework = Framework(
        id="sos",
        name="Signs of Safety",
        short_name="SoS",
        principles=(Principle("sos.worried", "sos", "worried", "What are we worried about?"),),
    )
    codebook = (CodebookEntry("IT system", children=(CodebookEntry("Duplicate entry"),)),)
    with Notebook.create(
        target, "golden passphrase", kdf=FLOOR_KDF, frameworks=[framework], codebook=codebook
    ) as notebook:
        duplicate = notebook.find_obstacle("IT system/Duplicate entry")
        first = notebook.add_note(
            NoteDraft(
                mode="observe",
                occurred_at=datetime(2026, 8, 4, 10, 15),
                team="Northfield Assessment Team",
                description="Golden note one: group supervision began with the family's own words.",
                quotes=[Quote("What would the family say?", "team manager")],
                principles=[PrincipleLink("sos.worried", "honoured")],
                obstacle_ids=[duplicate.id],
            )
        )
        notebook.add_note(
            NoteDraft(
                mode="co-work",
                stage="jotting",
                occurred_at=datetime(2026, 8, 5, 14, 0),
                description="Golden note two: the duty worker rang back within the hour.",
            )
        )
        notebook.add_memo("code", "Golden memo", "Memo body.", note_ids=[first.id])
    Path(f"{target}.lock").unlink(missing_ok=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
