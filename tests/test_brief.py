"""Briefs: composition, the identifier check, HTML, and export to leaders end to end."""

from __future__ import annotations

import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.__main__ import main
from fieldnotes.crypto.age import decrypt, generate_identity
from fieldnotes.domain.brief import (
    BriefRequest,
    Resolution,
    apply_resolutions,
    default_obstacle_ids,
    find_identifiers,
    parse_document,
    render_html,
)
from fieldnotes.domain.model import NoteDraft, Quote
from fieldnotes.errors import FieldnotesError, InvalidInput
from fieldnotes.notebook import Notebook

from .conftest import DEMO_PASSPHRASE


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("DOB 04/11/2016 noted", "date of birth"),
        ("born on 3 March 2015", "date of birth"),
        ("NHS 943 476 5919 on file", "NHS number"),
        ("rang 07700 900123 twice", "phone number"),
        ("call +44 20 7946 0958", "phone number"),
        ("emailed mum.x@example.org", "email"),
        ("lives near EM4 7QT now", "postcode"),
        ("at 14 Wexford Lane again", "street address"),
    ],
)
def test_each_identifier_kind_is_found(text: str, kind: str) -> None:
    [finding] = find_identifiers(text)
    assert finding.kind == kind
    assert finding.text in text
    assert finding.text not in repr(finding)


def test_clean_text_and_our_own_dates_are_not_flagged() -> None:
    text = "Seen in 4 notes from 2026-08-03 to 2026-10-30; 12 workers, 3 teams, 40 referrals."
    assert find_identifiers(text) == []
    # A date is flagged only as a date of birth: a meeting date identifies nobody.
    assert find_identifiers("Met on 12/05/2026; CAMHS declined the referral on 13/11/26.") == []
    # A ten-digit number that fails the NHS check digit is not an NHS number.
    assert all(f.kind != "NHS number" for f in find_identifiers("ref 123 456 7890"))


def test_protected_names_are_whole_words_any_case() -> None:
    findings = find_identifiers("Kayden said no. Mckayden is not him. KAYDEN again.", ["Kayden"])
    assert [(f.kind, f.text) for f in findings] == [
        ("protected name", "Kayden"),
        ("protected name", "KAYDEN"),
    ]


def test_resolutions_and_a_log_without_the_identifiers() -> None:
    text = "Mum on 07700 900123.\nKayden at school.\nMet near EM4 7QT."
    findings = find_identifiers(text, ["Kayden"])
    with pytest.raises(InvalidInput, match="3 possible identifiers still to resolve"):
        apply_resolutions(text, findings, {})
    by_kind = {f.kind: f.id for f in findings}
    resolved, log = apply_resolutions(
        text,
        findings,
        {
            by_kind["phone number"]: Resolution("redact"),
            by_kind["protected name"]: Resolution("replace", "the child"),
            by_kind["postcode"]: Resolution("confirm"),
        },
    )
    assert resolved == "Mum on [redacted].\nthe child at school.\nMet near EM4 7QT."
    assert log == [
        "line 1: phone number — redacted",
        "line 2: protected name — replaced with “the child”",
        "line 3: postcode — confirmed as not identifying",
    ]
    assert not any("07700" in entry or "Kayden" in entry for entry in log)


def test_html_escapes_raw_html_and_is_self_contained() -> None:
    document = (
        '+++\nfieldnotes_brief = 1\ntitle = "T <b>"\n+++\n\n# Brief\n\n'
        "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>\n"
    )
    page = render_html(document)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript' not in page
    assert "<img" not in page
    assert "http://" not in page and "https://" not in page
    assert "T &lt;b&gt;" in page


def test_compose_brief_from_the_demo(demo_notebook: Notebook) -> None:
    synthesis = demo_notebook.synthesis()
    chosen = default_obstacle_ids(synthesis)
    statuses = {demo_notebook.obstacle(i).status for i in chosen}
    assert chosen and statuses <= {"evidenced", "raised", "change agreed"}
    body = demo_notebook.compose_brief(
        BriefRequest(chosen[:2], audience="Senior leadership team", summary="Two things to fix."),
        synthesis,
    )
    first = synthesis.for_obstacle(chosen[0])
    assert body.startswith("# What our field notes show about the system")
    assert "For Senior leadership team" in body and "Two things to fix." in body
    assert f"## 1. {first.path.replace('/', ' › ')}" in body
    assert "### Voices" in body and first.quotes[0].quote.text.split()[0] in body
    assert "### Proposed systems change and the ask" in body
    assert "### The principle at stake" in body


def test_export_to_a_leader_and_the_author_then_log(
    demo_notebook: Notebook, tmp_path: Path
) -> None:
    leader_secret, leader_public = generate_identity()
    leader = demo_notebook.add_leader("Director of Children's Services", leader_public)
    with pytest.raises(InvalidInput, match="already in the address book"):
        demo_notebook.add_leader("Again", leader_public)
    synthesis = demo_notebook.synthesis()
    request = BriefRequest(default_obstacle_ids(synthesis)[:1], "DCS", "Summary.")
    body = demo_notebook.compose_brief(request, synthesis)
    findings = find_identifiers(body)
    checked, log = apply_resolutions(body, findings, {f.id: Resolution("redact") for f in findings})
    path = demo_notebook.export_brief(checked, log, request, tmp_path, leader_ids=[leader.id])
    assert path.parent == tmp_path and path.name.startswith("brief-") and path.suffix == ".age"
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    sealed = path.read_bytes()
    assert b"Director" not in sealed and b"Summary" not in sealed
    for identities in ([leader_secret], demo_notebook.author_identities()):
        parsed = parse_document(decrypt(sealed, identities=identities).decode())
        assert parsed.metadata["audience"] == "DCS"
        assert "## Identifier check" in parsed.body
    stranger, _ = generate_identity()
    with pytest.raises(FieldnotesError):
        decrypt(sealed, identities=[stranger])
    [record] = demo_notebook.exports()
    assert record.recipients == ("Director of Children's Services",)
    assert record.file_name == path.name
    assert record.snapshot  # what the evidence was, for "what changed" next time


