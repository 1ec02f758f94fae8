"""The team notebook's figures on a real PostgreSQL: join, pull, key rotation, ten writers.

    python bench/team.py --url postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres \
        --notes 100000 [--repeat 5] [--seconds 60] [--only client concurrent] [--profile DIR]

`--url` (or FIELDNOTES_TEST_POSTGRES_URL) is a superuser address: each part makes its own
throwaway database and member roles, as the tests do (`tests/team_support.py`), and drops them.

- **client** (through the façade, as members run the commands): a lead makes a team of the
  generated `--notes N` notebook (`bench/generate.py`, cached in `bench/.cache/`), a newcomer
  joins it, the newcomer's sync pulls 100 colleagues' notes `--repeat` times, and the lead
  removes the newcomer, which re-seals every row under a new key.
- **concurrent**: `--writers` members, each on their own connection as their own role, push
  one 2 KB note at a time and pull, for `--seconds`; then every write is checked to be there
  once.

Each row of the table carries the load average as it ended: the machine is shared.
`--profile DIR` keeps a cProfile of each client figure in DIR and prints its top functions.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` and `tests` importable
    sys.path.insert(0, str(ROOT))

from tests.team_support import Colleague, team_on  # noqa: E402

PAYLOAD = b"x" * 2000


def concurrent(url: str, writers: int, seconds: float) -> str:
    """Every writer pushes one note at a time and pulls, for `seconds`; nothing may be lost."""
    with team_on(url) as team:
        members = [team.join(f"M{i}", "capture") for i in range(writers)]
        latencies: list[float] = []
        expected: dict[str, int] = {}
        errors: list[BaseException] = []
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def work(member: Colleague) -> None:
            try:
                revisions: dict[str, int] = {}
                position, count = 0, 0
                while time.monotonic() < stop:
                    row_id = f"{member.label}/{count % 50}"
                    revision = revisions.get(row_id, 0) + 1
                    row = member.row("note", row_id, revision=revision, sealed=PAYLOAD)
                    started = time.perf_counter()
                    result = member.server.push([row])
                    took = time.perf_counter() - started
                    if len(result.accepted) != 1:
                        raise RuntimeError(f"a push was not accepted: {result}")
                    revisions[row_id] = revision
                    position = member.server.pull(position).position
                    with lock:
                        latencies.append(took)
                    count += 1
                with lock:
                    expected.update(revisions)
            except BaseException as exc:  # reported below, never lost in a thread
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(m,)) for m in members]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        everything = team.lead.server.pull(0, limit=10**7)
        got = {r.row_id: r.revision for r in everything.rows}
        seqs = [r.seq for r in everything.rows]
        lost = sum(1 for key, value in expected.items() if got.get(key) != value)
        quantiles = statistics.quantiles(latencies, n=100)
        return (
            f"| {writers} members pushing and pulling for {seconds:.0f} s | no lost or "
            f"duplicated write; push p95 ≤ 100 ms | {len(latencies):,} "
            f"pushes, {lost} lost, {len(seqs) - len(set(seqs))} duplicated seqs, "
            f"{len(everything.refused)} refused, {len(errors)} errors; push median "
            f"{statistics.median(latencies) * 1000:.0f} ms, p95 {quantiles[94] * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default=os.environ.get("FIELDNOTES_TEST_POSTGRES_URL"))
    parser.add_argument("--notes", type=int, default=10_000, metavar="N")
    parser.add_argument("--repeat", type=int, default=5, help="rounds of the 100-change pull")
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument(
        "--only",
        nargs="+",
        choices=FIGURES,
        default=list(FIGURES),
        help="client: create, join, pull 100 and rotate through replicas; concurrent: the "
        "writers on the server",
    )
    parser.add_argument("--profile", type=Path, metavar="DIR", help="cProfile each client figure")
    parser.add_argument(
        "--compare-joins",
        type=int,
        default=0,
        metavar="N",
        help="before the member's join, N pairs of joins on the same team, each pair one "
        "with every signature checked in this process and one with the second process",
    )
    parser.add_argument(
        "--compare-changes",
        type=int,
        default=0,
        metavar="N",
        help="before the member's join, N pairs of joins on the same team, each pair one as "
        "before this round's join changes and one as now",
    )
    parser.add_argument(
        "--no-rotation",
        action="store_true",
        help="stop the client figures after the pull (the rotation is the longest part)",
    )
    args = parser.parse_args()
    if not args.url:
        raise SystemExit("give --url (a PostgreSQL superuser address) or set the variable")
    print("| figure | target | measured | load (1, 5, 15 min) |\n|---|---|---|---|", flush=True)
    if "client" in args.only:
        client_figures(
            args.url,
            args.notes,
            args.repeat,
            args.profile,
            not args.no_rotation,
            args.compare_joins,
            args.compare_changes,
        )
    if "concurrent" in args.only:
        emit(concurrent(args.url, args.writers, args.seconds))
    return 0


FIGURES = ("client", "concurrent")


def cpu_seconds() -> float:
    """User and system time of this process and of the children it has waited for (the
    second process a large pull checks signatures in); not the server's."""
    import resource

    mine = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return mine.ru_utime + mine.ru_stime + children.ru_utime + children.ru_stime


