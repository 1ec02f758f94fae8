"""Compose → identifier check → export → open, by keys; and the brief viewer."""

from __future__ import annotations

import threading
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, MarkdownViewer, SelectionList, TextArea

from fieldnotes.crypto.age import decrypt, generate_identity
from fieldnotes.domain.brief import (
    BriefRequest,
    default_obstacle_ids,
    final_document,
    find_identifiers,
    new_metadata,
    render_html,
)
from fieldnotes.notebook import Notebook
from fieldnotes.tui.app import FieldnotesApp
from fieldnotes.tui.brief_viewer import BriefViewerApp
from fieldnotes.tui.dialogs.synthesis import ProtectedNamesDialog, ReplacementDialog
from fieldnotes.tui.screens.briefs.composer import BriefComposerScreen
from fieldnotes.tui.screens.briefs.identifier_check import IdentifierCheckScreen
from fieldnotes.tui.screens.briefs.view import BriefViewScreen
from tests.tui.shell_support import screen_text, unlock
from tests.tui.test_synthesis_screens import Host, paste, settle


async def shown(pilot: Pilot[None]) -> str:
    """The screen's words on one line, so a message wrapped inside a toast still matches.

    Toasts are drawn a moment after they are raised, hence the short wait.
    """
    await pilot.pause(0.2)
    return " ".join(screen_text(pilot.app).split())  # type: ignore[arg-type]


def outbox(tmp_path: Path) -> Path:
    """Where briefs go: apart from the notebook's own files, which share `tmp_path`."""
    out = tmp_path / "out"
    out.mkdir(exist_ok=True)
    return out


def composer(app: Host) -> BriefComposerScreen:
    for screen in app.screen_stack:
        if isinstance(screen, BriefComposerScreen):
            return screen
    raise AssertionError("no composer on the stack")


