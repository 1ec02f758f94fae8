"""Member check: a team-facing summary, anonymised, checked, exported; and the team's reply."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto.age import decrypt
from fieldnotes.domain.member_check import REPLY_SETTING
from fieldnotes.domain.model import NoteDraft, PrincipleLink, Quote
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

TEAM_PHRASE = "the team's own passphrase"
FORMS = "IT and case recording system/Forms that don't fit the work"


@pytest.fixture
def base(demo_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    return ["--notebook", str(demo_path)]


@pytest.fixture
def team_phrase(tmp_path: Path) -> Path:
    phrase = tmp_path / "team-phrase"
    phrase.write_text(TEAM_PHRASE + "\n")
    return phrase


def _name_a_practitioner(demo_path: Path) -> None:
    """A note that names its practitioner everywhere a person might type a name."""
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        notebook.set_author_label("Ottoline Quennell")
        forms = notebook.find_obstacle(FORMS)
        notebook.add_note(
            NoteDraft(
                mode="observe",
                occurred_at=datetime(2026, 10, 29, 10, 0),
                team="Northfield Assessment Team",
                setting="Duty",
                participants=["Priyanka Okonjo-Vance (social worker)"],
                description="Priyanka Okonjo-Vance showed me the form.",
                asides="Priyanka seemed tired.",
                quotes=[Quote("Ask Priyanka Okonjo-Vance, she knows the form", "social worker")],
                principles=[PrincipleLink("pcf.reflection", "honoured")],
                obstacle_ids=[forms.id],
            )
        )
        notebook.set_protected_names(["Okonjo-Vance"])
    finally:
        notebook.close()


def test_the_exported_member_check_decrypts_and_names_no_practitioner(
    base: list[str],
    demo_path: Path,
    tmp_path: Path,
    team_phrase: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    _name_a_practitioner(demo_path)
    out = tmp_path / "northfield.age"
    args = ["member-check", *base, "--team", "northfield", "--to-passphrase-file", str(team_phrase)]
    assert main([*args, "--output", str(out)]) == 0
    said = capsys.readouterr().out
    assert "quote(s) could identify someone and were left out" in said
    text = decrypt(out.read_bytes(), passphrase=TEAM_PHRASE).decode()
    assert 'title = "Member check: what we saw with Northfield Assessment Team"' in text
    assert 'author = ""' in text
    for name in ("Priyanka", "Okonjo", "Ottoline", "Quennell"):
        assert name not in text
    assert "## What is working well" in text
    assert "PCF reflection" in text  # a strength, as well as the obstacles
    assert "Forms that don't fit the work" in text
    assert "Decided: Agreed at the senior leadership team" in text
    assert "We will come back to look at IT and case recording system › Forms" in text
    assert oct(out.stat().st_mode & 0o777) == "0o600"


def test_identifiers_stop_the_export_or_are_redacted(
    base: list[str],
    demo_path: Path,
    tmp_path: Path,
    team_phrase: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    forms = notebook.find_obstacle(FORMS)
    notebook.update_obstacle(forms.id, decision="Agreed with Halloran at the board.")
    notebook.set_protected_names(["Halloran"])
    notebook.close()
    out = tmp_path / "check.age"
    args = ["member-check", *base, "--team", "Northfield", "--to-passphrase-file", str(team_phrase)]

    assert main([*args, "--output", str(out)]) == 1
    assert "possible identifier(s)" in capsys.readouterr().err
    assert not out.exists()

    assert main([*args, "--output", str(out), "--identifiers", "redact", "--format", "html"]) == 0
    text = decrypt(out.read_bytes(), passphrase=TEAM_PHRASE).decode()
    assert "Halloran" not in text
    assert "[redacted]" in text
    assert text.startswith("<!DOCTYPE html>")


def test_printable_only_once_checked_and_never_with_keys(
    base: list[str], tmp_path: Path, team_phrase: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "print.html"
    args = ["member-check", *base, "--team", "Northfield", "--output", str(out)]
    assert main(args) == 1
    assert "--to age1" in capsys.readouterr().err
    assert main([*args, "--plaintext", "--to-passphrase-file", str(team_phrase)]) == 1
    assert not out.exists()
    assert main([*args, "--plaintext", "--format", "html"]) == 0
    assert "<h1>Member check: what we saw with Northfield Assessment Team</h1>" in out.read_text()
    assert main([*base, "member-check", "--team", "nowhere", "--plaintext", "--output", "x"]) == 1


def test_the_reply_is_a_question_note_linked_to_the_obstacles_covered(
    base: list[str], demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    reply = tmp_path / "reply.md"
    reply.write_text("The team says the forms review has not reached them yet.\n")
    args = ["member-check", "reply", *base, "--team", "northfield", "--file", str(reply)]
    assert main(args) == 0
    note_id = capsys.readouterr().out.splitlines()[0]
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        note = notebook.note(note_id)
        check = notebook.compose_member_check("Northfield Assessment Team")
        assert (note.mode, note.team, note.setting) == (
            "question",
            "Northfield Assessment Team",
            REPLY_SETTING,
        )
        assert set(note.obstacle_ids) == set(check.obstacle_ids)
        assert notebook.find_obstacle(FORMS).id in note.obstacle_ids
        # The reply is evidence, but not something the next member check reports back.
        assert check.note_count == 9
    finally:
        notebook.close()


def test_the_people_map_writes_names_as_roles_in_a_member_check(
    base: list[str], demo_path: Path, tmp_path: Path, team_phrase: Path
) -> None:
    from fieldnotes.domain.pseudonyms import PersonAlias

    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    forms = notebook.find_obstacle(FORMS)
    notebook.update_obstacle(forms.id, decision="Agreed with Marguerite Ashdown-Pike.")
    notebook.set_people_map([PersonAlias("Marguerite Ashdown-Pike", "the head of service")])
    notebook.close()
    out = tmp_path / "check.age"
    args = ["member-check", *base, "--team", "Northfield", "--to-passphrase-file", str(team_phrase)]
    assert main([*args, "--output", str(out)]) == 0
    text = decrypt(out.read_bytes(), passphrase=TEAM_PHRASE).decode()
    assert "Marguerite" not in text and "Ashdown" not in text
    assert "Agreed with the head of service." in text
    assert "from the people map" in text  # in the check's log, without the name
