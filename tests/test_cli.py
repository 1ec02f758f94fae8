"""The command line as a person (or a script) uses it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto import kdf
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

SAMPLE = Path(__file__).resolve().parent.parent / "sample_data"


@pytest.fixture
def cheap_kdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """In-process tests create notebooks with the cheapest accepted parameters."""
    import fieldnotes.cli.safety

    monkeypatch.setattr(fieldnotes.cli.safety, "INIT_KDF", kdf.FLOOR_KDF)


def run_cli(
    *args: str, env: dict[str, str] | None = None, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "fieldnotes", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        timeout=120,
    )


def test_new_user_journey_end_to_end(tmp_path: Path) -> None:
    """README journey: init, add, import, list, search, change passphrase — as processes."""
    notebook = tmp_path / "mine.fieldnotes"
    phrase = tmp_path / "phrase"
    phrase.write_text("river stones and oak leaves\n")
    base = ["--notebook", str(notebook), "--passphrase-file", str(phrase)]

    created = run_cli("init", *base)
    assert created.returncode == 0, created.stderr
    assert "4 framework(s)" in created.stdout
    assert oct(notebook.stat().st_mode & 0o777) == "0o600"

    added = run_cli(
        "add",
        *base,
        "--mode",
        "co-work",
        "--team",
        "Riverside Locality Team",
        "--setting",
        "home visit",
        "--principle",
        "sos.worried:at-risk",
        "--obstacle",
        "Recording burden",
        stdin="Co-worked a visit; the laptop would not connect.\n\n## Asides\nI felt rushed.\n",
    )
    assert added.returncode == 0, added.stderr
    note_id = added.stdout.strip()

    imported = run_cli("import", *base, str(SAMPLE / "notes"))
    assert imported.returncode == 0, imported.stderr
    count = len(list((SAMPLE / "notes").glob("*.md")))
    assert f"Imported {count} note(s)" in imported.stdout

    listed = run_cli("list", *base, "--json", "--mode", "co-work")
    payload = json.loads(listed.stdout)
    assert payload["count"] == len(payload["notes"]) >= 2
    mine = next(n for n in payload["notes"] if n["id"] == note_id)
    assert mine["team"] == "Riverside Locality Team"
    assert mine["asides"] == "I felt rushed."
    assert mine["principles"][0]["id"] == "sos.worried"
    assert mine["principles"][0]["stance"] == "at-risk"
    assert mine["obstacles"][0]["path"] == "Recording burden"

    found = run_cli("search", *base, "laptop would not connect")
    assert found.returncode == 0
    assert note_id[:8] in found.stdout

    new_phrase = tmp_path / "new-phrase"
    new_phrase.write_text("a different and longer phrase")
    changed = run_cli("passwd", *base, "--new-passphrase-file", str(new_phrase))
    assert changed.returncode == 0, changed.stderr
    old = run_cli("list", *base)
    assert old.returncode == 1 and "wrong passphrase" in old.stderr
    new = run_cli("list", "--notebook", str(notebook), "--passphrase-file", str(new_phrase))
    assert new.returncode == 0 and note_id[:8] in new.stdout


def test_errors_are_one_line_never_a_traceback(tmp_path: Path) -> None:
    missing = run_cli(
        "list", "--notebook", str(tmp_path / "none.fieldnotes"), env={"FIELDNOTES_PASSPHRASE": "x"}
    )
    assert missing.returncode == 1
    assert missing.stderr.count("\n") == 1 and "no notebook" in missing.stderr
    junk = tmp_path / "junk.fieldnotes"
    junk.write_bytes(b"\x00" * 8192)
    damaged = run_cli("list", "--notebook", str(junk), env={"FIELDNOTES_PASSPHRASE": "x"})
    assert damaged.returncode == 1 and "Traceback" not in damaged.stderr
    assert "not a fieldnotes notebook" in damaged.stderr or "damaged" in damaged.stderr


def test_no_passphrase_and_no_terminal_never_prompts(demo_path: Path) -> None:
    result = run_cli("list", "--notebook", str(demo_path))
    assert result.returncode == 1
    assert "--passphrase-file" in result.stderr


def test_list_filters_and_json_shape(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["list", "--notebook", str(demo_path), "--json"]) == 0
    everything = json.loads(capsys.readouterr().out)
    assert everything["format"] == 1
    note = everything["notes"][0]
    assert set(note) == {
        "id",
        "mode",
        "stage",
        "occurred_at",
        "created_at",
        "updated_at",
        "revision",
        "team",
        "setting",
        "participants",
        "description",
        "asides",
        "quotes",
        "consent",
        "follow_up",
        "principles",
        "obstacles",
        "damaged_fields",
    }
    dates = [n["occurred_at"] for n in everything["notes"]]
    assert dates == sorted(dates, reverse=True)

    assert main(["list", "--notebook", str(demo_path), "--json", "--mode", "question"]) == 0
    questions = json.loads(capsys.readouterr().out)["notes"]
    assert questions and all(n["mode"] == "question" for n in questions)

    obstacle = next(n["obstacles"][0]["path"] for n in everything["notes"] if n["obstacles"])
    top = obstacle.split("/")[0]
    assert main(["list", "--notebook", str(demo_path), "--json", "--obstacle", top]) == 0
    tagged = json.loads(capsys.readouterr().out)["notes"]
    assert tagged and all(any(o["path"].startswith(top) for o in n["obstacles"]) for n in tagged)

    principle = next(n["principles"][0]["id"] for n in everything["notes"] if n["principles"])
    assert main(["list", "--notebook", str(demo_path), "--json", "--principle", principle]) == 0
    linked = json.loads(capsys.readouterr().out)["notes"]
    assert linked and all(any(p["id"] == principle for p in n["principles"]) for n in linked)


def test_unknown_filter_values_are_clear(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["list", "--notebook", str(demo_path), "--obstacle", "Weather"]) == 1
    assert "no obstacle called 'Weather'" in capsys.readouterr().err
    assert main(["list", "--notebook", str(demo_path), "--since", "last week"]) == 1
    assert "YYYY-MM-DD" in capsys.readouterr().err


def test_malformed_import_imports_nothing(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    batch = tmp_path / "batch"
    batch.mkdir()
    good = next((SAMPLE / "notes").glob("*.md")).read_text()
    (batch / "a-good.md").write_text(good)
    (batch / "b-bad.md").write_text('+++\nmode = "observe"\nwhen = "yesterday"\n+++\nText\n')
    assert main(["list", "--notebook", str(demo_path), "--json"]) == 0
    before = json.loads(capsys.readouterr().out)["count"]
    assert main(["import", "--notebook", str(demo_path), str(batch)]) == 1
    error = capsys.readouterr().err
    assert "b-bad.md:3" in error
    assert main(["list", "--notebook", str(demo_path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["count"] == before


def test_import_with_unknown_obstacle_imports_nothing(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    good = tmp_path / "good.md"
    good.write_text('+++\nmode = "observe"\nwhen = 2026-09-01T10:00:00\n+++\nFine.\n')
    bad = tmp_path / "bad.md"
    bad.write_text(
        '+++\nmode = "observe"\nwhen = 2026-09-01T10:00:00\nobstacles = ["Weather"]\n+++\nHm.\n'
    )
    assert main(["import", "--notebook", str(demo_path), str(good), str(bad)]) == 1
    assert "bad.md" in capsys.readouterr().err
    assert main(["search", "--notebook", str(demo_path), "Fine"]) == 0
    assert "Fine." not in capsys.readouterr().out


def test_init_with_broken_framework_creates_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", "long enough phrase")
    broken = tmp_path / "local.toml"
    broken.write_text('id = "local"\nname = "Local"\nshort_name = "L"\n[[principle]]\ncode = "1"\n')
    target = tmp_path / "n.fieldnotes"
    assert main(["init", "--notebook", str(target), "--framework", str(broken)]) == 1
    assert "local.toml:4" in capsys.readouterr().err
    assert not target.exists()


def test_add_from_file_and_show(
    empty_cli_notebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "note.md"
    body.write_text("Duty was quiet until three.\n\n## Follow-up\n- Ask about the rota.\n")
    assert (
        main(
            [
                "add",
                "--notebook",
                str(empty_cli_notebook),
                "--mode",
                "observe",
                "--stage",
                "jotting",
                "--when",
                "2026-10-02T15:00",
                "--file",
                str(body),
            ]
        )
        == 0
    )
    note_id = capsys.readouterr().out.strip()
    assert main(["show", "--notebook", str(empty_cli_notebook), note_id[:8]]) == 0
    shown = capsys.readouterr().out
    assert "Duty was quiet until three." in shown
    assert "## Follow-up" in shown and "Ask about the rota" in shown
    assert "observe, jotting" in shown


def test_add_rejects_unknown_principle(
    empty_cli_notebook: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = tmp_path / "note.md"
    body.write_text("Something seen.")
    assert (
        main(
            [
                "add",
                "--notebook",
                str(empty_cli_notebook),
                "--mode",
                "observe",
                "--principle",
                "made.up",
                "--file",
                str(body),
            ]
        )
        == 1
    )
    assert "unknown principle 'made.up'" in capsys.readouterr().err


@pytest.fixture
def empty_cli_notebook(
    tmp_path: Path,
    cheap_kdf: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Path:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", "long enough phrase")
    path = tmp_path / "cli.fieldnotes"
    assert main(["init", "--notebook", str(path)]) == 0
    capsys.readouterr()
    return path


def test_second_process_gets_a_clear_message(demo_path: Path) -> None:
    from fieldnotes.notebook import Notebook

    with Notebook.open(demo_path):
        result = run_cli(
            "list", "--notebook", str(demo_path), env={"FIELDNOTES_PASSPHRASE": DEMO_PASSPHRASE}
        )
    assert result.returncode == 1
    assert "open in another fieldnotes process" in result.stderr


def test_demo_no_open_builds_and_says_the_passphrase(tmp_path: Path) -> None:
    target = tmp_path / "demo.fieldnotes"
    result = run_cli("demo", "--notebook", str(target), "--no-open")
    assert result.returncode == 0, result.stderr
    assert "passphrase is: demo" in result.stdout
    listed = run_cli(
        "list", "--notebook", str(target), "--json", env={"FIELDNOTES_PASSPHRASE": "demo"}
    )
    assert json.loads(listed.stdout)["count"] >= 60


def test_help_lists_every_command() -> None:
    result = run_cli("--help")
    for command in ("init", "add", "import", "list", "search", "passwd", "demo"):
        assert command in result.stdout


def test_search_on_a_notebook_open_elsewhere_says_so(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The key derivation starts before the notebook is opened; the lock still decides."""
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    with Notebook.open(demo_path):
        assert main(["search", "--notebook", str(demo_path), "supervision"]) == 1
    assert "open in another fieldnotes process" in capsys.readouterr().err
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", "not the passphrase")
    assert main(["search", "--notebook", str(demo_path), "supervision"]) == 1
    assert "wrong passphrase" in capsys.readouterr().err


def test_team_filter_takes_any_case_and_a_unique_part_of_the_name(
    demo_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    phrase = tmp_path / "phrase"
    phrase.write_text(DEMO_PASSPHRASE)
    base = ["--notebook", str(demo_path), "--passphrase-file", str(phrase), "--json"]
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        riverside = {n.id for n in notebook.notes() if n.team == "Riverside Locality Team"}
    assert riverside
    for spelling in ("Riverside Locality Team", "riverside locality team", "river", "verside"):
        assert main(["list", *base, "--team", spelling]) == 0, spelling
        listed = {n["id"] for n in json.loads(capsys.readouterr().out)["notes"]}
        assert listed == riverside, spelling
    assert main(["synthesis", *base, "--team", "RIVERSIDE"]) == 0
    assert json.loads(capsys.readouterr().out)["team"] == "Riverside Locality Team"
    assert main(["list", *base, "--team", "locality"]) == 1
    error = capsys.readouterr().err
    assert "matches 2 teams" in error and "Harbourside Locality Team" in error
    assert main(["list", *base, "--team", "Atlantis"]) == 1
    assert "no team matches --team 'Atlantis'" in capsys.readouterr().err
