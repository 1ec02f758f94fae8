"""Smoke test of the benchmark suite at a tiny size: it runs and reports every figure.

No timing is asserted here (timings belong to `bench/run.py` and docs/benchmarks.md); the
cheapest accepted key derivation keeps this quick.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from bench import run
from bench.generate import PASSPHRASE, SEARCH_WORD, generate, make_drafts
from bench.sizes import sizes
from fieldnotes.crypto.kdf import FLOOR_KDF
from fieldnotes.domain.model import NoteDraft
from fieldnotes.notebook import Notebook


def test_generator_is_deterministic_and_realistic(tmp_path: Path) -> None:
    def drafts(seed: int) -> list[NoteDraft]:
        return list(make_drafts(random.Random(seed), 30, ["p.1", "p.2"], ["o1", "o2", "o3"]))

    assert drafts(7) == drafts(7)
    assert drafts(7) != drafts(8)

    path = generate(tmp_path / "tiny.fieldnotes", 40, seed=7, kdf=FLOOR_KDF, batch=15)
    with Notebook.open(path) as notebook:
        notebook.unlock(PASSPHRASE)
        notes = notebook.notes()
        assert len(notes) == 40
        assert len(notebook.obstacles()) == 40
        assert len(notebook.frameworks()) == 4
        assert all(len(n.description) >= 200 for n in notes)
        assert sum(len(n.quotes) for n in notes) > 40
        assert sum(len(n.principles) for n in notes) > 40
        assert sum(len(n.obstacle_ids) for n in notes) > 40


def test_runner_reports_every_figure(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "result.json"
    argv = ["--notes", "50", "--repeat", "1", "--kdf", "floor", "--no-warm-up"]
    argv += ["--keystrokes", "1", "--adds", "1", "--syntheses", "1"]
    argv += ["--cache-dir", str(tmp_path / "cache"), "--json", str(output)]
    assert run.main(argv) == 0
    record = json.loads(output.read_text(encoding="utf-8"))
    assert record["config"]["kdf"] == "floor"
    (result,) = record["results"]
    assert result["notes"] == 50
    for figure in run.FIGURES:
        if figure.optional and figure.key not in result["figures"]:
            continue
        data = result["figures"][figure.key]
        assert data["n"] >= 1
        assert data["min"] <= data["median"] <= data["max"]
    assert "| unlock → first painted list, beyond KDF |" in capsys.readouterr().out
    assert result["info"]["search_matches"] >= 0
    session = result["info"]["typing_session"]
    assert session["keys"] == 10 * 2 * len(SEARCH_WORD)
    assert session["rss_after_mb"] > 0


def test_a_measured_process_is_read_as_a_terminal_reads_it() -> None:
    cost = run.measure_process(
        ["python3", "-c", "print('one'); print('two'); print('three')"], dict(run.os.environ)
    )
    assert cost.lines == 3
    assert cost.first_line_s <= cost.wall_s
    assert cost.peak_mb > 0
    with pytest.raises(RuntimeError, match="failed"):
        run.measure_process(["python3", "-c", "raise SystemExit(3)"], dict(run.os.environ))


def test_the_size_guide_counts_each_class_and_function_by_its_lines(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "mod.py").write_text(
        "class Big:\n    def one(self) -> None:\n        pass\n\n    async def two(self) -> None:\n"
        "        pass\n\n\ndef alone() -> int:\n    return 1\n",
        encoding="utf-8",
    )
    classes, functions = sizes(package)
    assert classes == [(6, "pkg/mod.py:Big")]
    assert functions == [(2, "pkg/mod.py:two"), (2, "pkg/mod.py:one"), (2, "pkg/mod.py:alone")]