async def test_compose_check_export_and_open(demo_notebook: Notebook, tmp_path: Path) -> None:
    secret, public = generate_identity()
    synthesis = demo_notebook.synthesis()
    app = Host(lambda: BriefComposerScreen(demo_notebook, synthesis, output_dir=outbox(tmp_path)))
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        screen = composer(app)
        ticked = screen.query_one("#obstacles", SelectionList).selected
        assert tuple(ticked) == default_obstacle_ids(synthesis)
        await paste(pilot, "Director of Children's Services")

        # Send to: add a leader inline (label, then key) — added to the book and ticked.
        await pilot.press("f3")
        await settle(pilot)
        assert isinstance(app.focused, Checkbox)
        await pilot.press("tab")
        assert isinstance(app.focused, Input) and app.focused.id == "leader-label"
        await paste(pilot, "Director")
        await pilot.press("tab")
        await paste(pilot, public)
        await pilot.press("enter")
        await settle(pilot)
        leaders = demo_notebook.leaders()
        assert [leader.label for leader in leaders] == ["Director"]
        assert screen.query_one("#leaders", SelectionList).selected == [leaders[0].id]

        await pilot.press("ctrl+s")
        await settle(pilot)
        check = app.screen
        assert isinstance(check, IdentifierCheckScreen)
        expected = find_identifiers(check.body, demo_notebook.protected_names())
        assert [(f.kind, f.line) for f in check.findings] == [(f.kind, f.line) for f in expected]
        # The demo brief holds one real identifier, an address in a quote seen three times;
        # its meeting and notification dates are not identifiers and are not flagged.
        assert [f.kind for f in check.findings] == ["street address"] * 3
        text = screen_text(app)
        assert "14 Wexford Lane" in text
        assert "to resolve before export" in text

        # Redact the first, replace the second with a role...
        await pilot.press("r", "p")
        await settle(pilot)
        assert isinstance(app.screen, ReplacementDialog)
        await pilot.press("down", *["down"] * 8, "enter")  # "the family home" from the list
        await settle(pilot)
        assert app.screen is check
        # ...and export is refused while any are left.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is check
        assert check.unresolved
        await pilot.press("R", "ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        path = screen.last_export
        assert path is not None and path.parent == tmp_path / "out" and path.exists()
        assert oct(path.stat().st_mode & 0o777) == "0o600"

    plaintext = decrypt(path.read_bytes(), identities=[secret]).decode("utf-8")
    assert "# What our field notes show about the system" in plaintext
    assert "For Director of Children's Services" in plaintext
    assert "## Identifier check" in plaintext
    assert f"line {check.findings[0].line}: {check.findings[0].kind} — redacted" in plaintext
    assert "replaced with “the family home”" in plaintext
    # Nothing in the demo brief is a false alarm to confirm; tests/test_brief.py logs one.
    assert "14 Wexford Lane" not in plaintext
    assert "the family home" in plaintext
    assert "[redacted]" in plaintext
    records = demo_notebook.exports()
    assert len(records) == 1 and records[0].file_name == path.name
    assert records[0].recipients == ("Director",)

    viewer = Host(lambda: BriefViewScreen(plaintext, source=path.name))
    async with viewer.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(viewer)
        assert "What our field notes show about the system" in text
        assert "Director of Children's Services" in text
        assert path.name in text
        await pilot.press("q")
        await settle(pilot)
        assert not isinstance(viewer.screen, BriefViewScreen)


async def test_the_export_log_shows_in_the_composer(
    demo_notebook: Notebook, tmp_path: Path
) -> None:
    _, public = generate_identity()
    synthesis = demo_notebook.synthesis()
    request = BriefRequest(default_obstacle_ids(synthesis), "SLT", "")
    body = demo_notebook.compose_brief(request, synthesis)
    demo_notebook.export_brief(body, [], request, tmp_path, recipients=[public])
    app = Host(lambda: BriefComposerScreen(demo_notebook, synthesis, output_dir=outbox(tmp_path)))
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f5")
        await settle(pilot)
        text = screen_text(app)
        assert demo_notebook.exports()[0].file_name in text
        assert "No briefs exported yet" not in text


async def test_export_needs_someone_to_send_to_and_says_so(
    demo_notebook: Notebook, tmp_path: Path
) -> None:
    app = Host(lambda: BriefComposerScreen(demo_notebook, output_dir=outbox(tmp_path)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, BriefComposerScreen)
        assert "choose at least one leader" in await shown(pilot)
        assert list((tmp_path / "out").iterdir()) == []

        # A key that is not an age recipient is refused where it was typed.
        await pilot.press("f3", "tab")
        await paste(pilot, "Director")
        await pilot.press("tab")
        await paste(pilot, "age1notakey")
        await pilot.press("enter")
        await settle(pilot)
        assert demo_notebook.leaders() == []
        error = app.screen.query_one("#leader-error")
        assert not error.has_class("-empty")


async def test_passphrase_instead_of_keys(demo_notebook: Notebook, tmp_path: Path) -> None:
    phrase = "hazel otter"
    app = Host(lambda: BriefComposerScreen(demo_notebook, output_dir=outbox(tmp_path)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3", "space")  # tick "passphrase instead of keys"
        await settle(pilot)
        screen = composer(app)
        assert screen.use_passphrase
        assert not screen.query_one("#keys-box").display or screen.has_class("-passphrase")
        await pilot.press("tab")
        await paste(pilot, phrase)
        await pilot.press("tab")
        await paste(pilot, phrase[:-1] + "s")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "the two passphrases differ" in await shown(pilot)
        await pilot.press("backspace", phrase[-1], "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, IdentifierCheckScreen)
        await pilot.press("R", "ctrl+s")
        await settle(pilot)
        path = screen.last_export
        assert path is not None
        # The phrase is not left lying in the form.
        assert screen.query_one("#passphrase", Input).value == ""
    plaintext = decrypt(path.read_bytes(), passphrase=phrase).decode("utf-8")
    assert "## Identifier check" in plaintext
    assert demo_notebook.exports()[0].recipients == ("(passphrase)",)


async def test_protected_names_are_edited_and_the_text_scanned_again(
    demo_notebook: Notebook,
) -> None:
    synthesis = demo_notebook.synthesis()
    body = demo_notebook.compose_brief(
        BriefRequest(default_obstacle_ids(synthesis), "SLT", ""), synthesis
    )
    assert "Riverside" in body
    findings = find_identifiers(body, [])
    app = Host(
        lambda: IdentifierCheckScreen(
            body,
            findings,
            protected_names=demo_notebook.protected_names(),
            save_names=demo_notebook.set_protected_names,
        )
    )
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        check = app.screen
        assert isinstance(check, IdentifierCheckScreen)
        await pilot.press("r")  # a resolution made before the re-scan survives it
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ProtectedNamesDialog)
        await paste(pilot, "Riverside")
        await pilot.press("enter", "ctrl+s")
        await settle(pilot)
        assert app.screen is check
        assert demo_notebook.protected_names() == ["Riverside"]
        named = [f for f in check.findings if f.kind == "protected name"]
        assert named and len(check.findings) == len(findings) + len(named)
        (resolved_id,) = check.resolutions
        resolved = next(f for f in check.findings if f.id == resolved_id)
        assert (resolved.start, resolved.end) == (findings[0].start, findings[0].end)
        assert check.resolutions[resolved_id].action == "redact"


async def test_a_clean_brief_passes_the_check_at_once() -> None:
    results: list[object] = []

    def make() -> IdentifierCheckScreen:
        return IdentifierCheckScreen("# A brief\n\nNothing identifying here.", [])

    app = Host(make)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        assert "No likely identifiers were found" in screen_text(app)
        check = app.screen
        assert isinstance(check, IdentifierCheckScreen)
        check.dismiss = results.append  # type: ignore[method-assign]
        await pilot.press("ctrl+s")
        await settle(pilot)
    assert results == [("# A brief\n\nNothing identifying here.", [])]


def _document(demo_notebook: Notebook) -> str:
    synthesis = demo_notebook.synthesis()
    request = BriefRequest(default_obstacle_ids(synthesis)[:2], "Director", "Opening words.")
    body = demo_notebook.compose_brief(request, synthesis)
    names = [demo_notebook.obstacle_path(i) for i in request.obstacle_ids]
    metadata = new_metadata(request, names, now=datetime(2026, 11, 2, 9, 0))
    return final_document(body, [], metadata)


async def test_the_viewer_never_renders_html(demo_notebook: Notebook) -> None:
    html = render_html(_document(demo_notebook))
    app = Host(lambda: BriefViewScreen(html, source="brief.age"))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, BriefViewScreen) and screen.is_html
        assert not screen.query(MarkdownViewer)
        assert "does not render HTML" in await shown(pilot)
        assert screen.query_one(TextArea).text == html
        assert "<!DOCTYPE html>" in screen_text(app)


async def test_the_standalone_viewer_shows_the_brief_and_quits(demo_notebook: Notebook) -> None:
    document = _document(demo_notebook)
    app = BriefViewerApp(document, source="brief-1234.age")
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        text = screen_text(app)  # type: ignore[arg-type]
        assert "What our field notes show about the system" in text
        assert "2026-11-02 09:00" in text
        assert "Contents" in text or "At a glance" in text
        await pilot.press("q")
        await settle(pilot)
    assert app.return_code == 0


async def test_the_screen_answers_while_a_brief_is_encrypted(
    demo_notebook: Notebook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Encrypting to a passphrase takes about a second of scrypt: it runs off the UI thread,
    the screen keeps answering, and a second export is refused until the first is written."""
    phrase = "hazel otter"
    release = threading.Event()
    real_export = demo_notebook.export_brief

    def slow_export(*args: Any, **kwargs: Any) -> Path:
        release.wait(timeout=30)
        return real_export(*args, **kwargs)

    monkeypatch.setattr(demo_notebook, "export_brief", slow_export)
    app = Host(lambda: BriefComposerScreen(demo_notebook, output_dir=outbox(tmp_path)))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("f3", "space", "tab")
        await paste(pilot, phrase)
        await pilot.press("tab")
        await paste(pilot, phrase)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("R", "ctrl+s")
        await pilot.pause(0.1)
        screen = composer(app)
        assert app.screen is screen and screen.exporting and screen.last_export is None
        assert "Encrypting the brief" in await shown(pilot)
        await pilot.press("f4")  # the screen still answers keys: the preview tab
        await pilot.pause()
        assert screen.query_one("TabbedContent").active == "tab-preview"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        assert "still being exported" in await shown(pilot)
        release.set()
        await settle(pilot)
        assert not screen.exporting
        path = screen.last_export
        assert path is not None and path.exists()
    assert decrypt(path.read_bytes(), passphrase=phrase).startswith(b"+++\nfieldnotes_brief = 1")


async def test_the_summary_typed_comes_back_in_the_next_composer_until_lock(
    demo_path: Path,
) -> None:
    app = FieldnotesApp(demo_path, demo=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await unlock(pilot)
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("b")
        await settle(pilot)
        screen = composer(app)  # type: ignore[arg-type]
        screen.query_one("#summary", TextArea).focus()
        await paste(pilot, "Three months across nine teams.")
        await pilot.press("escape")
        await settle(pilot)
        assert not any(isinstance(s, BriefComposerScreen) for s in app.screen_stack)

        await pilot.press("b")
        await settle(pilot)
        again = composer(app)  # type: ignore[arg-type]
        assert again is not screen
        assert again.query_one("#summary", TextArea).text == "Three months across nine teams."

        # Locking drops it with the key; unlocking brings the synthesis back.
        await pilot.press("ctrl+l")
        await settle(pilot)
        await unlock(pilot)
        await pilot.press("b")
        await settle(pilot)
        assert composer(app).query_one("#summary", TextArea).text == ""  # type: ignore[arg-type]


async def test_keys_typed_after_f2_land_in_the_first_field(demo_notebook: Notebook) -> None:
    app = Host(lambda: BriefComposerScreen(demo_notebook, None))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f3")
        await settle(pilot)
        await pilot.press("f2")
        await settle(pilot)
        await paste(pilot, " for the DCS")
        assert composer(app).query_one("#title", Input).value.endswith(" for the DCS")
