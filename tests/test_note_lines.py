"""`fieldnotes list` and `search` read each note only as far as its line shows it, and print
exactly what they printed when every note was built in full; `--limit N` prints the newest N
and says on stderr how many more match."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from bench.generate import PASSPHRASE, SEARCH_WORD, generate
from fieldnotes.__main__ import main
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.filters import NoteFilter
from fieldnotes.domain.model import NoteLine
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.notes import LinePages, NotesPart
from fieldnotes.storage import manifest, reads, scan
from tests.raw_file import opened_raw

Run = Callable[..., tuple[int, str, str]]

PAGE = 7
"""Rows per page here: a generated notebook of a few hundred notes spans many pages."""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated notebook (quotes, links, passages, teams), its search index built."""
    path = tmp_path_factory.mktemp("lines") / "generated.fieldnotes"
    generate(path, 240, seed=3, kdf=FLOOR_KDF, batch=60)
    return path


@pytest.fixture
def notebook_path(generated: Path, tmp_path: Path) -> Path:
    target = tmp_path / "notes.fieldnotes"
    target.write_bytes(generated.read_bytes())
    return target


@pytest.fixture
def run(
    notebook_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Run:
    """Run a command: (exit code, stdout, stderr); `full=True` builds every note printed in
    full, as the commands did before the line read."""
    monkeypatch.setenv("FIELDNOTES_NOTEBOOK", str(notebook_path))
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(scan, "PAGE_ROWS", PAGE)
    monkeypatch.setattr(reads, "PAGE_ROWS", PAGE)
    monkeypatch.setattr(manifest, "RACY_NANOSECONDS", 0, raising=False)

    def whole_notes(
        self: NotesPart, where: NoteFilter | None = None, *, newest: int | None = None
    ) -> LinePages:
        pages = self.note_pages(where)
        return LinePages(([NoteLine.of(note) for note in page] for page in pages), None)

    def run_it(*argv: str, full: bool = False) -> tuple[int, str, str]:
        with monkeypatch.context() as patch:
            if full:
                patch.setattr(NotesPart, "note_line_pages", whole_notes)
            capsys.readouterr()
            code = main(list(argv))
            out, err = capsys.readouterr()
        return code, out, err

    return run_it


@pytest.fixture
def values(notebook_path: Path) -> dict[str, str]:
    """Values the generated notes hold, for the filters to pick from."""
    with Notebook.open(notebook_path) as notebook:
        notebook.unlock(PASSPHRASE)
        notes = notebook.notes()
        linked = next(n for n in notes if n.obstacle_ids and n.principles)
        dates = sorted(n.occurred_at.date() for n in notes)
        return {
            "team": next(n.team for n in notes if n.team).upper(),
            "obstacle": notebook.obstacle_path(linked.obstacle_ids[0]),
            "principle": linked.principles[0].principle_id,
            "since": dates[len(dates) // 3].isoformat(),
            "until": dates[2 * len(dates) // 3].isoformat(),
        }


FILTERS = [
    [],
    ["--mode", "observe"],
    ["--mode", "co-work", "--stage", "jotting"],
    ["--stage", "write-up"],
    ["--team", "{team}"],
    ["--team", "no such team"],
    ["--obstacle", "{obstacle}"],
    ["--principle", "{principle}"],
    ["--since", "{since}"],
    ["--until", "{until}"],
    ["--since", "{since}", "--until", "{until}", "--mode", "question"],
    ["--obstacle", "{obstacle}", "--principle", "{principle}", "--stage", "write-up"],
]
SEARCHES = [["list"], ["search", SEARCH_WORD], ["search", "appointment"], ["search", "zither"]]


def _filled(args: list[str], values: dict[str, str]) -> list[str]:
    return [arg.format(**values) for arg in args]


@pytest.mark.parametrize("args", FILTERS)
def test_every_filter_prints_what_whole_notes_printed(
    run: Run, values: dict[str, str], args: list[str]
) -> None:
    printed = 0
    for command in SEARCHES:
        full = run(*command, *_filled(args, values), full=True)
        assert run(*command, *_filled(args, values)) == full, command
        printed += full[1].count("\n")
    assert printed or "no such team" in args


def test_damage_is_flagged_on_the_same_lines(run: Run, notebook_path: Path) -> None:
    with opened_raw(notebook_path) as db, db:
        ids = [row[0] for row in db.execute("SELECT id FROM note ORDER BY occurred_at DESC")]
        db.execute("UPDATE note SET content = zeroblob(length(content)) WHERE id = ?", (ids[0],))
        db.execute("UPDATE note SET mode = 'dance' WHERE id = ?", (ids[9],))
        db.execute("UPDATE note SET created_at = 'soon' WHERE id = ?", (ids[15],))
        # A clear cell that differs from its sealed copy, and a stance that is none.
        db.execute(
            "UPDATE note SET stage = CASE stage WHEN 'jotting' THEN 'write-up'"
            " ELSE 'jotting' END WHERE id = ?",
            (ids[20],),
        )
        touched = (ids[0], ids[9], ids[15], ids[20])
        linked = [
            row[0]
            for row in db.execute(
                "SELECT DISTINCT note_id FROM note_principle WHERE note_id NOT IN (?, ?, ?, ?)"
                " LIMIT 2",
                touched,
            )
        ]
        db.execute("UPDATE note_principle SET stance = 'sideways' WHERE note_id = ?", linked[:1])
        db.execute("UPDATE note_principle SET stance = x'00' WHERE note_id = ?", linked[1:])
    for command in SEARCHES[:2]:
        for options in ([], ["--mode", "observe"], ["--stage", "jotting"]):
            light = run(*command, *options)
            assert light == run(*command, *options, full=True), (command, options)
    listed = run("list")
    assert listed[1].count(" DAMAGED\n") == 6
    assert "6 note(s) are damaged" in listed[2]


def test_limit_prints_the_newest_and_says_how_many_more_match(run: Run) -> None:
    every = run("list")[1]
    lines = every.splitlines()
    code, out, err = run("list", "--limit", "5")
    assert code == 0
    assert out.splitlines() == lines[:5]
    assert err == f"{len(lines) - 5:,} more note(s) match; the newest 5 are shown (--limit).\n"


def test_limit_counts_exactly_where_a_filter_reads_sealed_text(run: Run) -> None:
    every = run("list", "--mode", "observe", "--team", "no such team")[1].splitlines()
    assert not every
    observed = run("list", "--mode", "observe")[1].splitlines()
    code, out, err = run("list", "--mode", "observe", "--limit", "3")
    assert code == 0
    assert out.splitlines() == observed[:3]
    assert err == f"{len(observed) - 3:,} more note(s) match; the newest 3 are shown (--limit).\n"


def test_a_search_with_limit_names_the_index_count_as_at_most(run: Run) -> None:
    found = run("search", SEARCH_WORD)[1].splitlines()
    assert len(found) > 2
    code, out, err = run("search", SEARCH_WORD, "--limit", "2")
    assert code == 0
    assert out.splitlines() == found[:2]
    assert err.startswith("Up to ")
    more = int(err.split()[2].replace(",", ""))
    assert more >= len(found) - 2
    assert "(--limit)" in err


def test_a_limit_beyond_the_answer_says_nothing_more(run: Run) -> None:
    found = run("search", SEARCH_WORD, "--stage", "jotting")
    assert run("search", SEARCH_WORD, "--stage", "jotting", "--limit", "100000") == found
    assert run("list", "--limit", "100000") == run("list")


def test_limit_with_json_keeps_the_shape_with_the_newest(run: Run) -> None:
    every = json.loads(run("list", "--json")[1])
    code, out, err = run("list", "--json", "--limit", "4")
    assert code == 0
    limited = json.loads(out)
    assert limited == {"format": every["format"], "count": 4, "notes": every["notes"][:4]}
    assert err.startswith(f"{every['count'] - 4:,} more note(s) match")


@pytest.mark.parametrize("value", ["0", "-3", "ten"])
def test_a_limit_below_one_is_refused(
    run: Run, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["list", "--limit", value])
    assert stopped.value.code == 2
    assert "--limit" in capsys.readouterr().err


def test_help_names_the_limit(capsys: pytest.CaptureFixture[str]) -> None:
    for command in ("list", "search"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "--limit N" in capsys.readouterr().out


def test_a_common_words_search_walks_the_notes_rather_than_naming_each(
    run: Run, notebook_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Most notes hold `appointment`: their candidates are walked newest first by their index
    numbers, never named one by one (at a million notes, most of the search's time). Notes the
    index does not answer for — rewritten since, written since, damaged when taken in — are
    read whatever their words, and a trashed one is left out."""
    from fieldnotes.storage.search_reads import IndexSnapshot

    with Notebook.open(notebook_path) as notebook:
        notebook.unlock(PASSPHRASE)
        newest = notebook.notes()
        held = [note for note in newest if "appointment" in note.searchable_text().casefold()]
        rewritten, trashed = held[0], held[1]
        plain = dataclasses.replace(
            rewritten.draft(), description="no such word here", asides="", quotes=[]
        )
        notebook.update_note(rewritten.id, plain)
        notebook.update_note(held[2].id, dataclasses.replace(held[2].draft(), asides="again"))
        notebook.trash_note(trashed.id)
    with opened_raw(notebook_path) as db, db:
        db.execute("UPDATE search_doc SET num = 0 WHERE note_id = ?", (held[3].id,))
    expected = run("search", "appointment", full=True)

    def named(self: IndexSnapshot, numbers: set[int]) -> set[str]:
        raise AssertionError(f"{len(numbers)} candidates named one by one")

    monkeypatch.setattr(IndexSnapshot, "ids_of", named)
    found = run("search", "appointment")
    assert found == expected
    lines = found[1]
    assert rewritten.id[:8] not in lines and trashed.id[:8] not in lines
    assert held[2].id[:8] in lines and held[3].id[:8] in lines


def test_a_limited_listing_opens_only_its_first_short_page(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--limit 5` is answered from the walk's first, short page: a full page's sealed text
    (2,000 rows) is never opened for five lines."""
    every = run("list")[1].splitlines()
    monkeypatch.setattr(scan, "PAGE_ROWS", 200)
    monkeypatch.setattr(reads, "PAGE_ROWS", 200)
    monkeypatch.setattr(reads, "FIRST_WALK_ROWS", 20)
    opened: list[int] = []
    real = reads.RowReads._open_lines

    def counted(self: reads.RowReads, rows: Any, *args: Any) -> Any:
        opened.append(len(rows))
        return real(self, rows, *args)

    monkeypatch.setattr(reads.RowReads, "_open_lines", counted)
    code, out, _ = run("list", "--limit", "5")
    assert code == 0
    assert out.splitlines() == every[:5]
    assert opened == [20]
    opened.clear()
    assert run("list")[1].splitlines() == every
    assert opened[0] == 20 and sum(opened) == len(every)


def test_a_limited_search_of_a_rarer_word_walks_to_its_newest_matches(
    run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under `--limit`, the newest few matches of a word most notes lack are found by walking
    the newest notes by their index numbers, not by naming and dating every candidate; the
    whole answer still names them (it reads only those notes)."""
    from fieldnotes.storage.search_reads import IndexSnapshot

    whole = run("search", SEARCH_WORD)[1].splitlines()
    assert 2 < len(whole) < 240 // 4
    named: list[int] = []
    real = IndexSnapshot.ids_of

    def counted(self: IndexSnapshot, numbers: set[int]) -> set[str]:
        named.append(len(numbers))
        return real(self, numbers)

    monkeypatch.setattr(IndexSnapshot, "ids_of", counted)
    code, out, err = run("search", SEARCH_WORD, "--limit", "2")
    assert code == 0
    assert out.splitlines() == whole[:2]
    assert err.startswith("Up to ")
    assert named == []
    assert run("search", SEARCH_WORD)[1].splitlines() == whole
    assert named
