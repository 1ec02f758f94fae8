"""The team server's figures on a real PostgreSQL: concurrent writers, a pull, a key rotation.

    python bench/team.py --url postgresql://postgres:PASSWORD@127.0.0.1:PORT/postgres \
        [--writers 10] [--seconds 60] [--rotate 100000]
    python bench/team.py --url … --client 100000   # create, join and pull through replicas

`--url` (or FIELDNOTES_TEST_POSTGRES_URL) is a superuser address: each figure makes its own
throwaway database and member roles, as the tests do (`tests/team_support.py`), and drops them.
Rows carry 2 KB sealed payloads and real Ed25519 signatures; every member connects as their
own role, so the policies and triggers of a real team are in every write.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: make `fieldnotes` and `tests` importable
    sys.path.insert(0, str(ROOT))

from fieldnotes.crypto.team import new_data_key, wrap_data_key  # noqa: E402
from fieldnotes.storage.team import rotate, sign_row  # noqa: E402
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
            f"| {writers} members pushing and pulling for {seconds:.0f} s | {len(latencies):,} "
            f"pushes, {lost} lost, {len(seqs) - len(set(seqs))} duplicated seqs, "
            f"{len(everything.refused)} refused, {len(errors)} errors; push median "
            f"{statistics.median(latencies) * 1000:.0f} ms, p95 {quantiles[94] * 1000:.0f} ms, "
            f"max {max(latencies) * 1000:.0f} ms |"
        )


def pull_hundred(url: str) -> str:
    """Ten colleagues write ten notes each; one pull brings all 100, every signature checked."""
    with team_on(url) as team:
        members = [team.join(f"M{i}", "capture") for i in range(10)]
        samples: list[float] = []
        for round_number in range(7):
            position = team.lead.server.pull(0, limit=10**7).position
            for member in members:
                member.server.push(
                    [
                        member.row("note", f"{member.label}/{round_number}/{i}", sealed=PAYLOAD)
                        for i in range(10)
                    ]
                )
            started = time.perf_counter()
            result = team.lead.server.pull(position)
            samples.append(time.perf_counter() - started)
            if len(result.rows) != 100 or result.refused:
                raise RuntimeError("the pull did not bring exactly the 100 new rows")
        return (
            f"| pulling 100 colleagues' changes | median {statistics.median(samples) * 1000:.0f}"
            f" ms, max {max(samples) * 1000:.0f} ms over {len(samples)} rounds |"
        )


def rotation(url: str, rows: int) -> str:
    """Pull and verify every row, sign its next revision, and rotate in one transaction."""
    with team_on(url) as team:
        psw = team.join("PSW", "capture")
        for start in range(0, rows, 1000):
            batch = range(start, min(rows, start + 1000))
            psw.server.push([psw.row("note", f"n{i}", sealed=PAYLOAD) for i in batch])
        started = time.perf_counter()
        pulled = []
        position = 0
        while True:
            page = team.lead.server.pull(position)
            pulled += page.rows
            position = page.position
            if not page.more:
                break
        pull_s = time.perf_counter() - started
        key = new_data_key()
        wrapped = {
            m.member_id: wrap_data_key(key, m.keys.public.recipient) for m in (team.lead, psw)
        }
        started = time.perf_counter()
        resealed = [
            sign_row(
                team.lead.keys,
                team.notebook_id,
                kind=r.kind,
                row_id=r.row_id,
                revision=r.revision + 1,
                generation=2,
                author=r.author,
                signed_by=team.lead.member_id,
                sealed=r.sealed,
                clear=r.clear,
            )
            for r in pulled
        ]
        sign_s = time.perf_counter() - started
        started = time.perf_counter()
        rotate(team.lead.server, team.lead.keys, generation=2, wrapped=wrapped, resealed=resealed)
        rotate_s = time.perf_counter() - started
        return (
            f"| key rotation of {len(pulled):,} rows | pull and verify {pull_s:.1f} s, sign "
            f"{sign_s:.1f} s, the server's transaction {rotate_s:.1f} s |"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--url", default=os.environ.get("FIELDNOTES_TEST_POSTGRES_URL"))
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rotate", type=int, default=100_000, metavar="ROWS")
    parser.add_argument(
        "--client",
        type=int,
        default=0,
        metavar="NOTES",
        help="only the client's figures: create, join and pull on a NOTES-note notebook",
    )
    args = parser.parse_args()
    if not args.url:
        raise SystemExit("give --url (a PostgreSQL superuser address) or set the variable")
    print("| figure | measured |\n|---|---|")
    if args.client:
        for line in client_figures(args.url, args.client):
            print(line, flush=True)
        return 0
    print(concurrent(args.url, args.writers, args.seconds), flush=True)
    print(pull_hundred(args.url), flush=True)
    print(rotation(args.url, args.rotate), flush=True)
    return 0


# --- through the client: a replica joining, and a replica pulling -----------------------


def client_figures(url: str, notes: int) -> list[str]:
    """A lead makes a team of a `notes`-note notebook; a newcomer joins (a new file under
    their own passphrase, everything pulled); then 100 colleagues' changes are pulled by
    the newcomer's `sync`, which also looks for local changes across the whole replica."""
    import tempfile
    import uuid as uuid_module
    from datetime import UTC, datetime, timedelta

    import psycopg
    from psycopg.conninfo import conninfo_to_dict, make_conninfo

    from bench.generate import PASSPHRASE, generate
    from fieldnotes.crypto.kdf import DEFAULT_KDF, FLOOR_KDF
    from fieldnotes.notebook import Notebook, join_team
    from fieldnotes.storage.team import TeamServer, add_member
    from fieldnotes.storage.team.replica import seal_team_row
    from tests.team_support import _drop

    prefix = f"fnb{uuid_module.uuid4().hex[:12]}"
    database, lead_role = f"{prefix}db", f"{prefix}lead"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
        admin.execute(f"CREATE ROLE \"{lead_role}\" LOGIN CREATEROLE PASSWORD 'bench-lead'")
        admin.execute(f'GRANT CREATE ON DATABASE "{database}" TO "{lead_role}"')
    lead_url = make_conninfo(url, dbname=database, user=lead_role, password="bench-lead")
    parts = conninfo_to_dict(url)
    address = make_conninfo("", host=parts.get("host"), port=parts.get("port"), dbname=database)
    lines: list[str] = []
    try:
        with tempfile.TemporaryDirectory() as folder:
            lead_path = Path(folder) / "lead.fieldnotes"
            generate(lead_path, notes, kdf=FLOOR_KDF)
            with Notebook.open(lead_path) as lead:
                lead.unlock(PASSPHRASE)
                started = time.perf_counter()
                report = lead.team_create(lead_url, "Lead A", name=prefix)
                create_s = time.perf_counter() - started
                link = lead._store.team_link()
                assert link is not None and report.problem == ""
                with TeamServer.open(link.conninfo, link.schema) as server:
                    invited = add_member(
                        server,
                        link.keys,
                        lead_label="Lead A",
                        label="PSW 1",
                        role="capture",
                        expires_at=datetime.now(UTC) + timedelta(days=1),
                        server_address=address,
                        data_key=link.data_key,
                    )
                sealed = invited.invitation.seal("bench invitation passphrase")
            started = time.perf_counter()
            replica = join_team(
                Path(folder) / "psw.fieldnotes",
                sealed,
                "bench invitation passphrase",
                "the newcomer's own passphrase",
                kdf=DEFAULT_KDF,
            )
            join_s = time.perf_counter() - started
            count, _ = replica.note_counts()
            lines.append(
                f"| a lead makes a team of a {notes:,}-note notebook (`team create`, every row "
                f"sent) | {create_s:.1f} s, {report.pushed:,} rows |"
            )
            lines.append(
                f"| a member joins it (`team join`: new file, default key derivation, "
                f"{count:,} notes pulled and applied) | {join_s:.1f} s |"
            )
            samples = []
            with TeamServer.open(link.conninfo, link.schema) as server:
                for _ in range(5):
                    rows = []
                    for _ in range(100):
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
                        row_id = str(uuid_module.uuid4())
                        rows.append(
                            seal_team_row(link, "note", row_id, 1, link.member_id, document, {})
                        )
                    server.push(rows)
                    started = time.perf_counter()
                    pulled = replica.sync()
                    samples.append(time.perf_counter() - started)
                    assert pulled.pulled == 100, pulled
            replica.close()
            lines.append(
                f"| the member's `sync` pulling 100 colleagues' notes into that replica "
                f"(and finding nothing of theirs to send) | median "
                f"{statistics.median(samples) * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms "
                f"over {len(samples)} rounds |"
            )
    finally:
        _drop(url, database, prefix)
    return lines


if __name__ == "__main__":
    sys.exit(main())
