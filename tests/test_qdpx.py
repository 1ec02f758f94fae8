"""REFI-QDA projects: valid against the published schema and sound where the schema is silent."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema
from hypothesis import given
from hypothesis import strategies as st

from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.model import (
    Framework,
    Memo,
    Note,
    Obstacle,
    Principle,
    PrincipleLink,
    Quote,
)
from fieldnotes.domain.qdpx import (
    NAMESPACE,
    ProjectContents,
    QdpxProject,
    build_project,
    read_archive,
    semantic_problems,
    source_text,
)
from fieldnotes.errors import FileFormatError

SCHEMA = xmlschema.XMLSchema(Path(__file__).parent / "data" / "refi-qda" / "Project-mrt2019.xsd")
WHEN = datetime(2026, 10, 6, 14, 30)
STAMP = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
OBSTACLES = [
    Obstacle(id="it", name="IT system", description="Case system logs people out mid-visit."),
    Obstacle(id="logins", name="Logins", parent_id="it", status="evidenced", ask="Longer sessions"),
    Obstacle(id="kpi", name="KPI pressure"),
]
FRAMEWORK = Framework(
    id="sos",
    name="Signs of Safety",
    short_name="SoS",
    principles=(
        Principle(
            id="sos.worried", framework_id="sos", code="1", title="What are we worried about?"
        ),
        Principle(id="sos.working", framework_id="sos", code="2", title="What's working well?"),
    ),
)


def note(note_id: str, **fields: object) -> Note:
    values: dict[str, object] = {
        "id": note_id,
        "mode": "observe",
        "stage": "write-up",
        "occurred_at": WHEN,
        "created_at": WHEN,
        "updated_at": WHEN,
        "revision": 1,
    }
    values.update(fields)
    return Note(**values)  # type: ignore[arg-type]


NOTES = [
    note(
        "n1",
        team="Westfield Assessment",
        description="Duty worker re-entered the plan twice after the session timed out.",
        asides="## Asides\nThe team laughed it off; it happens daily.",
        quotes=[Quote("I write it on paper first now", "social worker")],
        follow_up="Ask IT about session length.",
        obstacle_ids=["logins"],
        principles=[PrincipleLink("sos.worried", "at-risk")],
    ),
    note(
        "n2",
        mode="co-work",
        team="Eastgate CIN",
        description="Line one\r\nLine two with an emoji 🧸 and a CRLF.",
        obstacle_ids=["kpi", "it"],
    ),
    note("n3", mode="question", description="No links here."),
]
MEMOS = [
    Memo(
        id="m1",
        kind="code",
        title="Why logins matter",
        body="Three teams say so.",
        note_ids=["n1"],
        obstacle_ids=["logins"],
    ),
]


def contents(**changes: object) -> ProjectContents:
    values: dict[str, object] = {
        "notebook_id": "3f9c",
        "name": "Practice observations 2026",
        "notes": NOTES,
        "obstacles": ObstacleTree(OBSTACLES),
        "frameworks": [FRAMEWORK],
        "memos": MEMOS,
        "user_name": "Principal social worker",
        "exported_at": STAMP,
    }
    values.update(changes)
    return ProjectContents(**values)  # type: ignore[arg-type]


def codes_by_guid(project: QdpxProject) -> dict[str, str]:
    """Every code's GUID and name: what a reader (or a test) looks codings up by."""
    root = ET.fromstring(project.document)
    return {c.get("guid", ""): c.get("name", "") for c in root.iter(f"{{{NAMESPACE}}}Code")}


def iter_codings(project: QdpxProject) -> Iterator[tuple[str, int, int, str]]:
    """(source GUID, start, end, code GUID) for every coded selection."""
    root = ET.fromstring(project.document)
    for source in root.iter(f"{{{NAMESPACE}}}TextSource"):
        for selection in source.iter(f"{{{NAMESPACE}}}PlainTextSelection"):
            for ref in selection.iter(f"{{{NAMESPACE}}}CodeRef"):
                yield (
                    source.get("guid", ""),
                    int(selection.get("startPosition", "0")),
                    int(selection.get("endPosition", "0")),
                    ref.get("targetGUID", ""),
                )


