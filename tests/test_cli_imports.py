"""The command line reaches data only through the façade, and a read-only command starts
deriving its key before the storage layer loads."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import DEMO_PASSPHRASE

PACKAGE = Path(__file__).resolve().parent.parent / "fieldnotes"
COMMAND_LINE = [*sorted((PACKAGE / "cli").glob("*.py")), PACKAGE / "__main__.py"]


def _fieldnotes_imports(path: Path) -> set[str]:
    """Every `fieldnotes.…` module a file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.startswith("fieldnotes.")}


def test_the_command_line_never_imports_crypto_or_storage() -> None:
    offenders = {
        str(path.relative_to(PACKAGE)): sorted(
            name
            for name in _fieldnotes_imports(path)
            if name.startswith(("fieldnotes.crypto", "fieldnotes.storage"))
        )
        for path in COMMAND_LINE
    }
    assert {path: names for path, names in offenders.items() if names} == {}


# Run in a fresh interpreter: which modules are loaded at the moment the derivation starts.
def _demo_env(demo_path: Path) -> dict[str, str]:
    return {
        **os.environ,
        "FIELDNOTES_NOTEBOOK": str(demo_path),
        "FIELDNOTES_PASSPHRASE": DEMO_PASSPHRASE,
    }


def _run_python(script: str, argv: list[str], env: dict[str, str]) -> tuple[dict[str, Any], str]:
    """Run `script` with `argv` in a fresh interpreter; its last line of output, as JSON."""
    ran = subprocess.run(
        [sys.executable, "-c", script, *argv],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    return json.loads(ran.stdout.strip().splitlines()[-1]), ran.stderr


_SPY = """
import json, sys
import fieldnotes.notebook.early as early

real = early.EarlyDerivation
loaded = []


def spy(*args, **kwargs):
    loaded.extend(sorted(sys.modules))
    return real(*args, **kwargs)


early.EarlyDerivation = spy
from fieldnotes.__main__ import main

code = main(sys.argv[1:])
print(json.dumps({"code": code, "loaded": loaded}))
"""

HEAVY = ("sqlalchemy", "sqlmodel", "fieldnotes.storage.store", "fieldnotes.cli.notes")


@pytest.mark.parametrize("command", [["search", "visit"], ["list"], ["show", "0"]])
def test_a_read_only_command_derives_its_key_before_the_storage_layer_loads(
    demo_path: Path, command: list[str]
) -> None:
    result, stderr = _run_python(_SPY, command, _demo_env(demo_path))
    assert result["loaded"], f"no early derivation started: {stderr}"
    early = [name for name in result["loaded"] if name.startswith(HEAVY)]
    assert early == []


def test_help_loads_no_part_of_the_program_beyond_the_parser() -> None:
    """`fieldnotes --help` and a mistyped command answer at once: the parser offers the
    domain's words as choices without importing the domain's dataclasses."""
    spy = (
        "import sys\n"
        "from fieldnotes.__main__ import main\n"
        "try:\n"
        "    main(['--help'])\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('fieldnotes')), file=sys.stderr)\n"
    )
    ran = subprocess.run(
        [sys.executable, "-c", spy], capture_output=True, text=True, timeout=60, check=False
    )
    loaded = ast.literal_eval(ran.stderr.strip().splitlines()[-1])
    assert "usage: fieldnotes" in ran.stdout
    assert [m for m in loaded if m.startswith(("fieldnotes.domain.model", *HEAVY))] == []


_AFTER = """
import json, sys
from fieldnotes.__main__ import main

code = main(sys.argv[1:])
sys.stdout.flush()
print(json.dumps({"code": code, "loaded": sorted(sys.modules)}))
"""


@pytest.mark.parametrize(
    "command",
    [["search", "visit"], ["search", "the", "--mode", "observe"], ["list"], ["list", "--json"]],
)
def test_a_read_only_command_never_loads_sqlalchemy(demo_path: Path, command: list[str]) -> None:
    """Not before the derivation only: not at all, from start to exit (the light store)."""
    env = _demo_env(demo_path)
    # The first search takes the demo's notes into the index (a write, on the sealed store).
    subprocess.run(
        [sys.executable, "-m", "fieldnotes", "search", "visit"],
        env=env,
        capture_output=True,
        timeout=120,
        check=True,
    )
    listed = subprocess.run(
        [sys.executable, "-m", "fieldnotes", "list"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    note_id = listed.stdout.split()[0]
    for argv in (command, ["show", note_id], ["show", note_id, "--json"]):
        result, stderr = _run_python(_AFTER, argv, env)
        assert result["code"] == 0, stderr
        assert [m for m in result["loaded"] if m.startswith(("sqlalchemy", "sqlmodel"))] == []
        assert "fieldnotes.storage.store" not in result["loaded"]
