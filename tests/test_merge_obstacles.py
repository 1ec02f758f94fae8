"""Merging two obstacles keeps the progress either of them had made."""

from __future__ import annotations

from datetime import date

from fieldnotes.notebook import Notebook


def test_merge_keeps_the_further_status_and_the_earlier_reobserve_date(
    empty_notebook: Notebook,
) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms", status="change agreed")
    nb.update_obstacle(
        source.id, ask="Shorter forms.", reobserve_on=date(2026, 10, 1), decision="Pilot in March."
    )
    target = nb.add_obstacle("Recording burden", status="evidenced")
    nb.update_obstacle(
        target.id,
        ask="A recording standard.",
        reobserve_on=date(2026, 12, 1),
        decision="Agreed in principle.",
    )

    preview = nb.merged_obstacle(source.id, target.id)
    merged = nb.merge_obstacles(source.id, target.id)

    assert merged.status == preview.status == "change agreed"
    assert merged.reobserve_on == preview.reobserve_on == date(2026, 10, 1)
    assert merged.ask.splitlines() == ["A recording standard.", "Shorter forms."]
    assert merged.decision.splitlines() == ["Agreed in principle.", "Pilot in March."]


def test_merge_keeps_the_target_when_it_is_further_along(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms", status="emerging")
    nb.update_obstacle(source.id, reobserve_on=date(2026, 11, 5))
    target = nb.add_obstacle("Recording burden", status="raised")
    nb.update_obstacle(target.id, ask="A recording standard.")

    merged = nb.merge_obstacles(source.id, target.id)

    assert merged.status == "raised"
    assert merged.reobserve_on == date(2026, 11, 5)
    assert merged.ask == "A recording standard."
    assert merged.decision == ""


def test_merged_obstacle_writes_nothing(empty_notebook: Notebook) -> None:
    nb = empty_notebook
    source = nb.add_obstacle("Forms", status="resolved")
    target = nb.add_obstacle("Recording burden")
    assert nb.merged_obstacle(source.id, target.id).status == "resolved"
    assert nb.obstacle(target.id).status == "emerging"
    assert source.id in {o.id for o in nb.obstacles()}
