"""`fieldnotes import FILE.qdpx` / `FILE.qdc`: projects and codebooks from other QDA tools.

Our own export comes back exactly; each foreign tool's way of bending the standard is read;
every hostile file is refused with a clear error and nothing written.
"""

from __future__ import annotations

import contextlib
import io
import json
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks
from fieldnotes.domain.model import Note, NoteDraft, Obstacle, Passage, PrincipleLink, Quote
from fieldnotes.domain.qdpx import SECTION_HEADINGS, ProjectContents, build_project
from fieldnotes.domain.qdpx_plan import plan_import
from fieldnotes.domain.qdpx_read import read_qdpx
from fieldnotes.errors import FileFormatError
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.exchange import read_exchange

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE

FOREIGN = Path(__file__).parent / "data" / "refi-qda" / "foreign"
WHEN = datetime(2026, 10, 6, 14, 30)


def zipped(folder: Path) -> bytes:
    """A fixture folder as the `.qdpx` a tool would write (its files, byte for byte)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.writestr(path.relative_to(folder).as_posix(), path.read_bytes())
    return buffer.getvalue()


def archive_of(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def fresh(path: Path) -> Notebook:
    return Notebook.create(
        path,
        TEST_PASSPHRASE,
        kdf=FLOOR_KDF,
        frameworks=load_frameworks(builtin_framework_paths()),
    )


@pytest.fixture
def target(empty_notebook: Notebook) -> Notebook:
    """A fresh notebook (the cheap test KDF, the built-in frameworks) to import into."""
    return empty_notebook


def state(notebook: Notebook) -> tuple[int, int, int, int]:
    return (
        len(notebook.notes()),
        len(notebook.obstacles()),
        len(notebook.memos()),
        notebook._store.counts().get("note", 0),
    )


# --- our own export, back again --------------------------------------------------------------

DESCRIPTION = (
    "Duty worker re-entered the plan twice 🙂 after the session timed out.\r\n"
    "## Asides\r\n"
    "She said it happens daily; 𝄞 the team laughs it off."
)
ASIDES = "## Quotes\nI wonder whether anyone has told IT.\r\nAsk 👩🏽‍⚕️ the manager."


def _source_notebook(path: Path) -> Notebook:
    notebook = fresh(path)
    principles = sorted(notebook.principles())
    it = notebook.add_obstacle("IT system", description="Logs people out\r\nmid-visit.")
    logins = notebook.add_obstacle("Logins", parent_id=it.id, status="evidenced")
    notebook.update_obstacle(logins.id, ask="Longer sessions", decision="Agreed: 4 hours")
    kpi = notebook.add_obstacle("KPI pressure")
    start = DESCRIPTION.index("timed out")
    aside_start = ASIDES.index("anyone has told IT")
    first = notebook.add_note(
        NoteDraft(
            mode="co-work",
            stage="write-up",
            occurred_at=WHEN,
            team=" Westfield Assessment ",
            setting="Home visit",
            description=DESCRIPTION,
            asides=ASIDES,
            quotes=[Quote("I write it on paper first now", "social worker"), Quote("No speaker")],
            follow_up="- Ask IT about session length.\n## Follow-up\nand again",
            principles=[PrincipleLink(principles[0], "at-risk")],
            obstacle_ids=[kpi.id],
            passages=[
                Passage(
                    id="p1",
                    field="description",
                    start=start,
                    end=start + len("timed out"),
                    text="timed out",
                    obstacle_ids=(logins.id,),
                    principles=(PrincipleLink(principles[1], "honoured"),),
                    memo="The second time\r\ntoday.",
                ),
                Passage(
                    id="p2",
                    field="asides",
                    start=aside_start,
                    end=aside_start + len("anyone has told IT.\r\nAsk 👩🏽‍⚕️"),
                    text="anyone has told IT.\r\nAsk 👩🏽‍⚕️",
                    obstacle_ids=(it.id, kpi.id),
                ),
            ],
        )
    )
    second = notebook.add_note(
        NoteDraft(mode="question", stage="jotting", occurred_at=WHEN, asides="Only an aside.")
    )
    notebook.add_memo(
        "integrative", "Across visits", "IT again.\r\nAnd again.", note_ids=[first.id, second.id]
    )
    notebook.add_memo("code", "", "On logins.", obstacle_ids=[logins.id])
    return notebook


def _comparable(notebook: Notebook) -> dict[str, object]:
    path = notebook.obstacle_path

    def note(n: Note) -> tuple[object, ...]:
        return (
            n.mode,
            n.stage,
            n.occurred_at,
            n.team,
            n.setting,
            n.description,
            n.asides,
            n.quotes,
            n.follow_up,
            n.principles,
            sorted(path(o) for o in n.obstacle_ids),
            [
                (
                    p.field,
                    p.start,
                    p.end,
                    p.text,
                    sorted(map(path, p.obstacle_ids)),
                    p.principles,
                    p.memo,
                )
                for p in n.passages
            ],
        )

    notes = sorted(notebook.notes(), key=lambda n: (n.occurred_at, n.description))
    label = {n.id: i for i, n in enumerate(notes)}
    return {
        "notes": [note(n) for n in notes],
        "codebook": [
            (path(o.id), o.description, o.status, o.ask, o.decision) for o in notebook.obstacles()
        ],
        "memos": sorted(
            (
                m.kind,
                m.title,
                m.body,
                sorted(label[i] for i in m.note_ids),
                sorted(map(path, m.obstacle_ids)),
            )
            for m in notebook.memos()
        ),
    }


def test_our_export_imports_into_a_fresh_notebook_exactly(tmp_path: Path, target: Notebook) -> None:
    source = _source_notebook(tmp_path / "source.fieldnotes")
    try:
        archive = source.qdpx_project().archive()
        expected = _comparable(source)
    finally:
        source.close()
    result = target.import_exchange(read_exchange(archive, "notes.qdpx"))
    assert _comparable(target) == expected
    assert len(result.notes) == 2 and result.passages == 2 and result.memos_added == 2
    assert result.principle_codes > 0 and result.obstacles_added == 3
    assert result.schema_problems == ()


def test_importing_the_same_project_twice_adds_nothing(tmp_path: Path, target: Notebook) -> None:
    source = _source_notebook(tmp_path / "source.fieldnotes")
    try:
        archive = source.qdpx_project().archive()
    finally:
        source.close()
    target.import_exchange(read_exchange(archive, "notes.qdpx"))
    before = _comparable(target)
    again = target.import_exchange(read_exchange(archive, "notes.qdpx"))
    assert _comparable(target) == before
    assert (len(again.notes), again.already, again.obstacles_added) == (0, 2, 0)
    assert again.memos_already == 2


def test_a_framework_the_notebook_lacks_comes_in_as_obstacles_and_says_so(
    tmp_path: Path,
) -> None:
    source = _source_notebook(tmp_path / "source.fieldnotes")
    try:
        archive = source.qdpx_project().archive()
        linked = {p for n in source.notes() for p in n.principles}
        framework_names = {f.name for f in source.frameworks()}
    finally:
        source.close()
    bare = Notebook.create(tmp_path / "bare.fieldnotes", TEST_PASSPHRASE, kdf=FLOOR_KDF)
    try:
        result = bare.import_exchange(read_exchange(archive, "notes.qdpx"))
        assert linked and result.principle_codes == 0
        assert all(note.principles == [] for note in bare.notes())
        top = {o.name for o in bare.obstacle_children(None)}
        assert framework_names <= top
        assert {
            f"framework {name!r} is not in this notebook: its codes are obstacles"
            for name in framework_names
        } <= set(result.notices)
        stance_obstacles = [o for o in bare.obstacles() if o.name in ("honoured", "at risk")]
        assert stance_obstacles  # the stance codes are kept, as obstacles, with their codings
    finally:
        bare.close()


_PIECES = ["a", "b c", "\r\n", "\n", "🙂", "𝄞", "é", " — ", "\\", "> ", *SECTION_HEADINGS]


def _no_literal_escape(text: str) -> bool:
    """A line that is literally a backslash and a heading reads back as the heading: the
    one text the layout cannot tell from an escaped one (docs/exchange.md says so)."""
    return all(
        not (line.startswith("\\") and line[1:].rstrip("\r") in SECTION_HEADINGS)
        for line in text.split("\n")
    )


@given(
    description=st.lists(st.sampled_from(_PIECES), min_size=1, max_size=10).map("".join),
    asides=st.lists(st.sampled_from(_PIECES), max_size=8).map("".join),
    follow_up=st.lists(st.sampled_from(_PIECES), max_size=6).map("".join),
    in_asides=st.booleans(),
    span=st.tuples(st.integers(0, 60), st.integers(1, 20)),
)
def test_any_text_and_passage_come_back_from_our_layout(
    description: str, asides: str, follow_up: str, in_asides: bool, span: tuple[int, int]
) -> None:
    assume(description.strip() and all(map(_no_literal_escape, (description, asides, follow_up))))
    field: Literal["description", "asides"] = "asides" if in_asides and asides else "description"
    text = asides if field == "asides" else description
    start = min(span[0], len(text) - 1)
    end = min(start + span[1], len(text))
    passage = Passage("p", field, start, end, text[start:end], ("o",))
    note = Note(
        id="n",
        mode="observe",
        stage="write-up",
        occurred_at=WHEN,
        created_at=WHEN,
        updated_at=WHEN,
        revision=1,
        description=description,
        asides=asides,
        follow_up=follow_up,
        passages=[passage],
    )
    tree = ObstacleTree([Obstacle(id="o", name="Obstacle")])
    contents = ProjectContents("nb", "n", [note], tree, [], [], "me", datetime.now(UTC))
    project = read_qdpx(build_project(contents).archive(), "n.qdpx")
    plan = plan_import(project, ObstacleTree([]), [])
    (planned,) = plan.notes
    draft = planned.draft
    assert (draft.description, draft.asides, draft.follow_up) == (description, asides, follow_up)
    (back,) = draft.passages
    assert (back.field, back.start, back.end) == (field, start, end)
    assert back.text == passage.text


# --- other tools ------------------------------------------------------------------------------


def _paths(notebook: Notebook, note: Note) -> list[tuple[str, list[str], str]]:
    return [
        (p.text, [notebook.obstacle_path(o) for o in p.obstacle_ids], p.memo) for p in note.passages
    ]


def test_a_qualcoder_project_with_a_byte_order_mark_in_its_source(target: Notebook) -> None:
    result = target.import_exchange(read_exchange(zipped(FOREIGN / "qualcoder"), "qc.qdpx"))
    (note,) = result.notes
    assert note.description.startswith("Home visit with the duty worker.")  # no BOM kept
    assert _paths(target, note) == [
        ("The laptop logged her out twice", ["Recording/Case-management IT"], ""),
        ("nobody had asked what she thought would help", ["Families not heard"], ""),
    ]
    (memo,) = target.memos()
    assert (memo.title, memo.note_ids) == ("Journal: first visits", [note.id])
    assert "1 picture source(s): a note holds text only" in result.set_aside
    assert "1 coding(s) on picture sources" in result.set_aside
    assert "1 variable value(s) with no place in a note" in result.set_aside


def test_an_atlas_ti_project_counting_crlf_as_one_position(target: Notebook) -> None:
    """ATLAS.ti names its project file after the archive and counts a CRLF as one."""
    result = target.import_exchange(read_exchange(zipped(FOREIGN / "atlas"), "atlas.qdpx"))
    (note,) = result.notes
    assert "\r" not in note.description
    assert _paths(target, note) == [
        (
            "The manager went through the KPI sheet case by case.",
            ["Timescale and KPI pressure/Supervision as case management"],
            "",
        ),
        ("Nobody talked about the children themselves.", ["Child's voice missing"], ""),
    ]
    assert target.find_obstacle("Child's voice missing").description.startswith("Where the")
    assert note.occurred_at == datetime(2026, 10, 1, 17, 30, tzinfo=UTC).astimezone().replace(
        tzinfo=None
    )
    assert [m.title for m in target.memos()] == ["Memo: the KPI sheet"]
    assert "1 set(s)" in result.set_aside


def test_a_maxqda_comment_with_no_coding_is_a_passage_with_a_memo(target: Notebook) -> None:
    result = target.import_exchange(read_exchange(zipped(FOREIGN / "maxqda"), "mx.qdpx"))
    (note,) = result.notes
    assert (note.mode, note.team) == ("question", "North Locality")
    assert _paths(target, note) == [
        (
            "Police and school joined late; the health visitor never did.",
            ["Partnership friction"],
            "",
        ),
        ("without the family's network", [], "Ask who decided the network need not be invited."),
    ]


def test_an_nvivo_project_with_utf16_positions_and_a_linked_annotation(
    target: Notebook,
) -> None:
    result = target.import_exchange(read_exchange(zipped(FOREIGN / "nvivo"), "nv.qdpx"))
    (note,) = result.notes
    assert "🙂" in note.description
    assert _paths(target, note) == [
        (
            "rang the family before going, to ask what time suited them",
            ["Relationship-based practice/Family trusted ∕ asked"],
            "",
        )
    ]
    assert [target.obstacle_path(o) for o in note.obstacle_ids] == ["Relationship-based practice"]
    (memo,) = target.memos()
    assert (memo.title, memo.note_ids) == ("Annotation", [note.id])
    assert "1 PDF source(s): a note holds text only" in result.set_aside
    assert "1 coding(s) on PDF sources" in result.set_aside
    assert any("'Family trusted / asked'" in notice for notice in result.notices)


def test_a_codebook_imports_codes_only_and_matches_what_is_there(target: Notebook) -> None:
    target.add_obstacle("Workforce churn")
    data = (FOREIGN / "codebook.qdc").read_bytes()
    result = target.import_exchange(read_exchange(data, "codebook.qdc"))
    assert [target.obstacle_path(o.id) for o in target.obstacles()] == [
        "Workforce churn",
        "Workforce churn/Agency staff",
        "Delays in services",
    ]
    assert (result.obstacles_added, result.codes_matched, result.notes) == (2, 1, [])
    assert "1 set(s) of codes: a notebook's codebook has no sets" in result.set_aside


def test_an_atlas_codebook_with_code_groups_imports_and_meets_the_codebook_schema(
    target: Notebook,
) -> None:
    # ATLAS.ti names a group's member codes by their own `guid`, as the Codebook schema says:
    # a reference, which the check for GUIDs used twice must not take for a second code.
    data = (FOREIGN / "atlas-codebook.qdc").read_bytes()
    exchange = read_exchange(data, "atlas-codebook.qdc")
    assert exchange.schema_problems == ()
    result = target.import_exchange(exchange)
    assert [target.obstacle_path(o.id) for o in target.obstacles()] == [
        "Recording burden",
        "Recording burden/Duplicate entry",
        "KPI pressure",
        "Risk aversion",
    ]
    assert result.obstacles_added == 4
    assert result.schema_problems == ()


def test_a_codebook_that_breaks_the_codebook_schema_is_read_and_says_where(
    target: Notebook,
) -> None:
    # Our QualCoder-style fixture names set members with the project schema's `targetGUID`.
    data = (FOREIGN / "codebook.qdc").read_bytes()
    result = target.import_exchange(read_exchange(data, "codebook.qdc"))
    assert result.obstacles_added == 3
    assert result.schema_problems == (
        "/CodeBook/Sets/Set/MemberCode: missing required attribute 'guid'",
        "/CodeBook/Sets/Set/MemberCode: 'targetGUID' attribute not allowed for element",
    )
    assert "The file breaks the REFI-QDA schema here (read anyway):" in result.lines()


# The codebook of the REFI-QDA 1.5 specification's Annex A.1 (MIT licence), as printed there:
# braced and bare GUIDs, categories that cannot be coded, colours in lower case.
SPECIFICATION_CODEBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:qda="urn:QDA-XML:codebook:1.0"
xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="urn:QDA-XML:codebook:1.0
http://schema.qdasoftware.org/versions/Codebook/v1.0/Codebook.xsd">
<Codes>
<Code guid="{5215cc69-b628-4e02-afb9-9beeaee55808}" name="Topics" isCodable="false">
</Code>
<Code guid="{d7aa29da-519b-4946-9b90-253b6db8fd0a}" name="Economy" isCodable="true"
color="#ffff00">
<Description>Anything about jobs or taxes or business</Description>
</Code> <Code guid="{0dcef2f5-e55c-49da-8c33-9b0803c7aeb4}" name="Health care"
isCodable="true" color="#33cc33">
<Description>Health care issues, doctor, patients, etc.</Description>
</Code>
<Code guid="9fa9bcb7-5b59-47a9-8c3e-f65cffdc7520" name="Values" isCodable="false">
</Code>
<Code guid="{7c108712-b650-4892-ac0b-fc9a10190c3b}" name="Conservatives" isCodable="true"
color="#ff0000">
<Description>Republicans or right-wing libertarians</Description>
</Code>
<Code guid="{12365523-1035-4afa-9e7b-281fe0bc51c5}" name="Liberals"  isCodable="true"
color="#0000ff">
<Description>Democrats, socialists, or progressive independents</Description>
</Code>
</Codes>
</CodeBook>
"""