@pytest.fixture(scope="module")
def project() -> QdpxProject:
    return build_project(contents())


def test_the_project_validates_against_the_refi_qda_schema(project: QdpxProject) -> None:
    SCHEMA.validate(ET.fromstring(project.document))
    assert semantic_problems(project) == []


def test_an_empty_notebook_is_still_a_valid_project() -> None:
    empty = build_project(contents(notes=[], memos=[], obstacles=ObstacleTree([])))
    SCHEMA.validate(ET.fromstring(empty.document))
    assert semantic_problems(empty) == []


def test_codes_are_the_obstacle_tree_and_principles_with_their_stances(
    project: QdpxProject,
) -> None:
    root = ET.fromstring(project.document)
    ns = {"q": NAMESPACE}
    top = root.findall("q:CodeBook/q:Codes/q:Code", ns)
    assert [c.get("name") for c in top] == ["Systems obstacles", "Signs of Safety"]
    assert [c.get("isCodable") for c in top] == ["false", "false"]
    it = top[0].find("q:Code", ns)
    assert it is not None and it.get("name") == "IT system"
    assert [c.get("name") for c in it.findall("q:Code", ns)] == ["Logins"]
    principle = top[1].find("q:Code", ns)
    assert principle is not None and principle.get("isCodable") == "false"
    assert [c.get("name") for c in principle.findall("q:Code", ns)] == ["honoured", "at risk"]


def test_every_link_is_a_coding_over_the_whole_source_text(project: QdpxProject) -> None:
    names = codes_by_guid(project)
    coded: dict[str, set[str]] = {}
    for source, start, end, code in iter_codings(project):
        text = project.sources[f"sources/{source}.txt"].decode("utf-8")
        assert (start, end) == (0, len(text))
        coded.setdefault(text.split("\n", 1)[0], set()).add(names[code])
    assert coded == {
        "Duty worker re-entered the plan twice after the session timed out.": {
            "Logins",
            "at risk",
        },
        "Line one\r": {"KPI pressure", "IT system"},
    }


def test_offsets_count_code_points_so_crlf_and_emoji_round_trip_exactly(
    project: QdpxProject,
) -> None:
    text = source_text(NOTES[1])
    raw = project.sources[next(n for n in project.sources if "🧸".encode() in project.sources[n])]
    assert raw.decode("utf-8") == text and not raw.startswith(b"\xef\xbb\xbf")
    assert "\r\n" in text and len(text) == len(raw.decode("utf-8"))
    assert len(text.encode("utf-8")) > len(text)  # bytes and code points differ here


def test_a_section_heading_typed_inside_a_note_is_escaped() -> None:
    text = source_text(NOTES[0])
    assert text.count("\n## Asides\n") == 1
    assert "\\## Asides\nThe team laughed" in text
    assert "> I write it on paper first now — social worker" in text


def test_teams_are_cases_variables_hold_mode_and_date_and_memos_are_notes(
    project: QdpxProject,
) -> None:
    root = ET.fromstring(project.document)
    ns = {"q": NAMESPACE}
    assert [c.get("name") for c in root.findall("q:Cases/q:Case", ns)] == [
        "Eastgate CIN",
        "Westfield Assessment",
    ]
    values = [v.text for v in root.iter(f"{{{NAMESPACE}}}TextValue")]
    assert {"observe", "co-work", "question", "write-up"} <= set(values)
    assert "2026-10-06T14:30:00" in [v.text for v in root.iter(f"{{{NAMESPACE}}}DateTimeValue")]
    memo = root.find("q:Notes/q:Note", ns)
    assert memo is not None and memo.get("name") == "Why logins matter"
    memo_guid = memo.get("guid")
    refs = [r.get("targetGUID") for r in root.iter(f"{{{NAMESPACE}}}NoteRef")]
    assert refs.count(memo_guid) == 2  # from the note and from the Logins code


