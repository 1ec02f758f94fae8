"""`fieldnotes export qdpx`: the demo notebook as a REFI-QDA project, encrypted or checked."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from io import BytesIO
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import xmlschema

from fieldnotes.__main__ import main
from fieldnotes.crypto.age import generate_identity
from fieldnotes.domain.qdpx import NAMESPACE, read_archive, semantic_problems
from fieldnotes.errors import IdentifiersFound
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE

SCHEMA = xmlschema.XMLSchema(Path(__file__).parent / "data" / "refi-qda" / "Project-mrt2019.xsd")
PLANTED = ["sunnyday86@example.org", "EM4 7QT", "14 Wexford Lane"]
"""Identifiers the demo notes carry on purpose, for the identifier check to find."""


@pytest.fixture
def phrase_file(tmp_path: Path) -> Path:
    path = tmp_path / "demo-phrase"
    path.write_text(f"{DEMO_PASSPHRASE}\n")
    return path


def _argv(demo_path: Path, phrase_file: Path, *more: str) -> list[str]:
    base = ["export", "qdpx", "--notebook", str(demo_path), "--passphrase-file"]
    return [*base, str(phrase_file), *more]


def test_the_demo_notebook_is_a_valid_sound_project(demo_notebook: Notebook) -> None:
    project = demo_notebook.qdpx_project()
    SCHEMA.validate(ET.fromstring(project.document))
    assert semantic_problems(project) == []
    root = ET.fromstring(project.document)
    sources = root.findall(f"{{{NAMESPACE}}}Sources/{{{NAMESPACE}}}TextSource")
    assert len(sources) == len(demo_notebook.notes())
    memos = root.findall(f"{{{NAMESPACE}}}Notes/{{{NAMESPACE}}}Note")
    assert len(memos) == len(demo_notebook.memos())


@pytest.mark.skipif(shutil.which("age") is None, reason="the `age` tool is not installed")
def test_an_encrypted_export_opens_with_the_age_tool(
    demo_path: Path, phrase_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret, public = generate_identity()
    out = tmp_path / "out"
    out.mkdir()
    assert main(_argv(demo_path, phrase_file, "--to", public, "--output", str(out))) == 0
    (sealed,) = out.iterdir()
    assert sealed.name.endswith(".qdpx.age") and oct(sealed.stat().st_mode & 0o777) == "0o600"
    assert b"project.qde" not in sealed.read_bytes()
    key = tmp_path / "key.txt"
    key.write_text(secret + "\n")
    opened = subprocess.run(
        ["age", "--decrypt", "-i", str(key), str(sealed)], capture_output=True, check=True
    ).stdout
    project = read_archive(opened, name="export", limit=64 << 20)
    SCHEMA.validate(ET.fromstring(project.document))
    assert semantic_problems(project) == []
    assert "REFI-QDA project, encrypted" in capsys.readouterr().out


def test_the_facade_refuses_identifiers_with_a_typed_error_naming_each_place(
    demo_path: Path, phrase_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The façade says where; the command line words it, as it words the Markdown export."""
    with Notebook.open(demo_path) as notebook:
        notebook.unlock(DEMO_PASSPHRASE)
        with pytest.raises(IdentifiersFound) as refused:
            notebook.qdpx_project("stop")
    places = refused.value.places
    assert places and all(place.count(":") >= 2 for place in places)  # where:line: kind
    assert not any(planted in "".join(places) for planted in PLANTED)
    target = tmp_path / "notes.qdpx"
    assert main(_argv(demo_path, phrase_file, "--plaintext", "--output", str(target))) == 1
    assert not target.exists()
    shown = "; ".join(places[:8]) + (f" and {len(places) - 8} more" if len(places) > 8 else "")
    assert capsys.readouterr().err == (
        f"fieldnotes: {len(places)} possible identifier(s) — {shown}. Pass --identifiers "
        "redact (or confirm), or export encrypted; nothing was exported\n"
    )


def test_a_plaintext_export_stops_at_identifiers_then_redacts_them(
    demo_path: Path, phrase_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "notes.qdpx"
    argv = _argv(demo_path, phrase_file, "--plaintext", "--output", str(target))
    assert main(argv) == 1
    error = capsys.readouterr().err
    assert "possible identifier(s)" in error and "nothing was exported" in error
    assert not any(planted in error for planted in PLANTED)
    assert not target.exists()
    assert main([*argv, "--identifiers", "redact"]) == 0
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    with zipfile.ZipFile(BytesIO(target.read_bytes())) as archive:
        everything = b"".join(archive.read(name) for name in archive.namelist()).decode()
    assert "[redacted]" in everything
    assert not any(planted in everything for planted in PLANTED)
    project = read_archive(target.read_bytes(), name="notes.qdpx", limit=64 << 20)
    assert semantic_problems(project) == []
    # A second export never replaces the first.
    assert main([*argv, "--identifiers", "redact"]) == 1
    assert "exists" in capsys.readouterr().err


def test_plaintext_and_a_recipient_together_are_refused(
    demo_path: Path, phrase_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _, public = generate_identity()
    argv = _argv(demo_path, phrase_file, "--plaintext", "--to", public)
    assert main([*argv, "--output", str(tmp_path / "x.qdpx")]) == 1
    assert "drop --to" in capsys.readouterr().err
    assert not (tmp_path / "x.qdpx").exists()