def test_the_specifications_own_codebook_meets_the_shipped_schema_and_imports(
    target: Notebook,
) -> None:
    exchange = read_exchange(SPECIFICATION_CODEBOOK.encode(), "example.qdc")
    assert exchange.schema_problems == ()
    target.import_exchange(exchange)
    assert {o.name for o in target.obstacles()} == {
        "Topics",
        "Economy",
        "Health care",
        "Values",
        "Conservatives",
        "Liberals",
    }


# --- hostile and broken files -----------------------------------------------------------------

_PROJECT = (
    '<?xml version="1.0"?><Project xmlns="urn:QDA-XML:project:1.0" name="x" origin="t">'
    "{body}</Project>"
)


def _project(body: str, **sources: bytes) -> bytes:
    members = {"project.qde": _PROJECT.format(body=body).encode()}
    members.update({f"sources/{name}": data for name, data in sources.items()})
    return archive_of(members)


def _source(text_file: str, selections: str = "", guid: str = "A") -> str:
    return (
        f'<Sources><TextSource guid="{guid}" name="s" plainTextPath="internal://{text_file}">'
        f"{selections}</TextSource></Sources>"
    )


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="&lol2;"/>'
)
EXTERNAL = (
    b'<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>'
)
HOSTILE = {
    "not a zip": (b"just some bytes", "not a readable zip archive"),
    "no project inside": (archive_of({"readme.txt": b"hi"}), "has no project.qde"),
    "a member leaving the archive": (
        archive_of({"project.qde": _PROJECT.format(body="").encode(), "../evil.txt": b"x"}),
        "leaves the archive",
    ),
    "a source path leaving the archive": (
        _project(_source("../../etc/passwd")),
        "points outside the archive",
    ),
    "entity expansion": (archive_of({"project.qde": LAUGHS}), "document type"),
    "an external entity": (archive_of({"project.qde": EXTERNAL}), "document type"),
    "a GUID used twice": (
        _project(_source("a.txt") + '<Notes><Note guid="a" name="m"/></Notes>', **{"a.txt": b"x"}),
        "used twice",
    ),
    "a selection outside its text": (
        _project(
            _source("a.txt", '<PlainTextSelection guid="S" startPosition="2" endPosition="9"/>'),
            **{"a.txt": b"short"},
        ),
        "lies outside its text",
    ),
    "a missing source file": (_project(_source("gone.txt")), "sources/gone.txt is missing"),
    "a source that is not text": (_project(_source("a.txt"), **{"a.txt": b"\xff\xfe\xfa"}), "UTF"),
    "deep nesting": (
        archive_of({"project.qde": b"<Project>" + b"<a>" * 200 + b"</a>" * 200 + b"</Project>"}),
        "nests deeper",
    ),
    "broken XML": (archive_of({"project.qde": b"<Project><Users></Project>"}), "well-formed"),
}


