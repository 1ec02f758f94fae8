"""The identifier check scored on the development set in tests/data/identifiers/.

An identifier counts as found when one finding (of any kind) covers at least half of its
characters: "Dr Nwosu" found as "Nwosu", or "14 Wexford Lane" found inside a longer address,
both count; a finding that touches only "14" of "14 Wexford Lane" does not. Recall per kind
uses the labelled kind; overall recall counts every label once. A false alarm is any finding
in a passage that holds no identifier, and the rate is per 1,000 words of those passages.
"""

from __future__ import annotations

from collections import Counter

import pytest

from fieldnotes.domain.identifiers import Finding, find_identifiers

from .identifiers_devset import KINDS, Label, Passage, load

RECALL_FLOOR = 0.90
FALSE_ALARMS_PER_1000_WORDS = 2.0


def found(label: Label, findings: list[Finding]) -> bool:
    for finding in findings:
        overlap = min(label.end, finding.end) - max(label.start, finding.start)
        if overlap * 2 >= label.end - label.start:
            return True
    return False


@pytest.fixture(scope="module")
def positives() -> list[Passage]:
    return load("positives-*.txt")


@pytest.fixture(scope="module")
def negatives() -> list[Passage]:
    passages = load("negatives-*.txt")
    assert all(not p.labels for p in passages), "a negative passage holds a label"
    return passages


def test_the_development_set_is_big_enough(
    positives: list[Passage], negatives: list[Passage]
) -> None:
    labels = Counter(label.kind for p in positives for label in p.labels)
    assert len(positives) + len(negatives) >= 150
    assert sum(labels.values()) >= 300
    assert set(labels) == set(KINDS)
    assert sum(len(p.text.split()) for p in negatives) >= 5000


def test_recall_and_false_alarms_meet_the_figures(
    positives: list[Passage], negatives: list[Passage]
) -> None:
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    misses: list[str] = []
    for passage in positives:
        findings = find_identifiers(passage.text, passage.protected_names)
        for label in passage.labels:
            totals[label.kind] += 1
            if found(label, findings):
                hits[label.kind] += 1
            else:
                misses.append(
                    f"  {passage.source}: {label.kind} {passage.text[label.start : label.end]!r}"
                )
    alarms: list[str] = []
    words = 0
    for passage in negatives:
        words += len(passage.text.split())
        for finding in find_identifiers(passage.text, passage.protected_names):
            alarms.append(f"  {passage.source}: {finding.kind} {finding.text!r}")
    recall = sum(hits.values()) / sum(totals.values())
    rate = 1000 * len(alarms) / words
    print("\nrecall per kind:")
    for kind in KINDS:
        print(f"  {kind:10} {hits[kind]:3}/{totals[kind]:3}  {hits[kind] / totals[kind]:6.1%}")
    print(f"overall recall {sum(hits.values())}/{sum(totals.values())} = {recall:.1%}")
    print(f"false alarms {len(alarms)} in {words} clean words = {rate:.2f} per 1,000 words")
    print("missed:", *misses, sep="\n")
    print("false alarms:", *alarms, sep="\n")
    assert recall >= RECALL_FLOOR
    assert rate <= FALSE_ALARMS_PER_1000_WORDS