def test_exporting_twice_gives_the_same_bytes(project: QdpxProject) -> None:
    again = build_project(contents())
    assert again.archive() == project.archive()
    other = build_project(contents(notebook_id="another"))
    assert set(other.sources).isdisjoint(project.sources)


def test_the_archive_holds_the_project_and_private_sources(project: QdpxProject) -> None:
    with zipfile.ZipFile(BytesIO(project.archive())) as archive:
        names = archive.namelist()
        assert names[0] == "project.qde"
        assert sorted(names[1:]) == sorted(project.sources)
    assert read_archive(project.archive(), name="x.qdpx", limit=1 << 20) == project
    with pytest.raises(FileFormatError, match="more than"):
        read_archive(project.archive(), name="x.qdpx", limit=10)
    with pytest.raises(FileFormatError, match="not a readable zip"):
        read_archive(b"PK\x03\x04 broken", name="x.qdpx", limit=1 << 20)


@given(st.text(max_size=80), st.text(max_size=40))
def test_any_text_gives_a_valid_project(description: str, team: str) -> None:
    """Control characters XML cannot carry, lone surrogates, CRs: still valid, still sound."""
    tricky = note("t", description=description, team=team, obstacle_ids=["kpi"])
    built = build_project(contents(notes=[tricky], memos=[]))
    SCHEMA.validate(ET.fromstring(built.document))
    assert semantic_problems(built) == []


# --- the checks beyond the schema, each shown to catch what it names ------------------------


def _edited(project: QdpxProject, old: bytes, new: bytes) -> QdpxProject:
    assert old in project.document
    return QdpxProject(project.document.replace(old, new, 1), project.sources)


def test_a_duplicate_guid_is_found(project: QdpxProject) -> None:
    root = ET.fromstring(project.document)
    first, second = [e.get("guid") for e in root.iter(f"{{{NAMESPACE}}}Code")][:2]
    assert first and second
    broken = _edited(project, f'guid="{second}"'.encode(), f'guid="{first}"'.encode())
    assert any("used twice" in p for p in semantic_problems(broken))


def test_a_reference_to_nothing_is_found(project: QdpxProject) -> None:
    target = next(iter_codings(project))[3]
    broken = _edited(
        project,
        f'targetGUID="{target}"'.encode(),
        b'targetGUID="00000000-0000-0000-0000-000000000000"',
    )
    assert any("points at nothing" in p for p in semantic_problems(broken))


def test_a_selection_past_its_text_is_found(project: QdpxProject) -> None:
    _, _, end, _ = next(iter_codings(project))
    broken = _edited(project, f'endPosition="{end}"'.encode(), f'endPosition="{end + 1}"'.encode())
    assert any("outside its source" in p for p in semantic_problems(broken))


def test_a_missing_file_a_bom_and_a_bad_colour_are_found(project: QdpxProject) -> None:
    first = sorted(project.sources)[0]
    missing = QdpxProject(
        project.document, {k: v for k, v in project.sources.items() if k != first}
    )
    assert any("missing from the archive" in p for p in semantic_problems(missing))
    bom = QdpxProject(
        project.document, {**project.sources, first: b"\xef\xbb\xbf" + project.sources[first]}
    )
    assert any("byte-order mark" in p for p in semantic_problems(bom))
    colour = _edited(project, b'color="#B5533C"', b'color="#B5533"')
    assert any("not #RRGGBB" in p for p in semantic_problems(colour))


def test_an_empty_sets_element_is_found(project: QdpxProject) -> None:
    broken = _edited(project, b"</Project>", b"<Sets /></Project>")
    assert "an empty <Sets/>" in semantic_problems(broken)