def test_member_names_with_backslashes_and_url_escapes_are_found(target: Notebook) -> None:
    """Archives zipped on Windows can name `sources\\x.txt`; a path can be a URL (`%20`)."""
    data = archive_of(
        {
            "project.qde": _PROJECT.format(body=_source("my%20visit.txt")).encode(),
            "Sources\\my visit.txt": b"A visit written on Windows.",
        }
    )
    (note,) = target.import_exchange(read_exchange(data, "win.qdpx")).notes
    assert note.description == "A visit written on Windows."


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_a_hostile_or_broken_project_is_refused_and_nothing_is_written(
    case: str, target: Notebook
) -> None:
    data, message = HOSTILE[case]
    before = state(target)
    with pytest.raises(FileFormatError, match=message):
        target.import_exchange(read_exchange(data, "bad.qdpx"))
    assert state(target) == before


def test_a_zip_bomb_is_refused_by_its_declared_size(monkeypatch: pytest.MonkeyPatch) -> None:
    import fieldnotes.domain.qdpx_read as reader

    monkeypatch.setattr(reader, "MAX_UNPACKED_BYTES", 1 << 20)
    bomb = archive_of({"project.qde": b"<Project/>", "sources/zero.txt": bytes(4 << 20)})
    assert len(bomb) < 64 << 10  # small on disk, large unpacked
    with pytest.raises(FileFormatError, match="unpacks to 4,194,314 bytes"):
        read_exchange(bomb, "bomb.qdpx")


