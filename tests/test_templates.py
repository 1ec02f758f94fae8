"""Templates for recurring settings: checked like frameworks, and a note file to import."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.__main__ import main
from fieldnotes.domain.frameworks import builtin_framework_paths, load_frameworks
from fieldnotes.domain.templates import (
    builtin_template_paths,
    load_template,
    load_templates,
    user_templates_dir,
)
from fieldnotes.errors import FileFormatError
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

SETTINGS = {
    "duty",
    "group-supervision",
    "home-visit",
    "child-protection-conference",
    "team-meeting",
}


def test_the_built_in_templates_load_and_name_real_principles() -> None:
    templates = load_templates(builtin_template_paths())
    assert {t.id for t in templates} == SETTINGS
    principles = {p.id for f in load_frameworks(builtin_framework_paths()) for p in f.principles}
    for template in templates:
        assert template.prompts and template.participants and template.setting
        assert set(template.principles) <= principles, template.id


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('id = "x"\nname = "X"\ncolour = "red"\n', 3, "unknown key"),
        ('id = "Home Visit"\nname = "X"\n', 1, "lowercase"),
        ('name = "X"\n', 1, "missing its id"),
        ('id = "x"\nname = "X"\nmode = "watch"\n', 3, "not one of"),
        ('id = "x"\nname = "X"\nprompts = "one"\n', 3, "list of strings"),
        ('id = "x"\nname = "X"\nprinciples = ["worried"]\n', 3, "not a principle id"),
        ('id = "x"\nname = "X"\nparticipants = ["", "b"]\n', 3, "empty item"),
        ('id = "x"\nname = [\n', 3, "invalid TOML"),
        ("", 1, "empty"),
    ],
)
def test_a_broken_template_names_its_line(tmp_path: Path, text: str, line: int, words: str) -> None:
    path = tmp_path / "t.toml"
    path.write_text(text)
    with pytest.raises(FileFormatError) as caught:
        load_template(path)
    assert caught.value.line == line
    assert words in str(caught.value)


def test_two_templates_with_one_id_are_refused(tmp_path: Path) -> None:
    for name in ("a", "b"):
        (tmp_path / f"{name}.toml").write_text('id = "duty"\nname = "Duty"\n')
    with pytest.raises(FileFormatError, match="also used by"):
        load_templates(sorted(tmp_path.glob("*.toml")))


def test_a_template_gives_a_note_file_that_imports(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = user_templates_dir()
    own.mkdir(parents=True)
    (own / "audit.toml").write_text(
        'id = "practice-audit"\nname = "Practice audit"\nmode = "question"\n'
        'setting = "Audit conversation"\nprompts = ["What did the family say?"]\n'
    )
    assert main(["template", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["templates"]
    assert {t["id"] for t in listed} == SETTINGS | {"practice-audit"}

    assert main(["template", "home-visit", "--team", "Riverside Locality Team"]) == 0
    note_file = tmp_path / "visit.md"
    note_file.write_text(capsys.readouterr().out)
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    assert main(["import", "--notebook", str(demo_path), str(note_file)]) == 0
    notebook = Notebook.open(demo_path)
    notebook.unlock(DEMO_PASSPHRASE)
    try:
        (note,) = [n for n in notebook.notes() if "What did the child show" in n.description]
        assert (note.mode, note.team) == ("co-work", "Riverside Locality Team")
        assert note.participants == ["social worker", "parent", "child"]
        assert {p.principle_id for p in note.principles} == {
            "sos.child-voice",
            "sos.relationships",
            "pcf.values",
        }
        assert "What did the child show or say" in note.description
    finally:
        notebook.close()

    assert main(["template", "nothing-like-it"]) == 1
    assert "no template 'nothing-like-it'" in capsys.readouterr().err


template_lines = st.lists(
    st.sampled_from(
        [
            'id = "x"',
            'id = "X Y"',
            'name = "n"',
            "name = 3",
            'mode = "question"',
            'mode = "nope"',
            'setting = "s"',
            'participants = ["a", ""]',
            "participants = [1]",
            'principles = ["sos.worried", "bad"]',
            "prompts = []",
            'prompts = "one"',
            "[table]",
            "x = [",
            "]",
            '"""',
        ]
    ),
    max_size=12,
).map("\n".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300), template_lines))
def test_any_input_loads_or_raises_file_format_error(tmp_path: Path, content: bytes | str) -> None:
    path = tmp_path / "fuzz.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    try:
        load_template(path)
    except FileFormatError as error:
        assert "\n" not in str(error)
        assert error.line is None or error.line >= 1