def test_changes_since_last_brief(demo_notebook: Notebook, tmp_path: Path) -> None:
    _, public = generate_identity()
    synthesis = demo_notebook.synthesis()
    request = BriefRequest(default_obstacle_ids(synthesis)[:1], "DCS", "")
    body = demo_notebook.compose_brief(request, synthesis)
    findings = find_identifiers(body)
    checked, log = apply_resolutions(body, findings, {f.id: Resolution("redact") for f in findings})
    demo_notebook.export_brief(checked, log, request, tmp_path, recipients=[public])
    assert demo_notebook.changes_since_last_brief(demo_notebook.synthesis()) == []
    top = synthesis.for_obstacle(request.obstacle_ids[0])
    demo_notebook.add_note(
        NoteDraft(
            mode="observe",
            occurred_at=datetime(2026, 10, 30, 15),
            description="More of the same.",
            quotes=[Quote("Again.", "social worker")],
            obstacle_ids=[top.obstacle.id],
        )
    )
    [change] = [
        c
        for c in demo_notebook.changes_since_last_brief(demo_notebook.synthesis())
        if c.obstacle_id == top.obstacle.id
    ]
    assert change.summary.startswith("+1 note")


def test_passphrase_brief_cannot_mix_with_keys(demo_notebook: Notebook, tmp_path: Path) -> None:
    _, public = generate_identity()
    request = BriefRequest(default_obstacle_ids(demo_notebook.synthesis())[:1], "DCS", "")
    with pytest.raises(InvalidInput, match="not both"):
        demo_notebook.export_brief(
            "x", [], request, tmp_path, recipients=[public], passphrase="long enough"
        )
    path = demo_notebook.export_brief(
        "Body", [], request, tmp_path / "b.age", passphrase="long enough"
    )
    assert b"Body" in decrypt(path.read_bytes(), passphrase="long enough")


@pytest.mark.skipif(shutil.which("age-keygen") is None, reason="the age tool is not installed")
def test_cli_export_then_age_decrypts_then_fieldnotes_decrypts(
    demo_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The issue's journey: a leader with only `age` and a key from `age-keygen` reads it."""
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    key = tmp_path / "leader.txt"
    made = subprocess.run(
        ["age-keygen", "-o", str(key)], capture_output=True, text=True, check=True
    )
    public = made.stderr.split("Public key:")[1].strip()
    out = tmp_path / "out"
    out.mkdir()
    notebook = ["--notebook", str(demo_path)]
    assert main(["brief", "export", *notebook, "--to", public, "--output", str(out)]) == 1
    assert "possible identifier" in capsys.readouterr().err
    assert list(out.iterdir()) == []
    assert (
        main(
            [
                "brief",
                "export",
                *notebook,
                "--to",
                public,
                "--html",
                "--identifiers",
                "redact",
                "--output",
                str(out),
            ]
        )
        == 0
    )
    capsys.readouterr()
    [brief] = list(out.iterdir())
    shown = subprocess.run(
        ["age", "-d", "-i", str(key), str(brief)], capture_output=True, check=True
    )
    assert shown.stdout.startswith(b"<!DOCTYPE html>")
    assert b"What our field notes show about the system" in shown.stdout
    assert main(["brief", "decrypt", str(brief), "--identity", str(key)]) == 0
    assert "Identifier check" in capsys.readouterr().out
    target = tmp_path / "plain.html"
    assert (
        main(["brief", "decrypt", str(brief), "--identity", str(key), "--output", str(target)]) == 0
    )
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    other = tmp_path / "other.txt"
    subprocess.run(["age-keygen", "-o", str(other)], capture_output=True, check=True)
    assert (
        main(
            [
                "brief",
                "decrypt",
                str(brief),
                "--identity",
                str(other),
                "--output",
                str(tmp_path / "no.html"),
            ]
        )
        == 1
    )
    assert not (tmp_path / "no.html").exists()
    assert main(["brief", "log", *notebook]) == 0
    assert brief.name in capsys.readouterr().out


def test_keygen_writes_a_private_identity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "me.txt"
    assert main(["keygen", "--output", str(target)]) == 0
    public = capsys.readouterr().out.strip()
    assert public.startswith("age1")
    assert oct(target.stat().st_mode & 0o777) == "0o600"
    assert f"# public key: {public}" in target.read_text()
    assert main(["keygen", "--output", str(target)]) == 1
    protected = tmp_path / "sealed.txt"
    phrase = tmp_path / "phrase"
    phrase.write_text("identity passphrase here")
    assert main(["keygen", "--output", str(protected), "--protect-file", str(phrase)]) == 0
    assert protected.read_bytes().startswith(b"age-encryption.org/v1")