def test_too_many_members_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import fieldnotes.domain.qdpx_read as reader

    monkeypatch.setattr(reader, "MAX_MEMBERS", 10)
    many = archive_of({f"sources/{n}.txt": b"" for n in range(11)})
    with pytest.raises(FileFormatError, match="holds 11 files"):
        read_exchange(many, "many.qdpx")


def test_one_bad_note_stops_the_whole_import(target: Notebook) -> None:
    """The codes and the good note are not written when a later note cannot be kept."""
    body = (
        '<CodeBook><Codes><Code guid="C" name="A code" isCodable="true"/></Codes></CodeBook>'
        '<Variables><Variable guid="V" name="Team" typeOfVariable="Text"/></Variables>'
        '<Sources><TextSource guid="A" name="good" plainTextPath="internal://a.txt"/>'
        '<TextSource guid="B" name="bad" plainTextPath="internal://b.txt">'
        f'<VariableValue><VariableRef targetGUID="V"/><TextValue>{"t" * 300}</TextValue>'
        "</VariableValue></TextSource></Sources>"
    )
    data = _project(body, **{"a.txt": b"fine", "b.txt": b"also fine"})
    before = state(target)
    with pytest.raises(FileFormatError, match=r"bad\.qdpx: source 'bad'.*team is 300 characters"):
        target.import_exchange(read_exchange(data, "bad.qdpx"))
    assert state(target) == before