def load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


def emit(line: str) -> None:
    """One row of the table, with the machine's load beside it as the figure ends."""
    print(f"{line} {load()} |", flush=True)


def spread(samples: Sequence[float]) -> str:
    ms = [s * 1000 for s in samples]
    if len(ms) == 1:
        return f"{ms[0]:,.0f} ms"
    return f"median {statistics.median(ms):,.0f} ms, slowest {max(ms):,.0f} ms ({len(ms)} runs)"


@contextmanager
def profiled(folder: Path | None, name: str) -> Iterator[None]:
    """cProfile the block into `folder/team-<name>.prof` and print its top functions."""
    if folder is None:
        yield
        return
    import cProfile
    import pstats

    folder.mkdir(parents=True, exist_ok=True)
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        path = folder / f"team-{name}.prof"
        profile.dump_stats(path)
        stats = pstats.Stats(profile, stream=sys.stderr)
        print(f"--- {name}: {path}", file=sys.stderr)
        stats.sort_stats("tottime").print_stats(18)
        stats.sort_stats("cumulative").print_stats(30)


# --- through the client: a replica joining, pulling, and a lead rotating the key -------


def _colleague_notes(link: Any, count: int) -> list[Any]:
    """`count` new notes as a colleague's client would push them: sealed and signed."""
    import uuid as uuid_module

    from fieldnotes.storage.team.replica import seal_team_row

    document = {
        "mode": "observe",
        "stage": "jotting",
        "occurred_at": "2026-11-30T10:00:00",
        "created_at": "2026-11-30T10:00:00",
        "updated_at": "2026-11-30T10:00:00",
        "trashed_at": None,
        "team": "Northfield",
        "setting": "",
        "participants": [],
        "description": "A colleague's jotting. " * 40,
        "asides": "",
        "quotes": [],
        "consent": "",
        "follow_up": "",
        "principles": [],
    }
    return [
        seal_team_row(link, "note", str(uuid_module.uuid4()), 1, link.member_id, document, {})
        for _ in range(count)
    ]


def _timed_join(lead: Any, folder: Path, label: str, profile: Path | None) -> tuple[Any, str]:
    """A newcomer `label` joins: the replica, and the figure's wall and client CPU seconds."""
    from fieldnotes.crypto.kdf import DEFAULT_KDF
    from fieldnotes.notebook import join_team

    sealed = lead.invite(label, "capture", "bench invitation passphrase")
    started, cpu = time.perf_counter(), cpu_seconds()
    with profiled(profile, "join"):
        replica = join_team(
            folder / f"{label.replace(' ', '-')}.fieldnotes",
            sealed,
            "bench invitation passphrase",
            "the newcomer's own passphrase",
            kdf=DEFAULT_KDF,
        )
    return replica, f"{time.perf_counter() - started:.1f} s, {cpu_seconds() - cpu:.1f} CPU s"


def compare_joins(lead: Any, folder: Path, rounds: int) -> None:
    """Joins of the same team, alternating: every signature checked in this process, then
    checked in a second process as well (`storage/team/checking.py`)."""
    from fieldnotes.storage.team import checking

    default = checking.SECOND_PROCESS_FROM
    for round_number in range(rounds):
        for plain in (True, False):
            checking.SECOND_PROCESS_FROM = 10**12 if plain else default
            try:
                how = "in this process only" if plain else "in a second process as well"
                replica, took = _timed_join(lead, folder, f"Compare {round_number} {how}", None)
            finally:
                checking.SECOND_PROCESS_FROM = default
            count, _ = replica.note_counts()
            replica.close()
            emit(
                f"| a member joins, signatures checked {how} ({count:,} notes) | "
                f"100k notes ≤ 60 s | {took} (client) |"
            )


