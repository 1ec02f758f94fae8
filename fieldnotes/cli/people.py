"""`fieldnotes people`: the map of names that briefs write as a role or pseudonym."""

from __future__ import annotations

import argparse

from fieldnotes.cli.output import say, say_json
from fieldnotes.cli.session import unlocked
from fieldnotes.errors import InvalidInput
from fieldnotes.terminal import printable_line


def cmd_people(args: argparse.Namespace) -> int:
    from fieldnotes.domain.pseudonyms import PersonAlias

    action = args.people_command or "list"
    with unlocked(args) as notebook:
        # --replace does not read the kept map: it is how a damaged one is set again.
        people = [] if getattr(args, "replace", False) else notebook.people_map()
        if action == "add":
            kept = [p for p in people if p.name.casefold() != args.name.strip().casefold()]
            people = notebook.set_people_map([*kept, PersonAlias(args.name, args.alias)])
        elif action == "remove":
            kept = [p for p in people if p.name.casefold() != args.name.strip().casefold()]
            if len(kept) == len(people):
                raise InvalidInput(f"{args.name!r} is not in the people map")
            people = notebook.set_people_map(kept)
    if getattr(args, "json", False):
        say_json({"people": [{"name": p.name, "alias": p.alias} for p in people]})
        return 0
    if action == "add":
        say(
            f"Briefs now write {printable_line(args.name.strip())} as "
            f"{printable_line(args.alias.strip())}."
        )
    elif action == "remove":
        say(f"Removed {printable_line(args.name.strip())} from the people map.")
    say(f"{len(people)} name(s) in the people map.")
    width = max((len(p.name) for p in people), default=0)
    for person in people:
        say(f"  {printable_line(person.name):<{width}}  → {printable_line(person.alias)}")
    return 0
