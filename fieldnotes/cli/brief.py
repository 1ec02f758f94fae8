"""`fieldnotes brief`: compose, check and export a brief; open, decrypt and list them."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from fieldnotes.cli.identifiers import resolution_action, resolve_every_finding
from fieldnotes.cli.inputs import age_secrets, parse_date
from fieldnotes.cli.output import say
from fieldnotes.cli.passphrases import read_passphrase_file
from fieldnotes.cli.session import unlocked
from fieldnotes.errors import InvalidInput
from fieldnotes.terminal import printable, printable_line

if TYPE_CHECKING:
    from fieldnotes.domain.synthesis import Synthesis
    from fieldnotes.notebook import Notebook


def cmd_brief(args: argparse.Namespace) -> int:
    return {
        "export": _brief_export,
        "open": _brief_open,
        "decrypt": _brief_decrypt,
        "log": _brief_log,
    }[args.brief_command](args)


def _brief_export(args: argparse.Namespace) -> int:
    from fieldnotes.domain.brief import (
        DEFAULT_TITLE,
        BriefRequest,
        apply_resolutions,
        decisions_made,
        find_identifiers,
        recall_decisions,
    )

    summary = _summary(args)
    brief_passphrase = (
        read_passphrase_file(args.to_passphrase_file) if args.to_passphrase_file else None
    )
    since = parse_date(args.since, "--since")
    until = parse_date(args.until, "--until")
    with unlocked(args) as notebook:
        synthesis = notebook.synthesis(since=since, until=until)
        obstacle_ids = _obstacle_ids(args, notebook, synthesis)
        leader_ids = _leader_ids(notebook, args.leader)
        request = BriefRequest(
            obstacle_ids=obstacle_ids,
            audience=args.audience,
            summary=summary,
            since=since,
            until=until,
            title=args.title or DEFAULT_TITLE,
            author=notebook.author_label(),
        )
        body, mapped = notebook.compose_brief_logged(request, synthesis)
        findings = find_identifiers(body, notebook.check_names())
        # Findings resolved at an earlier export of the same brief are resolved the same way.
        recalled = recall_decisions(findings, notebook.kept_decisions(request))
        open_findings = [f for f in findings if f.id not in recalled]
        resolutions = resolve_every_finding(
            open_findings, args.identifiers, nothing="nothing was exported"
        )
        resolutions.update(recalled)
        checked, log = apply_resolutions(body, findings, resolutions, kept=recalled.keys())
        written = notebook.export_brief(
            checked,
            mapped + log,
            request,
            args.output,
            leader_ids=leader_ids,
            recipients=args.to,
            passphrase=brief_passphrase,
            html=args.html,
        )
        notebook.keep_decisions(request, decisions_made(findings, resolutions))
    say(f"Wrote the encrypted brief to {written}")
    if mapped:
        say(f"{len(mapped)} name(s) were written as their alias from the people map.")
    if recalled:
        say(f"{len(recalled)} possible identifier(s) were resolved as at the last export.")
    if open_findings:
        action = resolution_action(args.identifiers)
        say(
            f"{len(open_findings)} possible identifier(s) were {action}ed; the log is in the brief."
        )
    return 0


def _summary(args: argparse.Namespace) -> str:
    if args.summary_file is None:
        return str(args.summary)
    try:
        return str(args.summary_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(f"cannot read {args.summary_file}: {error}") from None


def _obstacle_ids(
    args: argparse.Namespace, notebook: Notebook, synthesis: Synthesis
) -> tuple[str, ...]:
    """The obstacles named, else those evidenced or further along in the period."""
    from fieldnotes.domain.brief import default_obstacle_ids

    if args.obstacle:
        return tuple(notebook.find_obstacle(name).id for name in args.obstacle)
    obstacle_ids = default_obstacle_ids(synthesis)
    if not obstacle_ids:
        raise InvalidInput(
            "no obstacle is evidenced or further along with notes in this period; "
            "name obstacles with --obstacle"
        )
    return obstacle_ids


def _leader_ids(notebook: Notebook, labels: list[str]) -> list[str]:
    """The address book's leaders by label (any case); a damaged entry is never chosen."""
    leaders = {x.label.casefold(): x for x in notebook.leaders() if not x.damaged}
    leader_ids = []
    for label in labels:
        if label.casefold() not in leaders:
            raise InvalidInput(f"no leader labelled {label!r} in the address book")
        leader_ids.append(leaders[label.casefold()].id)
    return leader_ids


def _decrypted_brief(args: argparse.Namespace) -> bytes:
    from fieldnotes.notebook.keys import decrypt, read_age_file

    data = read_age_file(args.file)
    identities, phrase = age_secrets(
        data,
        what="brief",
        identity=args.identity,
        phrase_file=args.brief_passphrase_file,
        option="--passphrase-file",
    )
    return decrypt(data, identities=identities, passphrase=phrase)


def _brief_decrypt(args: argparse.Namespace) -> int:
    from fieldnotes.notebook.keys import remove_stale_plaintext, write_private_file

    if args.output is not None:
        # Plaintext a killed earlier run left beside the target goes first, whatever happens next.
        remove_stale_plaintext(Path(args.output))
    plaintext = _decrypted_brief(args)
    if args.output is None:
        # Shown, not obeyed: a hostile brief could otherwise retitle or clear the terminal.
        # `--output` writes the exact bytes.
        sys.stdout.write(printable(plaintext.decode("utf-8", "surrogateescape")))
        sys.stdout.flush()
        return 0
    write_private_file(args.output, plaintext)
    say(f"Wrote the decrypted brief to {args.output} (readable by you only).", file=sys.stderr)
    return 0


def _brief_open(args: argparse.Namespace) -> int:
    plaintext = _decrypted_brief(args)
    try:
        text = plaintext.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("the decrypted brief is not text") from None
    if not sys.stdout.isatty():
        raise InvalidInput("reading a brief needs a terminal; use `brief decrypt` in scripts")
    from fieldnotes.tui.brief_viewer import run_brief_viewer

    return run_brief_viewer(text, source=args.file.name)


def _brief_log(args: argparse.Namespace) -> int:
    with unlocked(args) as notebook:
        records = notebook.exports()
    if not records:
        say("No briefs exported yet.")
    for record in records:
        if record.damaged:
            say(f"{record.created_at:%Y-%m-%d %H:%M}  (damaged log entry)")
            continue
        recipients = ", ".join(printable_line(r) for r in record.recipients)
        attempted = "" if record.status == "written" else "  (attempted: may not have been written)"
        say(
            f"{record.created_at:%Y-%m-%d %H:%M} UTC  {printable_line(record.file_name)}  "
            f"{record.format}  to {recipients}{attempted}"
            + ("  (member check)" if record.kind == "member check" else "")
        )
        for name in record.obstacles:
            say(f"    {printable_line(name)}")
    return 0
