"""Markdown note files: parsing, every error with its line, and the export round trip."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.domain.frameworks import sample_data_dir
from fieldnotes.domain.importer import (
    format_note,
    parse_note_file,
    parse_note_text,
    read_note_files,
    split_sections,
)
from fieldnotes.domain.model import MODES, STAGES, NoteDraft, PrincipleLink, Quote
from fieldnotes.errors import FileFormatError

FULL = """\
+++
mode = "observe"
stage = "write-up"
when = 2026-08-04T10:15:00
team = "Northfield Assessment Team"
setting = "Group supervision"
participants = ["team manager", "social worker"]
consent = "Agreed at the start."
principles = ["sos.worried", "kss-pl.2:at-risk", "pcf.reflection:honoured"]
obstacles = ["Recording burden", "IT system / Duplicate data entry"]

[[quotes]]
speaker = "social worker"
text = "I spend more time feeding the system than seeing the family."

[[quotes]]
text = "Let's not solve it yet."
+++

The worker read from her laptop.

Then she closed it.

## Asides

The laptop-first opening may come from the system.

## Follow-up questions

- How often does group supervision happen?
"""


def parse_error(text: str) -> FileFormatError:
    with pytest.raises(FileFormatError) as caught:
        parse_note_text(text, "note.md")
    return caught.value


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    hits = [n for n, line in enumerate(text.split("\n"), start=1) if fragment in line]
    return hits[occurrence - 1]


def note(front: str, body: str = "Body.") -> str:
    return f'+++\nmode = "observe"\nwhen = 2026-08-04\n{front}\n+++\n{body}\n'


# --- parsing -------------------------------------------------------------------------------


def test_full_note() -> None:
    imported = parse_note_text(FULL, "full.md")
    draft = imported.draft
    assert imported.source == "full.md"
    assert draft == NoteDraft(
        mode="observe",
        stage="write-up",
        occurred_at=datetime(2026, 8, 4, 10, 15),
        team="Northfield Assessment Team",
        setting="Group supervision",
        participants=["team manager", "social worker"],
        description="The worker read from her laptop.\n\nThen she closed it.",
        asides="The laptop-first opening may come from the system.",
        quotes=[
            Quote("I spend more time feeding the system than seeing the family.", "social worker"),
            Quote("Let's not solve it yet."),
        ],
        consent="Agreed at the start.",
        follow_up="- How often does group supervision happen?",
        principles=[
            PrincipleLink("sos.worried", "honoured"),
            PrincipleLink("kss-pl.2", "at-risk"),
            PrincipleLink("pcf.reflection", "honoured"),
        ],
    )
    # Spaces around the path separator are not part of the names.
    assert imported.obstacle_names == ("Recording burden", "IT system/Duplicate data entry")


def test_jotting_with_a_date_only_gets_nine_am_and_a_single_line() -> None:
    text = '+++\nmode = "question"\nstage = "jotting"\nwhen = 2026-08-05\n+++\nAsk about MASH.\n'
    draft = parse_note_text(text).draft
    assert (draft.stage, draft.occurred_at) == ("jotting", datetime(2026, 8, 5, 9, 0))
    assert (draft.description, draft.asides, draft.follow_up) == ("Ask about MASH.", "", "")


def test_stage_defaults_to_write_up_and_empty_body_is_allowed() -> None:
    draft = parse_note_text('+++\nmode = "co-work"\nwhen = 2026-08-05T14:00:00\n+++\n').draft
    assert draft.stage == "write-up"
    assert draft.description == ""


def test_offset_datetime_is_converted_to_local_time() -> None:
    draft = parse_note_text(
        note("", "").replace("when = 2026-08-04", "when = 2026-08-04T10:00:00Z")
    )
    expected = datetime(2026, 8, 4, 10, tzinfo=UTC).astimezone().replace(tzinfo=None)
    assert draft.draft.occurred_at == expected


def test_sections_asides_only_and_follow_up_only() -> None:
    only_asides = parse_note_text(note("", "What.\n## asides\nWhy.")).draft
    assert (only_asides.description, only_asides.asides) == ("What.", "Why.")
    only_follow_up = parse_note_text(note("", "What.\n\n## Follow-up\n\n- ask\n\n")).draft
    assert (only_follow_up.description, only_follow_up.follow_up) == ("What.", "- ask")
    assert only_follow_up.asides == ""


def test_sections_keep_inner_blank_lines_and_indentation() -> None:
    body = "\n\n    indented code\n\n\nlast line  \n\n## Asides\n \t\n"
    draft = parse_note_text(note("", body)).draft
    assert draft.description == "    indented code\n\n\nlast line  "
    assert draft.asides == ""


def test_heading_inside_a_fenced_block_stays_in_the_description() -> None:
    body = "Before.\n```markdown\n## Asides\n## Follow-up\n```\nAfter.\n## Asides\nReal aside."
    draft = parse_note_text(note("", body)).draft
    assert draft.description == "Before.\n```markdown\n## Asides\n## Follow-up\n```\nAfter."
    assert draft.asides == "Real aside."


def test_tilde_fence_is_not_closed_by_backticks() -> None:
    body = "~~~\n```\n## Asides\n~~~\n## Asides\nA."
    draft = parse_note_text(note("", body)).draft
    assert draft.description == "~~~\n```\n## Asides\n~~~"
    assert draft.asides == "A."


def test_escaped_heading_is_text() -> None:
    draft = parse_note_text(note("", "Said:\n\\## Asides\n## Asides\nA.")).draft
    assert draft.description == "Said:\n## Asides"
    assert draft.asides == "A."


def test_other_headings_are_ordinary_text() -> None:
    body = "## Context\nText.\n### Asides\nMore.\n## Asides and more"
    assert parse_note_text(note("", body)).draft.description == body


def test_bom_and_crlf() -> None:
    text = "\ufeff" + FULL.replace("\n", "\r\n")
    assert parse_note_text(text).draft == parse_note_text(FULL).draft


def test_bom_and_crlf_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "windows.md"
    path.write_bytes(b"\xef\xbb\xbf" + FULL.replace("\n", "\r\n").encode())
    imported = parse_note_file(path)
    assert imported.source == str(path)
    assert imported.draft.asides == "The laptop-first opening may come from the system."


def test_split_sections_for_a_body_without_front_matter() -> None:
    body = "\r\nWhat.\r\n\r\n## Asides\r\nWhy.\r\n## Follow-up\r\n- ask\r\n"
    assert split_sections(body) == ("What.", "Why.", "- ask")
    with pytest.raises(FileFormatError) as caught:
        split_sections("a\n## Follow-up\nb\n## Asides\n", source="stdin")
    assert str(caught.value).startswith("stdin:4: ")


# --- errors and their lines ----------------------------------------------------------------


def test_missing_opening_delimiter() -> None:
    error = parse_error("mode = 'observe'\n+++\n")
    assert str(error).startswith("note.md:1: a note must start with")


def test_missing_closing_delimiter() -> None:
    error = parse_error('+++\nmode = "observe"\nwhen = 2026-08-04\n\nBody text\n')
    assert error.line == 1
    assert "never closed" in error.problem


@pytest.mark.parametrize("text", ["", "\n \n"])
def test_empty_note(text: str) -> None:
    error = parse_error(text)
    assert (error.line, "empty" in error.problem) == (1, True)


@pytest.mark.parametrize(
    ("front", "bad_line", "mentions"),
    [
        ('mood = "fine"', 'mood = "fine"', 'unknown key "mood"'),
        ('stage = "draft"', 'stage = "draft"', 'stage "draft" is not one of "jotting", "write-up"'),
        ("team = 3", "team = 3", "team must be a string"),
        ('participants = "team manager"', "participants", "must be a list of strings"),
        ('participants = ["a", " "]', "participants", "2nd entry in participants is empty"),
        ('principles = ["KSS.1"]', "principles", 'principle "KSS.1" is not written like'),
        ('principles = ["sos.worried:maybe"]', "principles", '"sos.worried:maybe"'),
        ('principles = ["sos.a", "sos.a:at-risk"]', "principles", '"sos.a" is listed twice'),
        ('obstacles = ["IT//Slow"]', "obstacles", "empty part"),
        ('obstacles = ["Slow", "slow"]', "obstacles", "listed twice"),
        ("[[quotes]]\nspeaker = 'sw'", "[[quotes]]", "the 1st [[quotes]] is missing its text"),
        ("[[quotes]]\ntext = 'a'\n[[quotes]]\ntext = ''", "text = ''", "2nd [[quotes]] has empty"),
        ("[[quotes]]\ntext = 'a'\nwho = 'x'", "who = 'x'", 'unknown key "who"'),
        ("[[quotes]]\ntext = 5", "text = 5", "must be a string"),
        ('quotes = ["a"]', "quotes =", "[[quotes]] tables"),
    ],
)
def test_front_matter_errors_point_at_their_line(front: str, bad_line: str, mentions: str) -> None:
    text = note(front)
    error = parse_error(text)
    assert error.line == line_of(text, bad_line), str(error)
    assert mentions in error.problem, str(error)
    assert str(error) == f"note.md:{error.line}: {error.problem}"


def test_bad_mode_and_missing_mode() -> None:
    text = '+++\nwhen = 2026-08-04\nmode = "watch"\n+++\n'
    error = parse_error(text)
    assert (error.line, error.problem) == (
        3,
        'mode "watch" is not one of "observe", "co-work", "question"',
    )
    error = parse_error("+++\nwhen = 2026-08-04\n+++\n")
    assert (error.line, "no mode" in error.problem) == (1, True)


def test_when_missing_quoted_or_time_only() -> None:
    assert "no when" in parse_error('+++\nmode = "observe"\n+++\n').problem
    for value in ('"2026-08-04"', "10:15:00"):
        text = f'+++\nmode = "observe"\n\nwhen = {value}\n+++\n'
        error = parse_error(text)
        assert error.line == 4
        assert "when must be a date" in error.problem


def test_toml_syntax_error_uses_the_file_line() -> None:
    text = '+++\nmode = "observe"\nwhen = 2026-08-04\nteam = Northfield\n+++\n'
    error = parse_error(text)
    assert error.line == 4
    assert error.problem.startswith("invalid TOML at column 8")


def test_second_asides_heading() -> None:
    text = note("", "A.\n## Asides\nB.\n## Asides\nC.")
    error = parse_error(text)
    assert error.line == line_of(text, "## Asides", occurrence=2)
    assert f"first is on line {line_of(text, '## Asides')}" in error.problem


def test_asides_after_follow_up() -> None:
    text = note("", "A.\n## Follow-up\nB.\n## ASIDES\nC.")
    error = parse_error(text)
    assert error.line == line_of(text, "## ASIDES")
    assert "must come before" in error.problem


def test_note_file_too_large_not_utf8_and_missing(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_text(note("", "x" * (1 << 20)))
    assert "larger than 1024 KiB" in str(_file_error(big))
    latin = tmp_path / "latin.md"
    text = note("", "caf\xe9")
    latin.write_bytes(text.encode("latin-1"))
    assert _file_error(latin).line == line_of(text, "caf\xe9")
    assert str(_file_error(tmp_path / "gone.md")) == f"{tmp_path / 'gone.md'}: no such file"


def _file_error(path: Path) -> FileFormatError:
    with pytest.raises(FileFormatError) as caught:
        parse_note_file(path)
    return caught.value


def test_parse_note_text_refuses_huge_text() -> None:
    assert "larger than" in parse_error(note("", "x" * (1 << 20))).problem


# --- reading many files --------------------------------------------------------------------


def test_read_note_files_expands_directories_sorted_and_recursive(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.md").write_text(note("", "two"))
    (tmp_path / "1.md").write_text(note("", "one"))
    (tmp_path / "readme.txt").write_text("not a note")
    (tmp_path / ".git" / "x.md").write_text("not a note either")
    single = tmp_path / "elsewhere.markdown"
    single.write_text(note("", "three"))
    notes = read_note_files([tmp_path, single])
    assert [n.draft.description for n in notes] == ["one", "two", "three"]


def test_read_note_files_is_all_or_nothing(tmp_path: Path) -> None:
    (tmp_path / "1.md").write_text(note("", "one"))
    (tmp_path / "2.md").write_text(note('mode2 = "x"'))
    with pytest.raises(FileFormatError) as caught:
        read_note_files([tmp_path])
    assert str(caught.value).startswith(f"{tmp_path / '2.md'}:4:")


def test_read_note_files_with_no_notes(tmp_path: Path) -> None:
    with pytest.raises(FileFormatError, match="no notes found"):
        read_note_files([tmp_path])
    with pytest.raises(FileFormatError, match="no such file"):
        read_note_files([tmp_path / "missing.md"])


def test_every_sample_note_parses() -> None:
    folder = sample_data_dir() / "notes"
    paths = sorted(folder.rglob("*.md"))
    assert paths, f"no sample notes in {folder}"
    notes = read_note_files([folder])
    assert len(notes) == len(paths)
    assert {n.draft.mode for n in notes} == set(MODES)
    for imported in notes:
        assert imported.draft.occurred_at is not None
        assert imported.draft.description


# --- nothing but FileFormatError, whatever the text ----------------------------------------

body_lines = st.sampled_from(
    ["## Asides", "## Follow-up", "## follow-up questions", "\\## Asides", "```", "~~~", "+++", ""]
)
note_like = st.builds(
    lambda front, body: f"+++\n{front}\n+++\n" + "\n".join(body),
    st.one_of(
        st.text(max_size=80),
        st.just('mode = "observe"\nwhen = 2026-08-04'),
        st.lists(
            st.sampled_from(
                [
                    'mode = "observe"',
                    'mode = "x"',
                    "when = 2026-08-04T10:00:00+14:00",
                    "when = 0001-01-01T00:00:00+01:00",
                    "when = 9999-12-31T23:59:59-01:00",
                    'principles = ["a.b:at-risk", "a.b"]',
                    'obstacles = ["/"]',
                    "[[quotes]]",
                    'text = "q"',
                    "quotes = 1",
                ]
            ),
            max_size=8,
        ).map("\n".join),
    ),
    st.lists(st.one_of(body_lines, st.text(max_size=20)), max_size=10),
)


@settings(max_examples=200, deadline=None)
@given(text=st.one_of(st.text(max_size=300), note_like))
def test_any_text_parses_or_raises_file_format_error(text: str) -> None:
    try:
        imported = parse_note_text(text)
    except FileFormatError as error:
        assert "\n" not in str(error)
        assert error.line is None or error.line >= 1
    else:
        assert imported.draft.mode in MODES


# --- format_note round trip ----------------------------------------------------------------

# Any character but the line breaks a parsed file normalises (CRLF) or splits on.
inline_text = st.text(st.characters(blacklist_characters="\n\r", codec="utf-8"), max_size=20)
# A visible character anywhere keeps a value non-blank without a slow filter.
visible = st.characters(blacklist_categories=("Z", "C"))
meaningful = st.builds(lambda pre, mark, post: pre + mark + post, inline_text, visible, inline_text)
tricky_lines = st.sampled_from(
    [
        "## Asides",
        "  ## Follow-up",
        "## FOLLOW-UP QUESTIONS ##",
        "\\## Asides",
        "\\\\## follow-up",
        "+++",
        "---",
        "# Heading",
        "    ## Asides",
    ]
)
_FENCE_LIKE = re.compile(r" {0,3}(```|~~~)")
plain_line = st.one_of(inline_text.filter(lambda s: not _FENCE_LIKE.match(s)), tricky_lines)


@st.composite
def fenced_block(draw: st.DrawFn) -> list[str]:
    fence = draw(st.sampled_from(["```", "~~~", "````"]))
    inner = draw(st.lists(st.one_of(plain_line, st.just("```")), max_size=3))
    # A shorter or different fence inside does not close the block.
    inner = [line for line in inner if line.strip() != fence and not line.startswith(fence)]
    return [fence + draw(st.sampled_from(["", "python", " text"])), *inner, fence]


@st.composite
def section(draw: st.DrawFn) -> str:
    blocks = draw(
        st.lists(st.one_of(plain_line.map(lambda line: [line]), fenced_block()), max_size=6)
    )
    lines = [line for block in blocks for line in block]
    # Blank lines around a section are not part of it (the parser trims them).
    while lines and not lines[0].strip(" \t"):
        lines.pop(0)
    while lines and not lines[-1].strip(" \t"):
        lines.pop()
    return "\n".join(lines)


slug = st.text("abcxyz0189-", min_size=1, max_size=8)
principle_ids = st.builds(lambda framework, code: f"{framework}.{code}", slug, slug)
# Each part of a path is stored stripped, so generate parts that start and end visibly.
solid = st.characters(blacklist_categories=("Z", "C"), blacklist_characters="/")
middle = st.text(st.characters(blacklist_characters="\n\r/", codec="utf-8"), max_size=10)
obstacle_part = st.one_of(solid, st.builds(lambda a, m, b: a + m + b, solid, middle, solid))
obstacle_names = st.lists(
    st.lists(obstacle_part, min_size=1, max_size=3).map("/".join),
    max_size=4,
    unique_by=str.casefold,
)


@st.composite
def drafts(draw: st.DrawFn) -> NoteDraft:
    return NoteDraft(
        mode=draw(st.sampled_from(MODES)),
        stage=draw(st.sampled_from(STAGES)),
        occurred_at=draw(st.datetimes()),
        team=draw(inline_text),
        setting=draw(inline_text),
        participants=draw(st.lists(meaningful, max_size=3)),
        description=draw(section()),
        asides=draw(section()),
        quotes=draw(st.lists(st.builds(Quote, meaningful, inline_text), max_size=3)),
        consent=draw(st.text(max_size=40)),
        follow_up=draw(section()),
        principles=draw(
            st.lists(
                st.builds(PrincipleLink, principle_ids, st.sampled_from(["honoured", "at-risk"])),
                max_size=3,
                unique_by=lambda link: link.principle_id,
            )
        ),
    )


@settings(max_examples=150, deadline=None)
@given(draft=drafts(), names=obstacle_names)
def test_format_note_round_trips(draft: NoteDraft, names: list[str]) -> None:
    imported = parse_note_text(format_note(draft, names))
    assert imported.draft == draft
    assert imported.obstacle_names == tuple(names)


def test_format_note_writes_the_documented_format() -> None:
    draft = parse_note_text(FULL).draft
    text = format_note(draft, ["Recording burden"])
    assert text.startswith(
        '+++\nmode = "observe"\nstage = "write-up"\nwhen = 2026-08-04T10:15:00\n'
    )
    assert 'principles = ["sos.worried", "kss-pl.2:at-risk", "pcf.reflection"]' in text
    assert "\n## Asides\n" in text
    assert "\n## Follow-up\n" in text


def test_format_note_escapes_headings_and_toml_specials() -> None:
    draft = NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 8, 4, 10, 15),
        team='The "A" team\\\t\x00',
        description="Quoted a slide:\n## Asides\nend",
    )
    text = format_note(draft)
    assert "\n\\## Asides\n" in text
    assert parse_note_text(text).draft == draft


def test_format_note_closes_an_unclosed_fence_so_asides_survive() -> None:
    draft = NoteDraft(
        mode="observe",
        occurred_at=datetime(2026, 8, 4),
        description="```\ncode",
        asides="An aside.",
    )
    back = parse_note_text(format_note(draft)).draft
    assert back == replace(draft, description="```\ncode\n```")


def test_format_note_trims_blank_lines_around_sections() -> None:
    draft = NoteDraft(mode="question", occurred_at=datetime(2026, 8, 4), description="\n\nx\n\n")
    assert parse_note_text(format_note(draft)).draft.description == "x"


def test_format_note_aware_time_comes_back_as_local_time() -> None:
    when = datetime(2026, 8, 4, 10, 0, tzinfo=timezone(timedelta(hours=2)))
    draft = NoteDraft(mode="observe", occurred_at=when)
    back = parse_note_text(format_note(draft)).draft
    assert back.occurred_at == when.astimezone().replace(tzinfo=None)
