"""`fieldnotes obstacle list|add|rename|move|merge|delete`: the codebook from the command line.

Every check is the notebook's own (a name used twice beside it, a move inside itself, a merge
into a sub-obstacle, a team member's role): a refused edit changes nothing. `set` and
`history` are in `fieldnotes.cli.obstacles`.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from fieldnotes.cli.inputs import ask, needs_yes
from fieldnotes.cli.output import JSON_FORMAT_VERSION, say, say_json
from fieldnotes.cli.passphrases import interactive
from fieldnotes.cli.session import unlocked
from fieldnotes.domain.model import Obstacle
from fieldnotes.domain.team import TeamAction, role_refusal
from fieldnotes.errors import InvalidInput
from fieldnotes.notebook import Notebook
from fieldnotes.terminal import printable_line

CODEBOOK_ACTIONS = frozenset({"list", "add", "rename", "move", "merge", "delete"})


def cmd_obstacle(args: argparse.Namespace) -> int:
    """Every `obstacle ACTION`: the codebook's edits here, `set` and `history` beside it."""
    if args.obstacle_command not in CODEBOOK_ACTIONS:
        from fieldnotes.cli.obstacles import cmd_obstacle as cmd_obstacle_life

        return cmd_obstacle_life(args)
    with unlocked(args) as notebook:
        return _ACTIONS[args.obstacle_command](args, notebook)


def shown(notebook: Notebook, obstacle: Obstacle) -> str:
    """An obstacle's path as a person reads it, `Parent › Child`, control characters shown."""
    return printable_line(notebook.obstacle_path(obstacle.id).replace("/", " › "))


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def require_role(notebook: Notebook, action: TeamAction) -> None:
    """Refuse what this member's role may not do before asking anything about it; the
    notebook refuses it again when it is written."""
    team = notebook.team
    reason = role_refusal(team.role, action) if team is not None else None
    if reason is not None:
        raise InvalidInput(reason)


def _list(args: argparse.Namespace, notebook: Notebook) -> int:
    counts = notebook.obstacle_note_counts()
    tree = notebook.obstacle_tree()
    obstacles = notebook.obstacles()
    if getattr(args, "json", False):
        say_json(
            {
                "format": JSON_FORMAT_VERSION,
                "obstacles": [_json(notebook, o, counts) for o in obstacles],
            }
        )
        return 0
    if not obstacles:
        say("The codebook is empty: `fieldnotes obstacle add NAME` adds an obstacle.")
    for obstacle in obstacles:
        indent = "  " * (len(tree.path(obstacle.id).split("/")) - 1)
        notes = plural(counts.get(obstacle.id, 0), "note")
        say(f"{indent}{printable_line(obstacle.name)}  ({notes}) · {obstacle.status}")
    return 0


def _json(notebook: Notebook, obstacle: Obstacle, counts: dict[str, int]) -> dict[str, Any]:
    return {
        "id": obstacle.id,
        "name": obstacle.name,
        "path": notebook.obstacle_path(obstacle.id),
        "parent_id": obstacle.parent_id,
        "status": obstacle.status,
        "description": obstacle.description,
        "notes": counts.get(obstacle.id, 0),
    }


def _add(args: argparse.Namespace, notebook: Notebook) -> int:
    parent_id = notebook.find_obstacle(args.parent).id if args.parent else None
    added = notebook.add_obstacle(
        args.name, parent_id=parent_id, description=args.description.strip()
    )
    say(f"Added {shown(notebook, added)}.")
    return 0


def _rename(args: argparse.Namespace, notebook: Notebook) -> int:
    obstacle = notebook.find_obstacle(args.name)
    before = shown(notebook, obstacle)
    renamed = notebook.rename_obstacle(obstacle.id, args.new_name)
    say(f"Renamed {before} to {shown(notebook, renamed)}.")
    return 0


def _move(args: argparse.Namespace, notebook: Notebook) -> int:
    obstacle = notebook.find_obstacle(args.name)
    parent_id = None if args.top else notebook.find_obstacle(args.parent).id
    before = shown(notebook, obstacle)
    moved = notebook.move_obstacle(obstacle.id, parent_id)
    say(f"Moved {before} to {shown(notebook, moved)}.")
    return 0


