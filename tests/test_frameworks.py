"""Framework and codebook files: what loads, and how each mistake is reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldnotes.domain.frameworks import (
    builtin_codebook_path,
    builtin_framework_paths,
    load_codebook,
    load_framework,
    load_frameworks,
    sample_data_dir,
)
from fieldnotes.domain.model import OBSTACLE_STATUSES, CodebookEntry
from fieldnotes.errors import FileFormatError

VALID = '''\
id = "kss-pl"
name = "Knowledge and Skills Statement for Practice Leaders"
short_name = "KSS-PL"
description = """
Nine statements of what a practice leader knows and does.
"""
source = "Department for Education, 2018"

[[principle]]
code = "1"
title = "Lead practice"
description = "Promote and govern excellent practice."

[[principle]]
code = "2"
title = "Develop excellent practitioners"

[[principle]]
code = "3"
title = "Shape and influence the practice system"
'''


def write(tmp_path: Path, text: str, name: str = "framework.toml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def error_for(load, path: Path) -> FileFormatError:  # type: ignore[no-untyped-def]
    with pytest.raises(FileFormatError) as caught:
        load(path)
    return caught.value


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """1-based line of the `occurrence`th line containing `fragment`."""
    hits = [n for n, line in enumerate(text.split("\n"), start=1) if fragment in line]
    return hits[occurrence - 1]


# --- frameworks ----------------------------------------------------------------------------


def test_valid_framework_loads_with_principle_ids(tmp_path: Path) -> None:
    framework = load_framework(write(tmp_path, VALID))
    assert framework.id == "kss-pl"
    assert framework.short_name == "KSS-PL"
    assert framework.description == "Nine statements of what a practice leader knows and does."
    assert framework.source == "Department for Education, 2018"
    assert [p.id for p in framework.principles] == ["kss-pl.1", "kss-pl.2", "kss-pl.3"]
    assert framework.principles[0].framework_id == "kss-pl"
    assert framework.principles[0].description == "Promote and govern excellent practice."
    assert framework.principles[2].title == "Shape and influence the practice system"


def test_missing_title_in_third_principle_points_at_that_table(tmp_path: Path) -> None:
    text = VALID.replace('title = "Shape and influence the practice system"\n', "")
    path = write(tmp_path, text, "kss.toml")
    error = error_for(load_framework, path)
    assert error.line == line_of(text, "[[principle]]", occurrence=3)
    assert str(error) == f'{path}:{error.line}: principle "3" is missing its title'


def test_empty_title_points_at_the_title_line(tmp_path: Path) -> None:
    text = VALID.replace('title = "Develop excellent practitioners"', 'title = "  "')
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == line_of(text, 'title = "  "')
    assert 'principle "2" has an empty title' in str(error)


def test_duplicate_code_names_both_lines(tmp_path: Path) -> None:
    text = VALID.replace('code = "3"', 'code = "1"')
    error = error_for(load_framework, write(tmp_path, text))
    first, second = line_of(text, 'code = "1"'), line_of(text, 'code = "1"', occurrence=2)
    assert error.line == second
    assert f"first on line {first}" in error.problem
    assert "used twice" in error.problem


@pytest.mark.parametrize(
    ("old", "new", "mentions"),
    [
        ('id = "kss-pl"', 'id = "KSS PL"', "framework id"),
        ('id = "kss-pl"', 'id = "-kss"', "framework id"),
        ('id = "kss-pl"', f'id = "{"a" * 41}"', "at most 40"),
        ('code = "2"', 'code = "Two"', 'principle code "Two"'),
        ('code = "2"', 'code = "2.1"', 'principle code "2.1"'),
    ],
)
def test_bad_slugs_point_at_their_line(tmp_path: Path, old: str, new: str, mentions: str) -> None:
    text = VALID.replace(old, new)
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == line_of(text, new)
    assert mentions in error.problem


def test_unknown_top_level_key_is_a_typo_not_ignored(tmp_path: Path) -> None:
    text = VALID.replace('source = "', 'sauce = "')
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == line_of(text, "sauce =")
    assert 'unknown key "sauce"' in error.problem


def test_unknown_key_inside_a_principle(tmp_path: Path) -> None:
    text = VALID.replace('title = "Develop excellent practitioners"', 'titel = "Develop"')
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == line_of(text, "titel =")
    assert 'unknown key "titel" in the 2nd [[principle]]' in error.problem


def test_wrong_type_is_an_error_with_a_hint(tmp_path: Path) -> None:
    text = VALID.replace('code = "2"', "code = 2")
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == line_of(text, "code = 2")
    assert "must be a string" in error.problem
    assert "not a whole number" in error.problem


def test_short_name_too_long(tmp_path: Path) -> None:
    text = VALID.replace('short_name = "KSS-PL"', 'short_name = "Knowledge and Skills"')
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == line_of(text, "short_name =")
    assert "at most 16" in error.problem


def test_missing_top_level_key_points_at_line_one(tmp_path: Path) -> None:
    text = VALID.replace('name = "Knowledge and Skills Statement for Practice Leaders"\n', "")
    error = error_for(load_framework, write(tmp_path, text))
    assert (error.line, error.problem) == (1, "the framework is missing its name")


def test_framework_without_principles(tmp_path: Path) -> None:
    text = VALID.split("[[principle]]")[0]
    error = error_for(load_framework, write(tmp_path, text))
    assert "no principles" in error.problem


def test_principle_written_as_a_single_table(tmp_path: Path) -> None:
    text = 'id = "x"\nname = "X"\nshort_name = "X"\n[principle]\ncode = "1"\ntitle = "t"\n'
    error = error_for(load_framework, write(tmp_path, text))
    assert "[[principle]]" in error.problem


def test_toml_syntax_error_reports_tomllib_line(tmp_path: Path) -> None:
    text = VALID.replace('title = "Develop excellent practitioners"', "title = Develop")
    path = write(tmp_path, text)
    error = error_for(load_framework, path)
    assert error.line == line_of(text, "title = Develop")
    assert str(error).startswith(f"{path}:{error.line}: invalid TOML at column 9")
    assert "(at line" not in str(error)


def test_unterminated_string_at_end_of_file(tmp_path: Path) -> None:
    text = VALID + 'extra = """never closed\n'
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == text.count("\n") + 1
    assert "unterminated string" in error.problem


