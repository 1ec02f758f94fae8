"""A team notebook's whole story, from the README's commands, against a real PostgreSQL.

Three people on three replicas: the lead makes the team and invites a PSW (capture) and a coder;
the PSW captures on a home visit with no signal and syncs later; the coder tags that note and
edits the codebook; the lead sees both, sets an ask and exports an encrypted brief, which the
PSW may not; the lead removes the coder, and what the lead writes after that never reaches the
coder's replica. Skips, saying why, without `FIELDNOTES_TEST_POSTGRES_URL`.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

import fieldnotes.cli.safety
from fieldnotes.__main__ import main
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.notebook import Notebook
from tests.team_support import POSTGRES_URL_VARIABLE, council_database

CLOSED_PORT = "host=127.0.0.1 port=1 dbname=x"


@dataclass
class Server:
    lead_url: str
    name: str


@pytest.fixture
def server() -> Iterator[Server]:
    """What a council's DBA does once: a database, and a lead login allowed to make roles."""
    superuser_url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not superuser_url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set: no PostgreSQL server to sync with")
    prefix = f"fny{uuid.uuid4().hex[:12]}"
    with council_database(superuser_url, prefix) as lead_url:
        yield Server(lead_url, prefix)


@dataclass
class Person:
    """One member on their own laptop: their replica and their own passphrase."""

    path: Path
    passphrase: str
    monkeypatch: pytest.MonkeyPatch
    capsys: pytest.CaptureFixture[str]

    def run(self, *words: str) -> tuple[int, str, str]:
        self.monkeypatch.setenv("FIELDNOTES_PASSPHRASE", self.passphrase)
        self.capsys.readouterr()
        code = main(["--notebook", str(self.path), *words])
        seen = self.capsys.readouterr()
        return code, seen.out, seen.err

    def ok(self, *words: str) -> str:
        code, out, err = self.run(*words)
        assert code == 0, err
        return out

    def notes(self) -> list[dict[str, Any]]:
        listed: list[dict[str, Any]] = json.loads(self.ok("list", "--json"))["notes"]
        return listed

    def point_at(self, conninfo: str) -> str:
        """Where the replica finds the server (a closed port is a home visit with no
        signal); returns where it pointed before."""
        notebook = Notebook.open(self.path)
        try:
            notebook.unlock(self.passphrase)
            link = notebook._store.team_link()
            assert link is not None
            notebook._store.save_team_link(replace(link, conninfo=conninfo))
            return link.conninfo
        finally:
            notebook.close()