def compare_changes(lead: Any, folder: Path, rounds: int) -> None:
    """Joins of the same team, alternating: as before this round's join changes (the
    invitation opened before the new notebook is made, and each pulled page's dirty-set
    check reading every row again), then as now."""
    from fieldnotes.storage.team import replica_sync

    class OpenedFirst(replica_sync.OpeningInvitation):
        def __init__(self, sealed: bytes, passphrase: str) -> None:
            self._opened, self._failed = None, None
            self._open(sealed, passphrase)

        def result(self) -> Any:
            if self._failed is not None:
                raise self._failed
            return self._opened

    now = replica_sync.OpeningInvitation, replica_sync._tell_recorded
    for round_number in range(rounds):
        for before in (True, False):
            if before:
                replica_sync.OpeningInvitation = OpenedFirst  # type: ignore[misc]
                replica_sync._tell_recorded = lambda *args, **kwargs: None
            try:
                how = "as before this round" if before else "as now"
                replica, took = _timed_join(lead, folder, f"Changes {round_number} {how}", None)
            finally:
                replica_sync.OpeningInvitation, replica_sync._tell_recorded = now
            count, _ = replica.note_counts()
            replica.close()
            emit(
                f"| a member joins, {how} ({count:,} notes) | 100k notes ≤ 60 s | {took} (client) |"
            )


def client_figures(
    url: str,
    notes: int,
    repeat: int,
    profile: Path | None,
    rotation: bool = True,
    compare: int = 0,
    changes: int = 0,
) -> None:
    """Through the façade, as members run it: a lead makes a team of a generated `notes`-note
    notebook (`team create`); a newcomer joins (`team join`: a new file under the default key
    derivation, everything pulled, checked, opened and applied); the newcomer's `sync` pulls
    100 colleagues' notes `repeat` times; then the lead removes the newcomer (`team remove`:
    every row re-sealed under a new key, and the lead's replica brought up to date)."""
    import shutil
    import tempfile
    import uuid as uuid_module

    import psycopg
    from psycopg.conninfo import make_conninfo

    from bench.generate import PASSPHRASE, cached_notebook
    from fieldnotes.notebook import Notebook
    from fieldnotes.storage.team import TeamServer
    from tests.team_support import _drop

    prefix = f"fnb{uuid_module.uuid4().hex[:12]}"
    database, lead_role = f"{prefix}db", f"{prefix}lead"
    source = cached_notebook(notes, kdf_name="floor", log=lambda line: print(line, file=sys.stderr))
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
        admin.execute(f"CREATE ROLE \"{lead_role}\" LOGIN CREATEROLE PASSWORD 'bench-lead'")
        admin.execute(f'GRANT CREATE ON DATABASE "{database}" TO "{lead_role}"')
    lead_url = make_conninfo(url, dbname=database, user=lead_role, password="bench-lead")
    try:
        with tempfile.TemporaryDirectory() as folder:
            # Every run starts from the same cached notebook: a state directory of its own,
            # or this machine's record of the last run's copy would call it rolled back.
            os.environ["XDG_STATE_HOME"] = str(Path(folder) / "state")
            lead_path = Path(folder) / "lead.fieldnotes"
            shutil.copyfile(source, lead_path)
            with Notebook.open(lead_path) as lead:
                lead.unlock(PASSPHRASE)
                started = time.perf_counter()
                with profiled(profile, "create"):
                    report = lead.team_create(lead_url, "Lead A", name=prefix)
                create_s = time.perf_counter() - started
                assert report.problem == "", report
                emit(
                    f"| a lead makes a team of {notes:,} notes (`team create`: every row "
                    f"sealed, signed, sent) | — | {create_s:.1f} s, {report.pushed:,} rows |"
                )
                compare_joins(lead, Path(folder), compare)
                compare_changes(lead, Path(folder), changes)
                replica, took = _timed_join(lead, Path(folder), "PSW 1", profile)
                count, _ = replica.note_counts()
                emit(
                    f"| a member joins (`team join`: new file, default key derivation, "
                    f"{count:,} notes pulled, checked and applied) | 100k notes ≤ 60 s | "
                    f"{took} (client) |"
                )
                link = lead._store.team_link()
                assert link is not None
                samples = []
                with TeamServer.open(link.conninfo, link.schema) as server:
                    for round_number in range(repeat):
                        server.push(_colleague_notes(link, 100))
                        started = time.perf_counter()
                        with profiled(profile if round_number == 0 else None, "pull100"):
                            pulled = replica.sync()
                        samples.append(time.perf_counter() - started)
                        assert pulled.pulled == 100 and not pulled.refused, pulled
                replica.close()
                emit(
                    f"| the member's `sync` pulling 100 colleagues' notes (and finding "
                    f"nothing of theirs to send) | ≤ 0.5 s | {spread(samples)} |"
                )
                if not rotation:
                    return
                lead.sync()  # the colleagues' notes, so that the removal's own sync is its own
                started = time.perf_counter()
                with profiled(profile, "rotate"):
                    resealed = lead.remove_member("PSW 1")
                rotate_s = time.perf_counter() - started
                emit(
                    f"| the lead removes the member (`team remove`: {resealed:,} rows re-sealed "
                    f"under a new key, and the lead's replica brought up to date) | 100k rows "
                    f"≤ 2 min | {rotate_s:.1f} s |"
                )
    finally:
        _drop(url, database, prefix)


if __name__ == "__main__":
    sys.exit(main())
