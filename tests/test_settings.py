"""Settings from the command line: checked values, sealed where personal, used in briefs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto.age import decrypt
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.notebook.config import config_path, read_config, spec

from .conftest import DEMO_PASSPHRASE


@pytest.fixture
def base(demo_path: Path, tmp_path: Path) -> list[str]:
    phrase = tmp_path / "phrase"
    phrase.write_text(DEMO_PASSPHRASE + "\n")
    return ["--notebook", str(demo_path), "--passphrase-file", str(phrase)]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("lock-after", "0"),
        ("lock-after", "241"),
        ("lock-after", "off"),
        ("lock-after", "5.5"),
        ("theme", "purple"),
        ("author", "a\x1b]0;owned\x07b"),
        ("author", "x" * 121),
    ],
)
def test_bad_values_are_refused(key: str, value: str) -> None:
    with pytest.raises(InvalidInput):
        spec(key).parse(value)


def test_values_are_normalised() -> None:
    assert spec("lock-after").parse(" 15 ") == "15"
    assert spec("theme").parse("Light") == "light"
    assert spec("author").parse("  Principal   Social Worker ") == "Principal Social Worker"


def test_author_is_sealed_and_named_in_every_brief(
    base: list[str], demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    canary = "Ottoline Quennell-Bracegirdle"
    assert main(["config", "set", "author", canary, *base]) == 0
    assert "sealed in the notebook" in capsys.readouterr().out
    for suffix in ("", "-wal"):
        file = Path(f"{demo_path}{suffix}")
        if file.exists():
            assert canary.encode() not in file.read_bytes()
    brief_phrase = tmp_path / "brief-phrase"
    brief_phrase.write_text("a brief passphrase here\n")
    out = tmp_path / "out"
    out.mkdir()
    args = ["brief", "export", *base, "--to-passphrase-file", str(brief_phrase)]
    assert main([*args, "--identifiers", "redact", "--output", str(out)]) == 0
    (written,) = out.iterdir()
    plaintext = decrypt(written.read_bytes(), passphrase="a brief passphrase here").decode()
    assert f'author = "{canary}"' in plaintext


def test_lock_after_is_checked_before_anything_is_asked(
    base: list[str], demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing-phrase"
    refused = ["config", "set", "lock-after", "600", "--notebook", str(demo_path)]
    assert main([*refused, "--passphrase-file", str(missing)]) == 1
    assert "1 to 240 minutes" in capsys.readouterr().err
    assert main(["config", "get", "lock-after", *base]) == 0
    assert capsys.readouterr().out.strip() == "5"
    assert main(["config", "set", "lock-after", "20", *base]) == 0
    capsys.readouterr()
    assert main(["config", "get", "lock-after", *base]) == 0
    assert capsys.readouterr().out.strip() == "20"


def test_list_as_json(base: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "set", "author", "PSW", *base]) == 0
    capsys.readouterr()
    assert main(["config", "--json", *base]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload["format"] == 1
    values = {row["key"]: (row["value"], row["home"]) for row in payload["settings"]}
    assert values == {
        "author": ("PSW", "notebook"),
        "lock-after": ("5", "notebook"),
        "retention": ("off", "notebook"),
        "theme": ("dark", "config"),
        "backup-dir": ("", "config"),
        "backup-to": ("", "config"),
        "backup-keep": ("10", "config"),
    }
    assert main(["config", "get", "author", "--json", *base]) == 0
    assert json.loads(capsys.readouterr().out)["value"] == "PSW"


def test_the_environment_override_is_shown(
    base: list[str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FIELDNOTES_IDLE_LOCK_SECONDS", "30")
    assert main(["config", *base]) == 0
    assert "overridden by $FIELDNOTES_IDLE_LOCK_SECONDS" in capsys.readouterr().out


def test_theme_needs_no_passphrase_and_no_free_notebook(
    demo_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Notebook.open(demo_path):  # the app has it open
        assert main(["config", "set", "theme", "light", "--notebook", str(demo_path)]) == 0
        assert main(["config", "get", "theme"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "light"
    path = config_path()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert oct(path.parent.stat().st_mode & 0o777) == "0o700"


def test_unknown_key(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "get", "colour"]) == 1
    assert (
        "the settings are author, lock-after, retention, theme, backup-dir"
        in capsys.readouterr().err
    )


def test_a_damaged_config_file_falls_back_to_the_defaults(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text("{not json")
    damaged = read_config(path)
    assert damaged.values == {} and "not valid JSON" in damaged.problem
    path.write_text('{"theme": "purple", "author": "not here"}')
    odd = read_config(path)
    assert odd.values == {} and "theme" in odd.problem


def test_before_init_the_list_shows_the_defaults(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["config", "--notebook", str(tmp_path / "none.fieldnotes")]) == 0
    captured = capsys.readouterr()
    assert "No notebook at" in captured.err
    assert "lock-after   5" in captured.out