def test_capture_offline_code_decide_brief_and_remove_from_the_commands(
    server: Server,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setattr(fieldnotes.cli.safety, "INIT_KDF", FLOOR_KDF)

    def person(label: str) -> Person:
        return Person(
            tmp_path / f"{label}.fieldnotes", f"{label} own passphrase", monkeypatch, capsys
        )

    lead, psw, coder = person("lead"), person("psw"), person("coder")

    # The lead makes their notebook the team's first replica and invites two colleagues.
    lead.ok("init", "--empty-codebook")
    out = lead.ok("team", "create", server.lead_url, "--label", "Lead 1", "--name", server.name)
    assert "Lead 1 (lead)" in out and "fingerprint" in out
    for label, role, who in (("PSW 1", "capture", psw), ("Coder 1", "coder", coder)):
        invitation = tmp_path / f"{role}.invitation"
        passphrase_file = tmp_path / f"{role}.invitation-passphrase"
        passphrase_file.write_text(f"a one-time passphrase for the {role} member\n")
        out = lead.ok(
            "team", "invite", label, "--role", role, "--output", str(invitation),
            "--invitation-passphrase-file", str(passphrase_file),
        )  # fmt: skip
        assert f"Invited {label} as {role}" in out
        out = who.ok(
            "team", "join", str(invitation), "--invitation-passphrase-file", str(passphrase_file)
        )
        assert f"Joined as {label} ({role})" in out
    members = json.loads(lead.ok("team", "members", "--json"))["members"]
    assert {(m["label"], m["role"]) for m in members} == {
        ("Lead 1", "lead"),
        ("PSW 1", "capture"),
        ("Coder 1", "coder"),
    }

    # A home visit with no signal: the jotting is kept and waits; it goes up later.
    real = psw.point_at(CLOSED_PORT)
    jotting = tmp_path / "visit.md"
    jotting.write_text("Home visit: the mother asked who reads these notes.\n")
    psw.ok("add", "--mode", "observe", "--stage", "jotting", "--team", "Northfield",
           "--file", str(jotting))  # fmt: skip
    code, out, err = psw.run("sync")
    assert code == 1 and "could not be reached" in out + err
    assert json.loads(psw.ok("team", "status", "--json"))["waiting"] == 1
    psw.point_at(real)
    synced = json.loads(psw.ok("sync", "--json"))
    assert synced["online"] and synced["pushed"] == 1 and synced["waiting"] == 0

    # The coder sees the PSW's note, tags it with an obstacle and edits the codebook.
    coder.ok("sync")
    (visit,) = [n for n in coder.notes() if n["description"].startswith("Home visit")]
    coder.ok("obstacle", "add", "IT system")
    out = coder.ok(
        "obstacle", "add", "Logins", "--parent", "IT system", "--description", "Locked out at 9"
    )
    assert out == "Added IT system › Logins.\n"
    tagged = json.loads(coder.ok("tag", visit["id"][:8], "--obstacle", "IT system", "--json"))
    assert tagged["changed"] == [visit["id"]]
    # Principles are codes too: the coder codes the PSW's note against one, with a stance.
    coded = json.loads(
        coder.ok("tag", visit["id"], "--principle", "sos.worried", "--stance", "at-risk", "--json")
    )
    assert coded["changed"] == [visit["id"]]
    pushed = json.loads(coder.ok("sync", "--json"))
    assert pushed["pushed"] == 3 and pushed["waiting"] == 0  # two obstacles and the note's codes

    # The lead sees both, sets an ask and exports an encrypted brief.
    lead.ok("sync")
    (seen,) = [n for n in lead.notes() if n["id"] == visit["id"]]
    assert [o["path"] for o in seen["obstacles"]] == ["IT system"]
    assert [(p["id"], p["stance"]) for p in seen["principles"]] == [("sos.worried", "at-risk")]
    lead.ok("obstacle", "set", "IT system", "--status", "raised", "--ask", "Fix logins by winter")
    assert json.loads(lead.ok("sync", "--json"))["pushed"] >= 1
    brief_passphrase = tmp_path / "brief-passphrase"
    brief_passphrase.write_text("a passphrase for the head of service\n")
    brief = tmp_path / "brief.age"
    lead.ok(
        "brief", "export", "--output", str(brief), "--to-passphrase-file", str(brief_passphrase)
    )
    assert brief.exists() and b"Fix logins by winter" not in brief.read_bytes()
    code, out, _ = lead.run(
        "brief", "decrypt", str(brief), "--passphrase-file", str(brief_passphrase)
    )
    assert code == 0 and "Fix logins by winter" in out

    # The PSW may not set an ask: a clear refusal, and nothing changed anywhere.
    psw.ok("sync")
    before = json.loads(psw.ok("obstacle", "history", "IT system", "--json"))
    code, out, err = psw.run("obstacle", "set", "IT system", "--ask", "Something else")
    assert code == 1 and "you cannot set statuses, asks" in err and "ask a lead" in err
    assert json.loads(psw.ok("obstacle", "history", "IT system", "--json")) == before
    # Nor edit the codebook or tag a note with an obstacle, even their own note.
    codebook = json.loads(psw.ok("obstacle", "list", "--json"))
    for words in (
        ("obstacle", "add", "Printers"),
        ("obstacle", "rename", "IT system/Logins", "Sign-in"),
        ("obstacle", "delete", "IT system", "--yes"),
        ("tag", visit["id"], "--obstacle", "IT system/Logins"),
    ):
        code, out, err = psw.run(*words)
        assert code == 1 and "as a capture member" in err and "ask a coder or a lead" in err
    assert json.loads(psw.ok("obstacle", "list", "--json")) == codebook
    assert [o["path"] for o in psw.notes()[0]["obstacles"]] == ["IT system"]
    principles = [(p["id"], p["stance"]) for p in psw.notes()[0]["principles"]]
    assert principles == [("sos.worried", "at-risk")]
    # Their own note's principles they may code too; it goes up as the note's codes.
    psw.ok("tag", visit["id"], "--principle", "sos.worried", "--stance", "honoured")
    assert json.loads(psw.ok("sync", "--json"))["pushed"] == 1
    assert json.loads(psw.ok("team", "status", "--json"))["waiting"] == 0

    # The lead removes the coder; what the lead writes after that never reaches them.
    out = lead.ok("team", "remove", "Coder 1", "--yes")
    assert "Removed Coder 1" in out
    members = json.loads(lead.ok("team", "members", "--json"))["members"]
    assert [m["label"] for m in members if m["removed"]] == ["Coder 1"]
    after = tmp_path / "after.md"
    after.write_text("Written after the coder left: the new duty rota.\n")
    lead.ok("add", "--mode", "observe", "--team", "Northfield", "--file", str(after))
    assert json.loads(lead.ok("sync", "--json"))["waiting"] == 0
    code, out, err = coder.run("sync")
    assert code == 1 and "no longer a member of this notebook" in err
    assert not [n for n in coder.notes() if "duty rota" in n["description"]]
    psw.ok("sync")
    assert [n for n in psw.notes() if "duty rota" in n["description"]]
