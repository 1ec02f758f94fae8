"""`fieldnotes obstacle set … --reason` keeps the change in the history `obstacle history` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from fieldnotes.__main__ import main

from .conftest import DEMO_PASSPHRASE


def test_set_with_a_reason_then_read_the_history(
    demo_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FIELDNOTES_PASSPHRASE", DEMO_PASSPHRASE)
    base = ["--notebook", str(demo_path)]
    args = ["obstacle", "set", "Recording burden", *base]
    assert main([*args, "--status", "raised", "--reason", "Raised at the forum"]) == 0
    assert capsys.readouterr().out == (
        "Recording burden: status evidenced → raised (why: Raised at the forum)\n"
    )
    assert main([*args, "--reobserve", "2027-01-15"]) == 0
    assert main([*args, "--reobserve", "none"]) == 0
    assert main([*args, "--status", "raised"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "Recording burden: nothing changed."

    assert main(["obstacle", "history", "Recording burden", *base, "--json"]) == 0
    history = json.loads(capsys.readouterr().out)["history"]
    assert [(e["changes"], e["reason"]) for e in history] == [
        ([{"field": "status", "before": "evidenced", "after": "raised"}], "Raised at the forum"),
        ([{"field": "reobserve_on", "before": "", "after": "2027-01-15"}], ""),
        ([{"field": "reobserve_on", "before": "2027-01-15", "after": ""}], ""),
    ]

    assert main([*args]) == 1
    assert "say what to change" in capsys.readouterr().err
    assert main([*args, "--reobserve", "soon"]) == 1
