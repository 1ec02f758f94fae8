"""Markdown export: every note out in the import format, and back in unchanged."""

from __future__ import annotations

import dataclasses
import io
import shutil
import subprocess
import tarfile
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.crypto import age
from fieldnotes.crypto.age import generate_identity, write_identity_file
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.frameworks import builtin_framework_paths, load_codebook, load_frameworks
from fieldnotes.domain.importer import read_note_files
from fieldnotes.domain.model import Note, NoteDraft, PrincipleLink, Quote
from fieldnotes.errors import ExportWriteError
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE, TEST_PASSPHRASE

AGE = shutil.which("age")
PLANTED = ["sunnyday86@example.org", "EM4 7QT", "14 Wexford Lane"]
"""Identifiers the demo notes carry on purpose, for the identifier check to find."""


def _comparable(notebook: Notebook, note: Note) -> tuple[object, ...]:
    """A note as a person sees it: everything but its id and the times it was saved."""
    return (
        note.mode,
        note.stage,
        note.occurred_at,
        note.team,
        note.setting,
        tuple(note.participants),
        note.description,
        note.asides,
        tuple(note.quotes),
        note.consent,
        note.follow_up,
        frozenset((p.principle_id, p.stance) for p in note.principles),
        frozenset(notebook.obstacle_path(o) for o in note.obstacle_ids),
    )


def _all(path: Path, phrase: str) -> list[tuple[object, ...]]:
    notebook = Notebook.open(path)
    notebook.unlock(phrase)
    try:
        return sorted((_comparable(notebook, n) for n in notebook.notes()), key=repr)
    finally:
        notebook.close()


@pytest.fixture
def phrase_files(tmp_path: Path) -> tuple[Path, Path]:
    demo = tmp_path / "demo-phrase"
    demo.write_text(f"{DEMO_PASSPHRASE}\n")
    new = tmp_path / "new-phrase"
    new.write_text(f"{TEST_PASSPHRASE}\n")
    return demo, new


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import fieldnotes.cli.safety

    monkeypatch.setattr(fieldnotes.cli.safety, "INIT_KDF", FLOOR_KDF)


