"""Passages in a REFI-QDA project: selections at the right code points, valid and sound."""

from __future__ import annotations

from dataclasses import replace
from xml.etree import ElementTree as ET

from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain.model import PASSAGE_FIELDS, Obstacle, PrincipleLink
from fieldnotes.domain.passages import new_passage
from fieldnotes.domain.qdpx import NAMESPACE, build_project, identifier_checked, semantic_problems
from fieldnotes.domain.qdpx import source_text as source_text_of
from fieldnotes.notebook import Notebook

from .test_qdpx import SCHEMA, codes_by_guid, contents, note

ASIDES = "## Asides\r\nThe team laughed 😀 it off;\n## Quotes\nit happens daily."
DESCRIPTION = "## Follow-up\nLine one\r\nLine two with 𝔉 and 🧸, Jayden Okafor said."


def _selections(project_document: bytes) -> list[tuple[str, int, int, set[str], str]]:
    root = ET.fromstring(project_document)
    ns = f"{{{NAMESPACE}}}"
    found = []
    for source in root.iter(f"{ns}TextSource"):
        for selection in source.iter(f"{ns}PlainTextSelection"):
            if selection.get("name") == "whole note":
                continue
            description = selection.find(f"{ns}Description")
            found.append(
                (
                    source.get("guid", ""),
                    int(selection.get("startPosition", "-1")),
                    int(selection.get("endPosition", "-1")),
                    {ref.get("targetGUID", "") for ref in selection.iter(f"{ns}CodeRef")},
                    "" if description is None else description.text or "",
                )
            )
    return found


def test_each_coded_passage_is_a_selection_over_its_own_words() -> None:
    passages = [
        new_passage(
            "asides", ASIDES, ASIDES.index("laughed"), ASIDES.index(";"), obstacle_ids=["it"]
        ),
        new_passage(
            "asides",
            ASIDES,
            ASIDES.index("## Quotes"),
            len(ASIDES),
            principles=[PrincipleLink("sos.worried", "at-risk")],
            memo="a heading inside the text",
        ),
        new_passage(
            "description", DESCRIPTION, 0, DESCRIPTION.index("🧸") + 1, obstacle_ids=["kpi"]
        ),
        new_passage("description", DESCRIPTION, 0, 4),  # coded with nothing: no selection
    ]
    coded = note("p1", description=DESCRIPTION, asides=ASIDES, passages=passages)
    project = build_project(contents(notes=[coded], memos=[]))
    SCHEMA.validate(ET.fromstring(project.document))
    assert semantic_problems(project) == []
    (source_name,) = project.sources
    text = project.sources[source_name].decode("utf-8")
    assert text == source_text_of(coded)
    names = codes_by_guid(project)
    found = [
        (text[start:end], {names[c] for c in codes}, memo)
        for _, start, end, codes, memo in _selections(project.document)
    ]
    assert found == [
        ("laughed 😀 it off", {"IT system"}, ""),
        ("## Quotes\nit happens daily.", {"at risk"}, "a heading inside the text"),
        ("## Follow-up\nLine one\r\nLine two with 𝔉 and 🧸", {"KPI pressure"}, ""),
    ]


def test_an_orphaned_passage_is_left_out_of_the_project() -> None:
    passage = new_passage("description", "gone words", 0, 4, obstacle_ids=["it"])
    orphan = note(
        "p2",
        description="new words",
        passages=[replace(passage, orphaned=True)],
    )
    project = build_project(contents(notes=[orphan], memos=[]))
    assert _selections(project.document) == []
    assert semantic_problems(project) == []


def test_a_redacted_plaintext_export_keeps_passages_on_the_redacted_words() -> None:
    start = DESCRIPTION.index("Line two")
    passage = new_passage(
        "description",
        DESCRIPTION,
        start,
        len(DESCRIPTION),
        obstacle_ids=["it"],
        memo="Jayden Okafor again",
    )
    coded = note("p3", description=DESCRIPTION, passages=[passage])
    clear = identifier_checked([coded], [], [Obstacle(id="it", name="IT")], [], "redact")
    (checked,) = clear.notes
    (moved,) = checked.passages
    assert "Jayden" not in moved.text and "Jayden" not in moved.memo
    assert checked.description[moved.start : moved.end] == moved.text
    assert moved.text.startswith("Line two") and moved.text.endswith("said.")
    project = build_project(contents(notes=[checked], memos=[]))
    SCHEMA.validate(ET.fromstring(project.document))
    assert semantic_problems(project) == []


_PIECES = ["a", " ", "\r\n", "\n", "😀", "𝔉", "## Asides", "## Quotes", "## Follow-up", "#"]
_TEXTS = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=12).map("".join)


@settings(max_examples=80, deadline=None)
@given(_TEXTS, _TEXTS, st.data())
def test_any_passage_lands_on_its_own_words(
    description: str, asides: str, data: st.DataObject
) -> None:
    field = data.draw(st.sampled_from(PASSAGE_FIELDS))
    text = description if field == "description" else asides
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    if not text[start:end].strip():
        return
    passage = new_passage(field, text, start, end, obstacle_ids=["it"])
    coded = note("p4", description=description, asides=asides, passages=[passage])
    project = build_project(contents(notes=[coded], memos=[]))
    SCHEMA.validate(ET.fromstring(project.document))
    assert semantic_problems(project) == []
    (source_name,) = project.sources
    source = project.sources[source_name].decode("utf-8")
    ((_, at, to, _, _),) = _selections(project.document)
    # The export escapes a heading line inside the span with a backslash; nothing else moves.
    assert source[at:to].replace("\n\\", "\n") == passage.text


def test_a_passage_coded_through_the_notebook_is_in_its_valid_project(
    demo_notebook: Notebook,
) -> None:
    note = demo_notebook.notes()[0]
    obstacle = demo_notebook.obstacles()[0]
    words = note.description.split(".")[0]
    passage = demo_notebook.code_passage(
        note.id, "description", 0, len(words), obstacle_ids=[obstacle.id], memo="first line"
    )
    project = demo_notebook.qdpx_project()
    SCHEMA.validate(ET.fromstring(project.document))
    assert semantic_problems(project) == []
    ((source, start, end, codes, memo),) = _selections(project.document)
    text = project.sources[f"sources/{source}.txt"].decode("utf-8")
    assert text[start:end] == passage.text == words
    assert memo == "first line" and len(codes) == 1