def _merge(args: argparse.Namespace, notebook: Notebook) -> int:
    require_role(notebook, "codebook")
    source = notebook.find_obstacle(args.name)
    target = notebook.find_obstacle(args.into)
    source_path, target_path = shown(notebook, source), shown(notebook, target)
    moving, both, keeps = merge_summary(notebook, source, target)
    if not args.yes:
        needs_yes(args, "`fieldnotes obstacle merge`")
        say(f"{moving} move into {target_path}{both}; {target_path} {keeps}.", file=sys.stderr)
        if not ask(f"Merge {source_path} into {target_path}?"):
            say("Nothing was merged.", file=sys.stderr)
            return 0
    notebook.merge_obstacles(source.id, target.id)
    say(f"Merged {source_path} into {target_path}: {moving} moved{both}; it {keeps}.")
    return 0


def merge_summary(notebook: Notebook, source: Obstacle, target: Obstacle) -> tuple[str, str, str]:
    """What moves, the notes tagged with both, and what the merged obstacle keeps. The
    notebook's own checks of the merge run here, so a merge it would refuse is refused before
    anyone is asked."""
    kept = notebook.merged_obstacle(source.id, target.id)
    preview = notebook.merge_preview(source.id, target.id)
    already = preview.already
    parts = [plural(preview.notes, "note"), plural(preview.memos, "memo")]
    if preview.passages:
        # Coded passages are re-coded to the target with the merge.
        parts.insert(1, plural(preview.passages, "passage"))
    if preview.sub_obstacles:
        parts.append(plural(preview.sub_obstacles, "sub-obstacle"))
    moving = f"{', '.join(parts[:-1])} and {parts[-1]}"
    both = (
        f" ({already} tagged with both keep{'s' if already == 1 else ''} one link)"
        if already
        else ""
    )
    keeps = f"keeps the status {kept.status}"
    if kept.reobserve_on is not None:
        keeps += f" and re-observes on {kept.reobserve_on.isoformat()}"
    return moving, both, keeps


def _delete(args: argparse.Namespace, notebook: Notebook) -> int:
    require_role(notebook, "codebook")
    obstacle = notebook.find_obstacle(args.name)
    path = shown(notebook, obstacle)
    preview = notebook.delete_preview(obstacle.id)
    tagged = preview.notes
    children = preview.sub_obstacles
    moved = f"; its {plural(children, 'sub-obstacle')} moved up a level" if children else ""
    coded = ""
    if preview.passages:
        coded = f"; {plural(preview.passages, 'passage')} lost this code"
        if preview.uncoded:
            coded += (
                f" ({preview.uncoded} left with no code: `fieldnotes passages --uncoded` "
                "lists them)"
            )
    if (tagged or preview.passages) and not args.yes:
        if not interactive():
            codes = f" and codes {plural(preview.passages, 'passage')}" if preview.passages else ""
            raise InvalidInput(
                f"{path} tags {plural(tagged, 'note')}{codes}, which would lose the tag: "
                "pass --yes to delete it anyway (nothing was deleted)"
            )
        say(
            f"{plural(tagged, 'note')} would lose this tag (the notes stay); "
            "`fieldnotes obstacle merge` moves them to another obstacle instead.",
            file=sys.stderr,
        )
        if preview.passages:
            left = f", {preview.uncoded} left with no code" if preview.uncoded else ""
            say(
                f"{plural(preview.passages, 'passage')} would lose this code and keep "
                f"their words{left}.",
                file=sys.stderr,
            )
        if not ask(f"Delete {path}?"):
            say("Nothing was deleted.", file=sys.stderr)
            return 0
    notebook.delete_obstacle(obstacle.id)
    say(f"Deleted {path}: {plural(tagged, 'note')} lost this tag{coded}{moved}.")
    return 0


_ACTIONS = {
    "list": _list,
    "add": _add,
    "rename": _rename,
    "move": _move,
    "merge": _merge,
    "delete": _delete,
}
