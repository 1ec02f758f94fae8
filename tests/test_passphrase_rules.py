"""New passphrases follow one rule wherever they come from; passwd asks everything first."""

from __future__ import annotations

import getpass
import os
import pty
import termios
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.cli.passphrases import quiet_terminal
from fieldnotes.crypto import kdf
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE


@pytest.fixture(autouse=True)
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    import fieldnotes.cli.safety

    monkeypatch.setattr(fieldnotes.cli.safety, "INIT_KDF", kdf.FLOOR_KDF)


def test_init_refuses_a_short_passphrase_from_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phrase = tmp_path / "phrase"
    phrase.write_text("short\n")
    notebook = tmp_path / "n.fieldnotes"
    assert main(["init", "--notebook", str(notebook), "--passphrase-file", str(phrase)]) == 1
    assert "at least 8 characters" in capsys.readouterr().err
    assert not notebook.exists()


def test_init_refuses_a_short_passphrase_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", "1234567")
    notebook = tmp_path / "n.fieldnotes"
    assert main(["init", "--notebook", str(notebook)]) == 1
    assert "$FIELDNOTES_PASSPHRASE holds fewer than 8 characters" in capsys.readouterr().err
    assert not notebook.exists()


@pytest.mark.parametrize("via", ["file", "env"])
def test_passwd_refuses_a_short_new_passphrase(
    demo_path: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    via: str,
) -> None:
    old = tmp_path / "old"
    old.write_text(DEMO_PASSPHRASE)
    args = ["passwd", "--notebook", str(demo_path), "--passphrase-file", str(old)]
    if via == "file":
        new = tmp_path / "new"
        new.write_text("abc\n")
        args += ["--new-passphrase-file", str(new)]
    else:
        monkeypatch.setenv("FIELDNOTES_NEW_PASSPHRASE", "abc")
    assert main(args) == 1
    assert "at least 8 characters" in capsys.readouterr().err
    # The demo's own short passphrase still unlocks it: the rule is for choosing, not opening.
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)


def test_passwd_asks_every_passphrase_before_deriving_a_key(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nobody sits through a key derivation between prompts, typing ahead into an echo."""
    events: list[str] = []
    answers = iter([DEMO_PASSPHRASE, "a much longer phrase", "a much longer phrase"])

    def prompt(text: str = "") -> str:
        events.append(f"prompt {text.strip()}")
        return next(answers)

    real_unlock = Notebook.unlock

    def unlock(self: Notebook, phrase: str, **kwargs: object) -> None:
        events.append("derive")
        real_unlock(self, phrase, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(getpass, "getpass", prompt)
    monkeypatch.setattr("fieldnotes.cli.passphrases.interactive", lambda: True)
    monkeypatch.setattr(Notebook, "unlock", unlock)
    assert main(["passwd", "--notebook", str(demo_path)]) == 0
    assert events == [
        "prompt Current passphrase:",
        "prompt New passphrase:",
        "prompt Same passphrase again:",
        "derive",
    ]
    with Notebook.open(demo_path) as notebook:
        real_unlock(notebook, "a much longer phrase")


def test_the_terminal_does_not_echo_while_a_key_is_derived() -> None:
    master, slave = pty.openpty()
    try:
        assert termios.tcgetattr(slave)[3] & termios.ECHO
        with quiet_terminal(slave):
            assert not termios.tcgetattr(slave)[3] & termios.ECHO
        assert termios.tcgetattr(slave)[3] & termios.ECHO
    finally:
        os.close(master)
        os.close(slave)
