"""The identifier development set: passages marked up as `[[kind:text]]`, read as text + spans."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

DEVSET = Path(__file__).parent / "data" / "identifiers"
KINDS = ("name", "dob", "nhs", "ni", "phone", "email", "postcode", "address", "vehicle", "caseref")
_MARK = re.compile(r"\[\[(?P<kind>[a-z]+):(?P<text>.+?)\]\]")


@dataclass(frozen=True)
class Label:
    kind: str
    start: int
    end: int


@dataclass(frozen=True)
class Passage:
    source: str
    text: str
    labels: tuple[Label, ...]
    protected_names: tuple[str, ...]


def parse(raw: str, source: str = "") -> Passage:
    """One passage: an optional `@names:` first line, then text with inline labels."""
    names: tuple[str, ...] = ()
    if raw.startswith("@names:"):
        first, _, raw = raw.partition("\n")
        names = tuple(n.strip() for n in first.removeprefix("@names:").split(",") if n.strip())
    pieces: list[str] = []
    labels: list[Label] = []
    cursor = 0
    length = 0
    for match in _MARK.finditer(raw):
        kind = match.group("kind")
        if kind not in KINDS:
            raise ValueError(f"{source}: unknown label kind {kind!r}")
        before = raw[cursor : match.start()]
        pieces.append(before)
        length += len(before)
        pieces.append(match.group("text"))
        labels.append(Label(kind, length, length + len(match.group("text"))))
        length += len(match.group("text"))
        cursor = match.end()
    pieces.append(raw[cursor:])
    text = "".join(pieces)
    if "[[" in text or "]]" in text:
        raise ValueError(f"{source}: unbalanced label markup")
    return Passage(source, text, tuple(labels), names)


def load(pattern: str) -> list[Passage]:
    passages = []
    for path in sorted(DEVSET.glob(pattern)):
        for index, raw in enumerate(path.read_text(encoding="utf-8").split("\n===\n")):
            if raw.strip():
                passages.append(parse(raw.strip("\n"), f"{path.name}#{index + 1}"))
    return passages