def test_a_failure_inside_the_transaction_writes_nothing(target: Notebook) -> None:
    data = zipped(FOREIGN / "qualcoder")
    before = state(target)

    def crash(point: str) -> None:
        if point == "exchange:after-notes":
            raise RuntimeError("power cut")

    target._store.fault_hook = crash
    with pytest.raises(RuntimeError):
        target.import_exchange(read_exchange(data, "qc.qdpx"))
    target._store.fault_hook = None
    assert state(target) == before


@given(st.binary(max_size=400))
def test_any_bytes_are_read_or_refused_with_a_file_format_error(data: bytes) -> None:
    for name in ("x.qdpx", "x.qdc"):
        with contextlib.suppress(FileFormatError):
            read_exchange(data, name)


_VALID = zipped(FOREIGN / "maxqda")


@given(st.integers(0, len(_VALID) - 1), st.integers(1, 255))
def test_a_damaged_archive_is_read_or_refused_with_a_file_format_error(at: int, flip: int) -> None:
    damaged = bytearray(_VALID)
    damaged[at] ^= flip
    with contextlib.suppress(FileFormatError):
        read_exchange(bytes(damaged), "x.qdpx")


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def closed_target(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cli.fieldnotes"
    fresh(path).close()
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", TEST_PASSPHRASE)
    return path


def test_the_command_imports_a_project_and_reports_as_json(
    closed_target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "atlas.qdpx"
    project.write_bytes(zipped(FOREIGN / "atlas"))
    assert main(["import", str(project), "--notebook", str(closed_target), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["origin"].startswith("ATLAS.ti") and len(report["notes"]) == 1
    assert "1 set(s)" in report["set_aside"]
    assert main(["import", str(project), "--notebook", str(closed_target)]) == 0
    out = capsys.readouterr().out
    assert "0 note(s), 1 already in the notebook" in out and "Set aside" in out
    with Notebook.open(closed_target) as notebook:
        notebook.unlock(TEST_PASSPHRASE)
        # What import wrote reads back whole: the manifest and every sealed field agree.
        assert notebook.integrity_problems() == ()
        assert [note.damaged for note in notebook.notes()] == [False]
        assert len(notebook.obstacles()) == 3 and len(notebook.memos()) == 1


def test_the_command_decrypts_an_encrypted_export_with_an_identity(
    closed_target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldnotes.crypto.age import encrypt_to_recipients, generate_identity

    secret, public = generate_identity()
    key = tmp_path / "key.txt"
    key.write_text(secret + "\n")
    sealed = tmp_path / "notes.qdpx.age"
    sealed.write_bytes(encrypt_to_recipients(zipped(FOREIGN / "maxqda"), [public]))
    argv = ["import", str(sealed), "--notebook", str(closed_target)]
    assert main(argv) == 1
    assert "--identity" in capsys.readouterr().err
    assert main([*argv, "--identity", str(key)]) == 0
    assert "1 note(s)" in capsys.readouterr().out


def test_the_command_refuses_a_project_beside_markdown_notes(
    closed_target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.qdpx"
    project.write_bytes(zipped(FOREIGN / "maxqda"))
    note = tmp_path / "n.md"
    note.write_text('+++\nmode = "observe"\nwhen = 2026-08-04\n+++\n\nA visit.\n')
    assert main(["import", str(project), str(note), "--notebook", str(closed_target)]) == 1
    assert "on its own" in capsys.readouterr().err
    assert main(["import", str(note), "--notebook", str(closed_target), "--json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["notes"]) == 1


def test_our_encrypted_export_imports_through_the_command_line(
    demo_path: Path, closed_target: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldnotes.crypto.age import generate_identity

    secret, public = generate_identity()
    key = tmp_path / "key.txt"
    key.write_text(secret + "\n")
    demo_phrase = tmp_path / "demo-phrase"
    demo_phrase.write_text(f"{DEMO_PASSPHRASE}\n")
    sealed = tmp_path / "notes.qdpx.age"
    export = ["export", "qdpx", "--notebook", str(demo_path), "--passphrase-file", str(demo_phrase)]
    assert main([*export, "--to", public, "--output", str(sealed)]) == 0
    capsys.readouterr()
    argv = ["import", str(sealed), "--notebook", str(closed_target), "--identity", str(key)]
    assert main([*argv, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    with Notebook.open(demo_path) as demo:
        demo.unlock(DEMO_PASSPHRASE)
        expected = len(demo.notes())
    assert report["origin"] == "fieldnotes" and len(report["notes"]) == expected