def test_export_then_import_into_a_new_notebook_gives_the_same_notes(
    demo_path: Path,
    tmp_path: Path,
    phrase_files: tuple[Path, Path],
    cheap_kdf: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    demo_phrase, new_phrase = phrase_files
    folder = tmp_path / "exported"
    argv = ["export", "markdown", "--notebook", str(demo_path), "--passphrase-file"]
    argv += [str(demo_phrase), "--plaintext", "--identifiers", "confirm", "--output", str(folder)]
    assert main(argv) == 0
    assert "Wrote 68 note(s) in the clear" in capsys.readouterr().out
    assert oct(folder.stat().st_mode & 0o777) == "0o700"
    assert {oct(p.stat().st_mode & 0o777) for p in folder.iterdir()} == {"0o600"}
    fresh = tmp_path / "fresh.fieldnotes"
    base = ["--notebook", str(fresh), "--passphrase-file", str(new_phrase)]
    assert main(["init", *base, "--codebook", str(folder / "codebook.toml")]) == 0
    assert main(["import", *base, str(folder)]) == 0
    assert _all(fresh, TEST_PASSPHRASE) == _all(demo_path, DEMO_PASSPHRASE)


def test_notes_that_read_alike_both_come_back_and_a_second_import_adds_none(
    empty_notebook: Notebook, tmp_path: Path
) -> None:
    twin = NoteDraft(mode="observe", occurred_at=datetime(2026, 9, 1, 9, 0), description="Same.")
    empty_notebook.add_note(twin)
    empty_notebook.add_note(dataclasses.replace(twin))
    for name, text in empty_notebook.markdown_files():
        (tmp_path / name).write_text(text, encoding="utf-8")
    with Notebook.create(tmp_path / "new.fieldnotes", TEST_PASSPHRASE, kdf=FLOOR_KDF) as new:
        assert len(new.import_notes(read_note_files([tmp_path])).notes) == 2
        assert new.import_notes(read_note_files([tmp_path])).notes == []
        assert len(new.notes()) == 2


def test_the_exported_codebook_is_the_notebooks_codebook(
    demo_notebook: Notebook, tmp_path: Path
) -> None:
    files = dict(demo_notebook.markdown_files())
    (tmp_path / "codebook.toml").write_text(files["codebook.toml"], encoding="utf-8")
    assert load_codebook(tmp_path / "codebook.toml") == demo_notebook.codebook_entries()


def test_a_plaintext_export_stops_at_identifiers_and_writes_nothing(
    demo_path: Path,
    tmp_path: Path,
    phrase_files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "exported"
    argv = ["export", "markdown", "--notebook", str(demo_path), "--passphrase-file"]
    argv += [str(phrase_files[0]), "--plaintext", "--output", str(folder)]
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert "5 possible identifier(s)" in error and "nothing was exported" in error
    assert not any(planted in error for planted in PLANTED)  # named by kind and line only
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        ["demo.fieldnotes", "demo.fieldnotes.lock", "demo-phrase", "new-phrase"]
    )
    assert main([*argv, "--identifiers", "redact"]) == 0
    text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    assert "[redacted]" in text and not any(planted in text for planted in PLANTED)
    # Still every note, and the importer reads every redacted file.
    assert len(read_note_files([folder])) == 68


def test_an_encrypted_export_needs_a_key_or_a_passphrase(
    demo_path: Path,
    tmp_path: Path,
    phrase_files: tuple[Path, Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    argv = ["export", "markdown", "--notebook", str(demo_path), "--passphrase-file"]
    assert main([*argv, str(phrase_files[0]), "--output", str(tmp_path)]) == 1
    assert "--to age1" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.age"))


def test_an_encrypted_export_is_a_tar_of_the_notes(
    demo_path: Path,
    tmp_path: Path,
    phrase_files: tuple[Path, Path],
    cheap_kdf: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    secret, public = generate_identity()
    out = tmp_path / "out"
    out.mkdir()
    argv = ["export", "markdown", "--notebook", str(demo_path), "--passphrase-file"]
    assert main([*argv, str(phrase_files[0]), "--to", public, "--output", str(out)]) == 0
    (sealed,) = out.iterdir()
    assert sealed.name.endswith(".tar.age") and oct(sealed.stat().st_mode & 0o777) == "0o600"
    assert b"+++" not in sealed.read_bytes()
    if AGE is not None:
        identity = tmp_path / "me.txt"
        write_identity_file(identity, secret, public)
        plain = subprocess.run(
            [AGE, "-d", "-i", str(identity), str(sealed)], capture_output=True, check=True
        ).stdout
    else:
        plain = age.decrypt(sealed.read_bytes(), identities=[secret])
    unpacked = tmp_path / "unpacked"
    with tarfile.open(fileobj=io.BytesIO(plain)) as archive:
        names = archive.getnames()
        archive.extractall(unpacked, filter="data")
    assert names[0] == "fieldnotes-notes" and len(names) == 1 + 68 + 1
    fresh = tmp_path / "fresh.fieldnotes"
    base = ["--notebook", str(fresh), "--passphrase-file", str(phrase_files[1])]
    codebook = unpacked / "fieldnotes-notes" / "codebook.toml"
    assert main(["init", *base, "--codebook", str(codebook)]) == 0
    assert main(["import", *base, str(unpacked / "fieldnotes-notes")]) == 0
    assert _all(fresh, TEST_PASSPHRASE) == _all(demo_path, DEMO_PASSPHRASE)


def test_a_plaintext_export_never_writes_into_a_folder_with_files(tmp_path: Path) -> None:
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "mine.txt").write_text("keep me")
    with pytest.raises(ExportWriteError, match="not an empty folder"):
        age.write_private_folder(folder, [("a.md", b"x")])
    assert [p.name for p in folder.iterdir()] == ["mine.txt"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["taken"]


# --- hypothesis: any notes a person can type come back the same ----------------------------

_FRAMEWORKS = load_frameworks(builtin_framework_paths())
_PRINCIPLES = sorted(p.id for f in _FRAMEWORKS for p in f.principles)
_CODEBOOK = load_codebook(Path(__file__).resolve().parent.parent / "sample_data/codebook.toml")
_OBSTACLES = sorted(
    [e.name for e in _CODEBOOK] + [f"{e.name}/{c.name}" for e in _CODEBOOK for c in e.children]
)
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="`~")
_LINE = st.text(_CHARS, max_size=40)
_LINES = st.lists(_LINE, max_size=5).map("\n".join)
_WORDS = st.text(_CHARS, min_size=1, max_size=30).filter(lambda t: t.strip() != "")


def _section(text: str) -> str:
    """The importer's one normalisation: blank lines around a section are not kept."""
    lines = text.split("\n")
    while lines and not lines[0].strip(" \t"):
        lines.pop(0)
    while lines and not lines[-1].strip(" \t"):
        lines.pop()
    return "\n".join(lines)


_DRAFTS = st.builds(
    NoteDraft,
    mode=st.sampled_from(["observe", "co-work", "question"]),
    stage=st.sampled_from(["jotting", "write-up"]),
    occurred_at=st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)).map(
        lambda d: d.replace(microsecond=0)
    ),
    team=st.text(_CHARS, max_size=30),
    setting=st.text(_CHARS, max_size=30),
    participants=st.lists(_WORDS, max_size=3),
    # A note must hold some text: the description always does here.
    description=st.tuples(_WORDS, _LINES).map(lambda t: _section(f"{t[0]}\n{t[1]}")),
    asides=_LINES.map(_section),
    quotes=st.lists(st.builds(Quote, text=_WORDS, speaker_role=st.text(_CHARS, max_size=20))),
    consent=st.text(_CHARS, max_size=30),
    follow_up=_LINES.map(_section),
    principles=st.lists(st.sampled_from(_PRINCIPLES), unique=True, max_size=3).flatmap(
        lambda ids: st.tuples(*[st.sampled_from(["honoured", "at-risk"]) for _ in ids]).map(
            lambda stances: [PrincipleLink(i, s) for i, s in zip(ids, stances, strict=True)]
        )
    ),
)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    drafts=st.lists(
        st.tuples(_DRAFTS, st.lists(st.sampled_from(_OBSTACLES), unique=True, max_size=3)),
        min_size=1,
        max_size=4,
    )
)
def test_any_notes_round_trip_through_a_markdown_export(
    drafts: list[tuple[NoteDraft, list[str]]], tmp_path_factory: pytest.TempPathFactory
) -> None:
    folder = tmp_path_factory.mktemp("round-trip")
    made = []
    for name in ("source", "target"):
        notebook = Notebook.create(
            folder / f"{name}.fieldnotes",
            TEST_PASSPHRASE,
            kdf=FLOOR_KDF,
            frameworks=_FRAMEWORKS,
            codebook=_CODEBOOK,
        )
        made.append(notebook)
    source, target = made
    try:
        for draft, obstacles in drafts:
            draft.obstacle_ids = [source.find_obstacle(path).id for path in obstacles]
            source.add_note(draft)
        exported = folder / "exported"
        exported.mkdir()
        for name, text in source.markdown_files():
            (exported / name).write_text(text, encoding="utf-8")
        target.import_notes(read_note_files([exported]))
        assert sorted((_comparable(target, n) for n in target.notes()), key=repr) == sorted(
            (_comparable(source, n) for n in source.notes()), key=repr
        )
    finally:
        for notebook in made:
            notebook.close()
