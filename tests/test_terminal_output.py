"""Nothing anyone typed reaches a terminal as a control sequence (SECURITY.md, test 16).

A note, a team, a leader's label, a file name or a brief holding `ESC ] 0 ;` (retitle the
window), `ESC [ 2 J` (clear the screen), `ESC ] 52 ;` (write the clipboard) or the one-byte C1
CSI must be shown, not obeyed, on every path that prints it.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.domain.brief import BriefRequest
from fieldnotes.domain.model import NoteDraft, Quote
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import json_safe, printable, printable_line

from .conftest import DEMO_PASSPHRASE

RETITLE = "\x1b]0;pwned\x07"
CLEAR = "\x1b[2J"
CLIPBOARD = "\x1b]52;c;cHduZWQ=\x07"
C1_CLEAR = "\x9b2J"
HOSTILE = f"Visit{RETITLE} went{CLEAR} fine{CLIPBOARD} really{C1_CLEAR}"
MARKER = "zanzibar"


def _controls(text: str) -> list[str]:
    """Every character a terminal could obey: C0 but newline and tab, DEL, C1."""
    return [c for c in text if (ord(c) < 0x20 and c not in "\n\t") or 0x7F <= ord(c) <= 0x9F]


def assert_inert(text: str) -> None:
    assert "\x1b" not in text and "\x9b" not in text and "\x07" not in text
    assert _controls(text) == []


# --- the function -------------------------------------------------------------------------------


def test_each_control_is_shown_as_an_escape() -> None:
    assert printable(HOSTILE) == (
        "Visit\\x1b]0;pwned\\x07 went\\x1b[2J fine\\x1b]52;c;cHduZWQ=\\x07 really\\x9b2J"
    )
    assert printable("a\nb\tc\rd\x7f") == "a\nb\tc\\x0dd\\x7f"
    assert printable_line("a\nb\tc") == "a\\x0ab\\x09c"
    # A file name's undecodable byte 0x9b arrives as a surrogate; it must not go out raw.
    assert printable(b"x\x9by".decode("utf-8", "surrogateescape")) == "x\\x9by"


@settings(deadline=None)  # no timing: a loaded machine must not fail it
@given(st.text())
def test_printable_output_holds_no_control(text: str) -> None:
    shown = printable(text)
    assert _controls(shown) == []
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in shown)
    assert _controls(printable_line(text)) == [] and "\n" not in printable_line(text)


@settings(deadline=None)
@given(
    st.text(
        st.characters(
            blacklist_categories=("Cs",),
            blacklist_characters=[chr(c) for c in (*range(0x20), *range(0x7F, 0xA0))],
        )
        | st.sampled_from("\n\t")
    )
)
def test_printable_is_the_identity_on_printable_text(text: str) -> None:
    assert printable(text) == text


@settings(deadline=None)
@given(st.text())
def test_json_safe_keeps_the_value_and_drops_every_control(text: str) -> None:
    document = json.dumps({"t": text}, ensure_ascii=False)
    safe = json_safe(document)
    assert json.loads(safe) == json.loads(document)
    assert _controls(safe.replace("\n", "")) == []


def test_rich_and_textual_keep_escape_so_we_must_not_rely_on_them() -> None:
    """Why the app escapes for itself: both libraries strip only BEL, BS, VT, FF and CR."""
    from rich.text import Text
    from textual.content import Content

    assert "\x1b" in Text(HOSTILE).plain and "\x9b" in Text(HOSTILE).plain
    assert "\x1b" in Content(HOSTILE).plain and "\x9b" in Content(HOSTILE).plain


# --- the command line ---------------------------------------------------------------------------


@pytest.fixture
def hostile(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, str]:
    """The demo notebook with a hostile note and a hostile leader label; returns (path, id)."""
    from fieldnotes.crypto.age import generate_identity

    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        note = notebook.add_note(
            NoteDraft(
                mode="observe",
                occurred_at=datetime(2026, 9, 1, 10, 0),
                team=f"Team{RETITLE}",
                setting=f"Home{CLEAR}",
                participants=[f"worker{C1_CLEAR}"],
                description=f"{MARKER} {HOSTILE}",
                asides=HOSTILE,
                quotes=[Quote(HOSTILE, "worker")],
                follow_up=HOSTILE,
                obstacle_ids=[notebook.obstacles()[0].id],
            )
        )
        notebook.add_leader(f"Director{RETITLE}{C1_CLEAR}", generate_identity()[1])
        for obstacle_id in note.obstacle_ids:
            notebook.rename_obstacle(obstacle_id, f"Obstacle{CLEAR}")
        notebook.set_protected_names([f"Name{CLIPBOARD}"])
    finally:
        notebook.close()
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    return demo_path, note.id


@pytest.mark.parametrize(
    "command",
    [
        ["show", "{id}"],
        ["show", "{id}", "--json"],
        ["list"],
        ["list", "--json"],
        ["search", MARKER],
        ["search", MARKER, "--json"],
        ["leader", "list"],
        ["synthesis", "--all"],
        ["synthesis", "--json"],
        ["protect"],
    ],
)
def test_cli_output_shows_controls_never_sends_them(
    hostile: tuple[Path, str], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, note_id = hostile
    argv = [part.replace("{id}", note_id) for part in command]
    assert main([*argv, "--notebook", str(path)]) == 0
    captured = capsys.readouterr()
    assert_inert(captured.out)
    assert_inert(captured.err)
    if argv == ["synthesis", "--json"]:
        paths = [o["path"] for o in json.loads(captured.out)["obstacles"]]
        assert any(p.endswith(f"Obstacle{CLEAR}") for p in paths)
    elif argv[0] in ("synthesis", "protect"):
        assert "Obstacle\\x1b[2J" in captured.out or "Name\\x1b]52;" in captured.out
    elif "--json" in argv:
        document = json.loads(captured.out)
        notes = document.get("notes", [document])
        assert any(n["description"] == f"{MARKER} {HOSTILE}" for n in notes)
    elif argv[0] == "leader":
        assert "Director\\x1b]0;pwned\\x07\\x9b2J" in captured.out
    elif argv[0] == "show":
        assert "went\\x1b[2J fine" in captured.out
        assert "Team: Team\\x1b]0;pwned\\x07" in captured.out
    else:
        assert "Team\\x1b]0;pwned" in captured.out


def test_import_error_names_a_hostile_file_inertly(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / f"note{RETITLE}{CLEAR}.md").write_text("+++\nmode = 'nonsense'\n+++\nBody\n")
    assert main(["import", str(folder), "--notebook", str(demo_path)]) == 1
    err = capsys.readouterr().err
    assert_inert(err)
    assert "note\\x1b]0;pwned\\x07\\x1b[2J.md" in err


def test_brief_decrypt_to_stdout_shows_controls(
    hostile: tuple[Path, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from fieldnotes.crypto.age import generate_identity, write_identity_file

    path, _ = hostile
    # Sent to a key, not a passphrase: scrypt's cost is chosen by timing the machine.
    secret, public = generate_identity()
    key = tmp_path / "leader.txt"
    write_identity_file(key, secret, public)
    notebook = Notebook.open(path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        obstacle = notebook.obstacles()[0]
        request = BriefRequest((obstacle.id,), "DCS", f"Summary {HOSTILE}")
        brief = notebook.export_brief(
            f"Body {HOSTILE}", [], request, tmp_path / "b.age", recipients=[public]
        )
    finally:
        notebook.close()
    assert main(["brief", "decrypt", str(brief), "--identity", str(key)]) == 0
    out = capsys.readouterr().out
    assert_inert(out)
    assert "Body Visit\\x1b]0;pwned\\x07 went" in out
    # --output keeps the exact bytes: it is a file, not a terminal.
    target = tmp_path / "plain.md"
    assert (
        main(["brief", "decrypt", str(brief), "--identity", str(key), "--output", str(target)]) == 0
    )
    assert HOSTILE.encode() in target.read_bytes()


@pytest.mark.parametrize(
    "command",
    [
        ["config", "get", "author"],
        ["config"],
        ["config", "--json"],
        ["config", "get", "author", "--json"],
    ],
)
def test_config_shows_a_hostile_author_inertly(
    hostile: tuple[Path, str], command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, _ = hostile
    # `config set` refuses control characters; a notebook written otherwise may hold them.
    notebook = Notebook.open(path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        notebook.set_author_label(f"PSW{RETITLE}{C1_CLEAR}")
    finally:
        notebook.close()
    assert main([*command, "--notebook", str(path)]) == 0
    captured = capsys.readouterr()
    assert_inert(captured.out + captured.err)
    assert "PSW\\x1b]0;pwned" in captured.out or "PSW\\u001b]0;pwned" in captured.out