def test_not_utf8_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.toml"
    path.write_bytes(VALID.replace("Lead practice", "Lead pr\xe2ctice").encode("latin-1"))
    error = error_for(load_framework, path)
    assert error.line == line_of(VALID, "Lead practice")
    assert "not UTF-8" in error.problem


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + VALID.encode())
    assert load_framework(path).id == "kss-pl"


@pytest.mark.parametrize("text", ["", "\n\n  \n"])
def test_empty_file(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, text)
    for load in (load_framework, load_codebook):
        error = error_for(load, path)
        assert "empty" in error.problem
        assert str(error).startswith(f"{path}:1:")


def test_missing_file_and_directory(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    for load in (load_framework, load_codebook):
        assert str(error_for(load, missing)) == f"{missing}: no such file"
        assert "is a directory" in str(error_for(load, tmp_path))


def test_huge_file_is_refused_without_parsing(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "# padding\n" * 200_000)
    assert "larger than" in error_for(load_framework, path).problem


def test_deeply_nested_value_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = write(tmp_path, VALID + "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert "nested too deeply" in error_for(load_framework, path).problem


def test_enormous_integer_is_an_error_not_a_crash(tmp_path: Path) -> None:
    text = VALID + "x = " + "9" * 5000 + "\n"
    error = error_for(load_framework, write(tmp_path, text))
    assert error.line == text.count("\n")


def test_duplicate_framework_ids_across_files_names_both(tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "a.toml")
    second = write(tmp_path, VALID.replace('name = "Knowledge', 'name = "Other'), "b.toml")
    with pytest.raises(FileFormatError) as caught:
        load_frameworks([first, second])
    message = str(caught.value)
    assert message.startswith(f"{second}:1:")
    assert str(first) in message
    assert '"kss-pl"' in message


def test_load_frameworks_keeps_order(tmp_path: Path) -> None:
    first = write(tmp_path, VALID, "a.toml")
    second = write(tmp_path, VALID.replace('id = "kss-pl"', 'id = "pcf"'), "b.toml")
    assert [f.id for f in load_frameworks([second, first])] == ["pcf", "kss-pl"]


# --- codebooks -----------------------------------------------------------------------------

CODEBOOK = """\
[[obstacle]]
name = "IT and case recording system"
status = "evidenced"
ask = "One chronology, entered once."

  [[obstacle.sub]]
  name = "Duplicate data entry"
  description = "The same facts typed into three forms."

    [[obstacle.sub.sub]]
    name = "Chronology"

  [[obstacle.sub]]
  name = "Slow log-in"
  status = "raised"

[[obstacle]]
name = "Recording burden"
"""


def test_codebook_nesting_and_defaults(tmp_path: Path) -> None:
    entries = load_codebook(write(tmp_path, CODEBOOK, "codebook.toml"))
    assert [e.name for e in entries] == ["IT and case recording system", "Recording burden"]
    it = entries[0]
    assert (it.status, it.ask) == ("evidenced", "One chronology, entered once.")
    assert [c.name for c in it.children] == ["Duplicate data entry", "Slow log-in"]
    assert it.children[0].children == (CodebookEntry(name="Chronology"),)
    assert it.children[0].description == "The same facts typed into three forms."
    assert it.children[1].status == "raised"
    assert entries[1] == CodebookEntry(name="Recording burden", status="emerging")


@pytest.mark.parametrize("status", OBSTACLE_STATUSES)
def test_every_status_is_accepted(tmp_path: Path, status: str) -> None:
    text = f'[[obstacle]]\nname = "A"\nstatus = "{status}"\n'
    assert load_codebook(write(tmp_path, text))[0].status == status


def test_unknown_status_lists_the_choices(tmp_path: Path) -> None:
    text = CODEBOOK.replace('status = "raised"', 'status = "fixed"')
    error = error_for(load_codebook, write(tmp_path, text))
    assert error.line == line_of(text, 'status = "fixed"')
    assert "emerging, evidenced, raised, change agreed, resolved" in error.problem
    assert '"IT and case recording system/Slow log-in"' in error.problem


def test_duplicate_sibling_names_ignore_case(tmp_path: Path) -> None:
    text = CODEBOOK.replace('name = "Slow log-in"', 'name = "duplicate DATA entry"')
    error = error_for(load_codebook, write(tmp_path, text))
    assert error.line == line_of(text, "duplicate DATA entry")
    assert f"first on line {line_of(text, 'Duplicate data entry')}" in error.problem


def test_same_name_under_different_parents_is_fine(tmp_path: Path) -> None:
    text = CODEBOOK + '  [[obstacle.sub]]\n  name = "Duplicate data entry"\n'
    entries = load_codebook(write(tmp_path, text))
    assert entries[1].children[0].name == "Duplicate data entry"


def test_missing_name_in_nested_table_points_at_its_header(tmp_path: Path) -> None:
    text = CODEBOOK.replace('    name = "Chronology"\n', '    description = "x"\n')
    error = error_for(load_codebook, write(tmp_path, text))
    assert error.line == line_of(text, "[[obstacle.sub.sub]]")
    assert "[[obstacle.sub.sub]]" in error.problem
    assert "missing its name" in error.problem


def test_slash_in_name_is_refused(tmp_path: Path) -> None:
    text = CODEBOOK.replace('name = "Slow log-in"', 'name = "Slow log-in/out"')
    error = error_for(load_codebook, write(tmp_path, text))
    assert error.line == line_of(text, "Slow log-in/out")
    assert "contains a /" in error.problem


def test_unknown_key_in_codebook(tmp_path: Path) -> None:
    text = CODEBOOK.replace('ask = "One', 'asks = "One')
    error = error_for(load_codebook, write(tmp_path, text))
    assert error.line == line_of(text, "asks =")


def test_codebook_without_obstacles(tmp_path: Path) -> None:
    assert "no [[obstacle]]" in error_for(load_codebook, write(tmp_path, "# nothing\n")).problem


def test_codebook_nesting_limit(tmp_path: Path) -> None:
    headers = ["obstacle" + ".sub" * depth for depth in range(12)]
    text = "".join(f'[[{h}]]\nname = "n"\n' for h in headers)
    error = error_for(load_codebook, write(tmp_path, text))
    assert "more than 10 levels" in error.problem


def test_multiline_string_containing_a_header_does_not_confuse_lines(tmp_path: Path) -> None:
    text = (
        '[[obstacle]]\nname = "A"\ndescription = """\n[[obstacle]]\nname = "fake"\n"""\n'
        '[[obstacle]]\nname = "a"\n'
    )
    error = error_for(load_codebook, write(tmp_path, text))
    assert error.line == 8


# --- shipped sample data -------------------------------------------------------------------


def test_sample_data_exists() -> None:
    assert sample_data_dir().is_dir()
    assert len(builtin_framework_paths()) >= 1
    assert builtin_codebook_path().is_file()


def test_every_builtin_framework_loads() -> None:
    frameworks = load_frameworks(builtin_framework_paths())
    assert len(frameworks) == len(builtin_framework_paths())
    for framework in frameworks:
        assert framework.principles


def test_builtin_codebook_loads() -> None:
    entries = load_codebook(builtin_codebook_path())
    assert entries
    assert any(entry.children for entry in entries)


# --- never anything but FileFormatError ----------------------------------------------------

toml_ish = st.text(
    alphabet=st.sampled_from([*"[]{}=\"'#.,\n abcdefgh123-_:tT\\ ", "\t", "\x00", "é"]),
    max_size=200,
)
structured = st.lists(
    st.sampled_from(
        [
            "[[principle]]",
            "[[obstacle]]",
            "[[obstacle.sub]]",
            "[principle]",
            'id = "x"',
            'name = "n"',
            'short_name = "s"',
            'code = "1"',
            "code = 1",
            'title = "t"',
            'status = "raised"',
            'status = "nope"',
            'name = "a/b"',
            'sub = [{name = "q"}]',
            'description = """',
            '"""',
            "x = [",
            "]",
        ]
    ),
    max_size=20,
).map("\n".join)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(content=st.one_of(st.binary(max_size=300), st.text(max_size=300), toml_ish, structured))
def test_any_input_loads_or_raises_file_format_error(tmp_path: Path, content: bytes | str) -> None:
    path = tmp_path / "fuzz.toml"
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_bytes(content)
    for load in (load_framework, load_codebook):
        try:
            load(path)
        except FileFormatError as error:
            assert "\n" not in str(error)
            assert error.line is None or error.line >= 1
