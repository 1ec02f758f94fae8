"""A lead's decision pulled by colleagues, through a real PostgreSQL: dated when the lead
made it and carrying the lead's reason, both sealed under the row's signature; a row from
before decisions carried them still reads, dated when it arrived.

Skips, saying why, without `FIELDNOTES_TEST_POSTGRES_URL` (`tests/team_support.py`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest

from fieldnotes.domain.history import describe
from fieldnotes.notebook import Notebook
from fieldnotes.storage.codec import utcnow
from fieldnotes.storage.team import TeamServer
from fieldnotes.storage.team.replica import seal_team_row
from fieldnotes.storage.team.replica_docs import clear_of
from fieldnotes.storage.team.rows import SignedRow
from tests.test_team_sync import Cluster, cluster_on

DECIDED_AT = datetime(2026, 11, 20, 14, 5)
REASON = "Three teams found the same login fault at the October visits."


@pytest.fixture
def cluster(tmp_path: Path) -> Iterator[Cluster]:
    with cluster_on(tmp_path) as built:
        yield built


def _team(cluster: Cluster) -> tuple[Notebook, Notebook, str]:
    """A lead who had decided about an obstacle before the team began, and a PSW who joined."""
    lead = cluster.lead()
    it = lead.add_obstacle("IT system")
    lead.update_obstacle(it.id, status="evidenced", at=datetime(2026, 11, 3, 9, 30))
    lead.team_create(cluster.lead_url, "Lead A", name=cluster.prefix)
    psw = cluster.join(lead, "PSW 1", "capture")
    assert psw.obstacle_history(it.id) == []
    return lead, psw, it.id


def _decision_row(notebook: Notebook, obstacle_id: str) -> SignedRow:
    link = notebook._store.team_link()
    assert link is not None
    with TeamServer.open(link.conninfo, link.schema) as server:
        rows = server.pull(0).rows
    (row,) = [r for r in rows if (r.kind, r.row_id) == ("obstacle_decision", obstacle_id)]
    return row


def test_a_pulled_decision_is_dated_when_the_lead_made_it_with_the_leads_reason(
    cluster: Cluster,
) -> None:
    lead, psw, it = _team(cluster)
    lead.update_obstacle(
        it, status="raised", ask="Fix the logins before winter", reason=REASON, at=DECIDED_AT
    )
    lead.sync()
    coder = cluster.join(lead, "Coder 1", "coder")
    psw.sync()

    (step,) = psw.obstacle_history(it)
    assert (step.at, step.by, step.reason) == (DECIDED_AT, "Lead A", REASON)
    assert describe(step).endswith(f"— Lead A (why: {REASON})")
    # A newcomer starts from the state: still no step of its own.
    assert coder.obstacle_history(it) == []
    # The step is the PSW's own record: nothing goes back up for it.
    assert psw.sync().pushed == 0


def test_a_decision_row_from_before_decisions_carried_a_time_is_dated_when_it_arrived(
    cluster: Cluster,
) -> None:
    lead, psw, it = _team(cluster)
    link = lead._store.team_link()
    assert link is not None
    before = _decision_row(lead, it)
    # What a replica of an earlier version sent: the decision, no time, no reason.
    document = {"status": "raised", "ask": "Fix it", "decision": "", "reobserve_on": None}
    older = seal_team_row(
        link,
        "obstacle_decision",
        it,
        before.revision + 1,
        before.author,
        document,
        clear_of("obstacle_decision", document),
    )
    with TeamServer.open(link.conninfo, link.schema) as server:
        assert len(server.push([older]).accepted) == 1

    pulled_from = utcnow()
    report = psw.sync()
    assert report.refused == ()
    (step,) = psw.obstacle_history(it)
    assert step.at is not None and step.at >= pulled_from
    assert (step.by, step.reason) == ("Lead A", "")
    assert psw.obstacle(it).status == "raised"


def test_a_reason_changed_under_the_leads_signature_is_refused(cluster: Cluster) -> None:
    lead, psw, it = _team(cluster)
    lead.update_obstacle(it, status="raised", reason=REASON, at=DECIDED_AT)
    lead.sync()
    signed = _decision_row(lead, it)
    # A coder holds the data key: they can seal another reason, not sign it as the lead.
    coder = cluster.join(lead, "Coder 1", "coder")
    link = coder._store.team_link()
    assert link is not None
    document = {
        "status": "raised",
        "ask": "",
        "decision": "",
        "reobserve_on": None,
        "decided_at": DECIDED_AT.isoformat(),
        "reason": "The lead said nothing of the kind.",
    }
    forged = seal_team_row(
        link,
        "obstacle_decision",
        it,
        signed.revision,
        signed.author,
        document,
        clear_of("obstacle_decision", document),
    )
    with cluster.superuser() as admin:
        admin.execute("SET session_replication_role = replica")
        admin.execute(
            f'UPDATE "{cluster.prefix}".rows SET sealed = %s '
            "WHERE kind = 'obstacle_decision' AND row_id = %s",
            [forged.sealed, it],
        )

    report = psw.sync()
    assert any(it in line for line in report.refused)
    assert psw.obstacle_history(it) == []
    assert psw.obstacle(it).status == "evidenced"
