"""The settings part: sealed lists and values a brief depends on, and preferences."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from fieldnotes.errors import (
    DamagedData,
    DamagedError,
    InvalidInput,
)

if TYPE_CHECKING:
    from fieldnotes.domain.brief import BriefRequest, KeptDecision
    from fieldnotes.domain.pseudonyms import PersonAlias
from fieldnotes.notebook.events import SettingsChanged
from fieldnotes.notebook.part import Part

_SETTING_ADVICE = {
    "protected_names": "nothing was checked or exported; set the whole list again with "
    "`fieldnotes protect --replace NAME…` before sending a brief",
    "author_label": "set the author name again",
    "author_identity": "briefs sent before cannot be reopened by you; nothing was exported",
    "author_recipient": "briefs sent before cannot be reopened by you; nothing was exported",
}


class SettingsPart(Part):
    """Protected names, the people map, kept decisions, author name, preferences."""

    def _setting(self, key: str, what: str) -> str | None:
        try:
            return self._store.setting(key)
        except DamagedError:
            raise DamagedError(f"{what} is damaged", _SETTING_ADVICE[key]) from None

    def protected_names(self) -> list[str]:
        """Names the identifier check always flags (children, family members, places).

        Raises DamagedError rather than answer with a shorter list than the one kept: a brief
        is never checked against names that may be missing.
        """
        self._require_unlocked()
        problems = self._store.integrity_problems
        if problems:
            # A replayed older copy of the list would open cleanly: only the manifest tells.
            raise DamagedError(
                f"the notebook was changed outside fieldnotes ({problems[0]}), so the protected "
                "names list cannot be trusted",
                "nothing was checked or exported; see `fieldnotes check`",
            )
        raw = self._setting("protected_names", "the protected names list")
        return [n for n in (raw or "").splitlines() if n.strip()]

    def set_protected_names(self, names: Sequence[str]) -> None:
        self._require_unlocked()
        cleaned = sorted({n.strip() for n in names if n.strip()}, key=str.casefold)
        self._store.set_setting("protected_names", "\n".join(cleaned))
        self._changed(SettingsChanged, ids=["protected_names"])

    def _sealed_list(self, key: str, what: str, advice: str) -> str | None:
        """A sealed setting kept with a count beside it, so damage never reads as "none".

        The count, written with every change, says that something was kept and how much of
        it: a row gone missing is damage, not an empty list.
        """
        problems = self._store.integrity_problems
        if problems:
            # A replayed older copy would open cleanly: only the manifest tells.
            raise DamagedError(
                f"the notebook was changed outside fieldnotes ({problems[0]}), so {what} "
                "cannot be trusted",
                advice,
            )
        try:
            raw = self._store.setting(key)
            count = self._store.setting(f"{key}.count")
        except DamagedData:
            raise DamagedError(f"{what} is damaged", advice) from None
        if raw is None and count is None:
            return None
        if raw is None or count is None or not count.isdigit():
            raise DamagedError(f"{what} is damaged", advice)
        return raw

    def _set_sealed_list(self, key: str, raw: str, count: int) -> None:
        self._store.set_setting(key, raw)
        self._store.set_setting(f"{key}.count", str(count))
        self._changed(SettingsChanged, ids=[key])

    _PEOPLE_ADVICE = (
        "nothing was checked or exported; set the map again with "
        "`fieldnotes people add NAME ALIAS --replace` or on the people map screen (f7)"
    )

    def people_map(self) -> list[PersonAlias]:
        """Each person's name and the role or pseudonym written for it, sorted by name.

        Raises DamagedData rather than answer with a shorter map than the one kept: a brief
        is never written with names the map would have replaced.
        """
        from fieldnotes.domain.pseudonyms import load_people_map

        self._require_unlocked()
        raw = self._sealed_list("people_map", "the people map", self._PEOPLE_ADVICE)
        if raw is None:
            return []
        try:
            people = load_people_map(raw)
        except DamagedData:
            raise DamagedError("the people map is damaged", self._PEOPLE_ADVICE) from None
        if str(len(people)) != self._store.setting("people_map.count"):
            raise DamagedError("the people map is damaged", self._PEOPLE_ADVICE)
        return people

    def set_people_map(self, people: Sequence[PersonAlias]) -> list[PersonAlias]:
        """Replace the whole map; a bad row refuses all of it and nothing changes."""
        from fieldnotes.domain.pseudonyms import clean_people_map, dump_people_map

        self._require_unlocked()
        cleaned = clean_people_map(people)
        self._set_sealed_list("people_map", dump_people_map(cleaned), len(cleaned))
        return cleaned

    def check_names(self) -> list[str]:
        """The names the identifier check flags: the protected names and the people map's."""
        names = self.protected_names()
        return sorted({*names, *(p.name for p in self.people_map())}, key=str.casefold)

    def pseudonymise(self, text: str) -> tuple[str, list[str]]:
        """`text` with the people map applied, and a log line for each name written as its
        alias (the alias and the line, never the name)."""
        from fieldnotes.domain.pseudonyms import find_people, replace_names

        matches = find_people(text, self.people_map())
        log = [
            f"line {text.count(chr(10), 0, m.start) + 1}: name — written as "
            f"“{m.person.alias}” from the people map"
            for m in matches
        ]
        return replace_names(text, matches), log

    _DECISIONS_ADVICE = "nothing was exported; the flags can be resolved again"
    KEPT_BRIEFS: ClassVar[int] = 30
    """How many briefs (by `brief_identity`) keep their decisions, most recent first."""

    def _all_kept_decisions(self) -> dict[str, list[dict[str, str]]]:
        from fieldnotes.domain.brief import load_decisions

        raw = self._sealed_list(
            "brief_decisions", "the kept identifier decisions", self._DECISIONS_ADVICE
        )
        if raw is None:
            return {}
        try:
            return load_decisions(raw)
        except DamagedData:
            raise DamagedError(
                "the kept identifier decisions are damaged", self._DECISIONS_ADVICE
            ) from None

    def kept_decisions(self, request: BriefRequest) -> list[KeptDecision]:
        """The decisions made on the flags of this brief at its last export."""
        from fieldnotes.domain.brief import KeptDecision, brief_identity

        self._require_unlocked()
        rows = self._all_kept_decisions().get(brief_identity(request), [])
        return [KeptDecision.from_json(row) for row in rows]

    def keep_decisions(self, request: BriefRequest, decisions: Sequence[KeptDecision]) -> None:
        """Remember this export's decisions for the next export of the same brief."""
        from fieldnotes.domain.brief import brief_identity, dump_decisions

        self._require_unlocked()
        kept = self._all_kept_decisions()
        identity = brief_identity(request)
        kept.pop(identity, None)
        kept[identity] = [d.to_json() for d in decisions]
        # They hold the flagged text itself: only the briefs sent most recently keep theirs.
        kept = dict(list(kept.items())[-self.KEPT_BRIEFS :])
        self._set_sealed_list("brief_decisions", dump_decisions(kept), len(kept))

    def author_label(self) -> str:
        self._require_unlocked()
        return self._setting("author_label", "the author name") or ""

    def set_author_label(self, label: str) -> None:
        self._require_unlocked()
        self._store.set_setting("author_label", label.strip())
        self._changed(SettingsChanged, ids=["author_label"])

    PREFERENCES: ClassVar[frozenset[str]] = frozenset({"lock_after_minutes"})
    """Sealed settings `fieldnotes.notebook.config` reads and checks; none of the notebook's own."""

    def preference(self, name: str) -> str | None:
        """A sealed preference, or None if it was never set."""
        self._require_unlocked()
        if name not in self.PREFERENCES:
            raise InvalidInput(f"no preference called {name!r}")
        return self._store.setting(name)

    def set_preference(self, name: str, value: str) -> None:
        self._require_unlocked()
        if name not in self.PREFERENCES:
            raise InvalidInput(f"no preference called {name!r}")
        self._store.set_setting(name, value)
        self._changed(SettingsChanged, ids=[name])
