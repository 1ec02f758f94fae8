"""A notebook as a REFI-QDA project: the exchange format of NVivo, ATLAS.ti, MAXQDA, QualCoder.

Pure: this builds the `project.qde` document and the source texts in memory and checks them;
the façade decides where (and whether in the clear) they go. What maps to what is in
docs/exchange.md. Positions are Unicode code points from 0, end exclusive (REFI-QDA 1.5 §10.2),
which is what a Python `str` counts, so a CRLF or an emoji in a note moves nothing.

Every GUID is derived from the notebook's id and the row's own id, so exporting twice gives the
same GUIDs and a later import can recognise what it exported.
"""

from __future__ import annotations

import dataclasses
import io
import re
import uuid
import zipfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from fieldnotes.domain.brief import Action, Resolution, apply_resolutions
from fieldnotes.domain.codebook import ObstacleTree
from fieldnotes.domain.identifiers import find_identifiers
from fieldnotes.domain.model import (
    MODE_LABELS,
    STANCES,
    Framework,
    Memo,
    Note,
    Obstacle,
    Passage,
    Quote,
    Stance,
)
from fieldnotes.domain.passages import carried, field_texts
from fieldnotes.errors import FileFormatError

NAMESPACE = "urn:QDA-XML:project:1.0"
SCHEMA_LOCATION = (
    "urn:QDA-XML:project:1.0 http://schema.qdasoftware.org/versions/Project/v1.0/Project.xsd"
)
PROJECT_FILE = "project.qde"
SOURCES_DIR = "sources"
INTERNAL = "internal://"
_GUIDS = uuid.UUID("0f4e6a52-5d1b-4c43-9a57-3f1d7c9e2b10")
_COLOUR = re.compile("#[0-9A-Fa-f]{6}")
# XML 1.0 cannot carry these at all, escaped or not; a note's text file can, so only the
# document's attributes and inline texts lose them.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
STANCE_LABELS: dict[Stance, str] = {"honoured": "honoured", "at-risk": "at risk"}
OBSTACLES_COLOUR = "#B5533C"
FRAMEWORK_COLOUR = "#3C6EB5"
SECTION_HEADINGS = ("## Asides", "## Quotes", "## Follow-up")

ET.register_namespace("", NAMESPACE)


def _present(attributes: Mapping[str, str | None]) -> dict[str, str]:
    """Attributes without the ones that have no value: an empty dateTime is invalid."""
    return {key: value for key, value in attributes.items() if value is not None}


def _tag(name: str) -> str:
    return f"{{{NAMESPACE}}}{name}"


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _when(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is not None:
        return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return moment.strftime("%Y-%m-%dT%H:%M:%S")


@dataclass(frozen=True, slots=True)
class QdpxProject:
    """`project.qde` and the `sources/` texts it points at."""

    document: bytes
    sources: Mapping[str, bytes]
    """File name inside the archive (`sources/<GUID>.txt`) → UTF-8 text without BOM."""

    def archive(self) -> bytes:
        """The `.qdpx`: a zip of the project and its sources, in a fixed order."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(_member(PROJECT_FILE), self.document)
            for name in sorted(self.sources):
                archive.writestr(_member(name), self.sources[name])
        return buffer.getvalue()


def _member(name: str) -> zipfile.ZipInfo:
    # A fixed date: the archive's bytes depend on the notebook, not on when it was zipped.
    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o600 << 16
    return info


def source_text(note: Note) -> str:
    """The one text a note becomes: its description, then asides, quotes and follow-up.

    A section heading inside a section's own text is escaped with a backslash (as the Markdown
    export does), so the headings a reader sees are only ever these sections'.
    """
    parts = [_escaped(note.description)] if note.description else []
    if note.asides:
        parts.append(f"{SECTION_HEADINGS[0]}\n\n{_escaped(note.asides)}")
    if note.quotes:
        lines = []
        for quote in note.quotes:
            speaker = f" — {quote.speaker_role}" if quote.speaker_role else ""
            lines.append(f"> {_escaped(quote.text)}{speaker}")
        parts.append(f"{SECTION_HEADINGS[1]}\n\n" + "\n".join(lines))
    if note.follow_up:
        parts.append(f"{SECTION_HEADINGS[2]}\n\n{_escaped(note.follow_up)}")
    return _SURROGATE.sub("\ufffd", "\n\n".join(parts))


def _escaped(text: str) -> str:
    lines = text.split("\n")
    return "\n".join(
        f"\\{line}" if line.rstrip("\r") in SECTION_HEADINGS else line for line in lines
    )


class _Guids:
    def __init__(self, notebook_id: str) -> None:
        self._notebook_id = notebook_id

    def __call__(self, kind: str, key: str) -> str:
        return str(uuid.uuid5(_GUIDS, f"{self._notebook_id}\x00{kind}\x00{key}")).upper()


@dataclass(frozen=True, slots=True)
class ProjectContents:
    """What goes into a project; the façade gathers it, nothing here reads a notebook."""

    notebook_id: str
    name: str
    notes: Sequence[Note]
    obstacles: ObstacleTree
    frameworks: Sequence[Framework]
    memos: Sequence[Memo]
    user_name: str
    exported_at: datetime
    origin: str = "fieldnotes"


def build_project(contents: ProjectContents) -> QdpxProject:
    guid = _Guids(contents.notebook_id)
    user = guid("user", "owner")
    project = ET.Element(
        _tag("Project"),
        _present(
            {
                "name": _xml_text(contents.name),
                "origin": _xml_text(contents.origin),
                "creatingUserGUID": user,
                "creationDateTime": _when(contents.exported_at),
                "modifyingUserGUID": user,
                "modifiedDateTime": _when(contents.exported_at),
                "{http://www.w3.org/2001/XMLSchema-instance}schemaLocation": SCHEMA_LOCATION,
            }
        ),
    )
    users = ET.SubElement(project, _tag("Users"))
    ET.SubElement(users, _tag("User"), {"guid": user, "name": _xml_text(contents.user_name)})
    memo_refs = _memo_refs(contents.memos, guid)
    _codebook(project, contents, guid, memo_refs)
    variables = _variables(project, guid)
    _cases(project, contents.notes, guid)
    sources = _sources(project, contents, guid, user, variables, memo_refs)
    _memos(project, contents.memos, guid, user)
    document = ET.tostring(project, encoding="utf-8", xml_declaration=True)
    # A parser reads a raw CR in element text as a line end and drops it (XML 1.0 §2.11);
    # as a character reference it stays, so a memo's CRLF comes back as typed. ElementTree
    # writes attributes' CRs as references already, and nothing else holds one.
    document = document.replace(b"\r", b"&#13;")
    return QdpxProject(document, sources)


def _memo_refs(memos: Sequence[Memo], guid: _Guids) -> dict[tuple[str, str], list[str]]:
    """("note"|"obstacle", id) → the GUIDs of the memos that point at it."""
    refs: dict[tuple[str, str], list[str]] = {}
    for memo in memos:
        for note_id in memo.note_ids:
            refs.setdefault(("note", note_id), []).append(guid("memo", memo.id))
        for obstacle_id in memo.obstacle_ids:
            refs.setdefault(("obstacle", obstacle_id), []).append(guid("memo", memo.id))
    return refs


def _code(
    parent: ET.Element, guid: str, name: str, *, codable: bool, colour: str | None = None
) -> ET.Element:
    attributes = {"guid": guid, "name": _xml_text(name), "isCodable": str(codable).lower()}
    if colour is not None:
        attributes["color"] = colour
    return ET.SubElement(parent, _tag("Code"), attributes)


def _description(element: ET.Element, text: str) -> None:
    if text:
        ET.SubElement(element, _tag("Description")).text = _xml_text(text)


def _codebook(
    project: ET.Element,
    contents: ProjectContents,
    guid: _Guids,
    memo_refs: Mapping[tuple[str, str], list[str]],
) -> None:
    codes = ET.SubElement(ET.SubElement(project, _tag("CodeBook")), _tag("Codes"))
    root = _code(
        codes,
        guid("category", "obstacles"),
        "Systems obstacles",
        codable=False,
        colour=OBSTACLES_COLOUR,
    )
    _description(root, "What the notes show getting in the way of good practice.")
    elements: dict[str | None, ET.Element] = {None: root}
    for obstacle in contents.obstacles:
        parent = elements[contents.obstacles.parent_of(obstacle.id)]
        element = _code(parent, guid("obstacle", obstacle.id), obstacle.name, codable=True)
        lines = [obstacle.description, f"Status: {obstacle.status}"]
        if obstacle.ask:
            lines.append(f"Ask: {obstacle.ask}")
        if obstacle.decision:
            lines.append(f"Decision: {obstacle.decision}")
        _description(element, "\n\n".join(line for line in lines if line))
        for memo in memo_refs.get(("obstacle", obstacle.id), ()):
            ET.SubElement(element, _tag("NoteRef"), {"targetGUID": memo})
        elements[obstacle.id] = element
    for framework in contents.frameworks:
        category = _code(
            codes,
            guid("framework", framework.id),
            framework.name,
            codable=False,
            colour=FRAMEWORK_COLOUR,
        )
        _description(category, framework.description)
        for principle in framework.principles:
            element = _code(
                category,
                guid("principle", principle.id),
                f"{principle.code} {principle.title}",
                codable=False,
            )
            _description(element, principle.description)
            for stance in STANCES:
                _code(
                    element,
                    guid("stance", f"{principle.id}\x00{stance}"),
                    STANCE_LABELS[stance],
                    codable=True,
                )


VARIABLES = ("Mode", "Stage", "Team", "Setting", "Occurred")


def _variables(project: ET.Element, guid: _Guids) -> dict[str, str]:
    variables = ET.SubElement(project, _tag("Variables"))
    found: dict[str, str] = {}
    for name in VARIABLES:
        found[name] = guid("variable", name)
        kind = "DateTime" if name == "Occurred" else "Text"
        ET.SubElement(
            variables,
            _tag("Variable"),
            {"guid": found[name], "name": name, "typeOfVariable": kind},
        )
    return found


def _cases(project: ET.Element, notes: Sequence[Note], guid: _Guids) -> None:
    teams: dict[str, list[Note]] = {}
    for note in notes:
        if note.team.strip():
            teams.setdefault(note.team.strip(), []).append(note)
    if not teams:
        return
    cases = ET.SubElement(project, _tag("Cases"))
    for team in sorted(teams, key=str.casefold):
        case = ET.SubElement(
            cases, _tag("Case"), {"guid": guid("case", team.casefold()), "name": _xml_text(team)}
        )
        for note in teams[team]:
            ET.SubElement(case, _tag("SourceRef"), {"targetGUID": guid("note", note.id)})


def _sources(
    project: ET.Element,
    contents: ProjectContents,
    guid: _Guids,
    user: str,
    variables: Mapping[str, str],
    memo_refs: Mapping[tuple[str, str], list[str]],
) -> dict[str, bytes]:
    files: dict[str, bytes] = {}
    if not contents.notes:
        return files
    sources = ET.SubElement(project, _tag("Sources"))
    for note in contents.notes:
        source_guid = guid("note", note.id)
        text = source_text(note)
        files[f"{SOURCES_DIR}/{source_guid}.txt"] = text.encode("utf-8")
        when = _present(
            {
                "creatingUser": user,
                "creationDateTime": _when(note.created_at),
                "modifyingUser": user,
                "modifiedDateTime": _when(note.updated_at),
            }
        )
        source = ET.SubElement(
            sources,
            _tag("TextSource"),
            {
                "guid": source_guid,
                "name": _xml_text(_source_name(note)),
                "plainTextPath": f"{INTERNAL}{source_guid}.txt",
                **when,
            },
        )
        codes = [guid("obstacle", oid) for oid in note.obstacle_ids if oid in contents.obstacles]
        codes += [
            guid("stance", f"{link.principle_id}\x00{link.stance}") for link in note.principles
        ]
        if codes:
            selection = ET.SubElement(
                source,
                _tag("PlainTextSelection"),
                {
                    "guid": guid("whole-note", note.id),
                    "name": "whole note",
                    "startPosition": "0",
                    "endPosition": str(len(text)),
                    **{k: v for k, v in when.items() if not k.startswith("modifying")},
                },
            )
            for code in codes:
                coding = ET.SubElement(
                    selection,
                    _tag("Coding"),
                    {"guid": guid("coding", f"{note.id}\x00{code}"), "creatingUser": user},
                )
                ET.SubElement(coding, _tag("CodeRef"), {"targetGUID": code})
        _passage_selections(source, note, contents, guid, user)
        for memo in memo_refs.get(("note", note.id), ()):
            ET.SubElement(source, _tag("NoteRef"), {"targetGUID": memo})
        values = {
            "Mode": note.mode,
            "Stage": note.stage,
            "Team": note.team,
            "Setting": note.setting,
        }
        for name, value in values.items():
            if value:
                _variable_value(source, variables[name], "TextValue", value)
        _variable_value(source, variables["Occurred"], "DateTimeValue", _when(note.occurred_at))
    return files


def _passage_selections(
    source: ET.Element, note: Note, contents: ProjectContents, guid: _Guids, user: str
) -> None:
    """A `PlainTextSelection` for each coded passage still in its text, with a `Coding` per
    code and the coder's memo as its description."""
    for number, passage in enumerate(note.passages, start=1):
        codes = [guid("obstacle", o) for o in passage.obstacle_ids if o in contents.obstacles]
        codes += [
            guid("stance", f"{link.principle_id}\x00{link.stance}") for link in passage.principles
        ]
        if passage.orphaned or not codes:
            continue
        start, end = source_span(note, passage)
        selection = ET.SubElement(
            source,
            _tag("PlainTextSelection"),
            {
                "guid": guid("passage", passage.id),
                "name": f"passage {number}",
                "startPosition": str(start),
                "endPosition": str(end),
                "creatingUser": user,
            },
        )
        _description(selection, passage.memo)
        for code in codes:
            coding = ET.SubElement(
                selection,
                _tag("Coding"),
                {"guid": guid("coding", f"{passage.id}\x00{code}"), "creatingUser": user},
            )
            ET.SubElement(coding, _tag("CodeRef"), {"targetGUID": code})


def source_span(note: Note, passage: Passage) -> tuple[int, int]:
    """Where `passage` lies in `source_text(note)`: code points, end exclusive.

    Its field's place in the text, plus one for each heading line escaped before it (a
    backslash that starts a line the span starts on lies before the span)."""
    base = 0
    if passage.field == "asides":
        base = len(_escaped(note.description)) + 2 if note.description else 0
        base += len(SECTION_HEADINGS[0]) + 2
    text = field_texts(note)[passage.field]
    starts: list[int] = []
    at = 0
    for line in text.split("\n"):
        if line.rstrip("\r") in SECTION_HEADINGS:
            starts.append(at)
        at += len(line) + 1
    start = passage.start + sum(1 for s in starts if s <= passage.start)
    end = passage.end + sum(1 for s in starts if s < passage.end)
    return base + start, base + end


def _variable_value(source: ET.Element, variable: str, kind: str, value: str | None) -> None:
    if value is None:
        return
    element = ET.SubElement(source, _tag("VariableValue"))
    ET.SubElement(element, _tag("VariableRef"), {"targetGUID": variable})
    ET.SubElement(element, _tag(kind)).text = _xml_text(value)


def _source_name(note: Note) -> str:
    team = f", {note.team.strip()}" if note.team.strip() else ""
    return f"{note.occurred_at:%Y-%m-%d %H:%M} {MODE_LABELS[note.mode]}{team}"


def _memos(project: ET.Element, memos: Sequence[Memo], guid: _Guids, user: str) -> None:
    if not memos:
        return
    notes = ET.SubElement(project, _tag("Notes"))
    for memo in memos:
        element = ET.SubElement(
            notes,
            _tag("Note"),
            _present(
                {
                    "guid": guid("memo", memo.id),
                    "name": _xml_text(memo.title or "(untitled memo)"),
                    "creatingUser": user,
                    "creationDateTime": _when(memo.created_at),
                }
            ),
        )
        _description(element, f"{memo.kind} memo")
        ET.SubElement(element, _tag("PlainTextContent")).text = _xml_text(memo.body)


# --- what the schema cannot say ---------------------------------------------------------------


def semantic_problems(project: QdpxProject) -> list[str]:
    """Every way `project` breaks REFI-QDA beyond its XML schema; empty when it is sound.

    GUIDs unique, every reference resolves, selections inside their text, every `internal://`
    file present and UTF-8 without a byte-order mark, colours `#RRGGBB`, no empty `<Sets/>`.
    """
    problems: list[str] = []
    try:
        root = ET.fromstring(project.document)
    except ET.ParseError as exc:
        return [f"{PROJECT_FILE} is not well-formed XML ({exc})"]
    guids: dict[str, str] = {}
    for element in root.iter():
        value = element.get("guid")
        if value is None:
            continue
        key = value.strip("{}").upper()
        if key in guids:
            problems.append(f"GUID {value} is used twice ({guids[key]} and {_local(element)})")
        guids[key] = _local(element)
    for element in root.iter():
        for attribute in ("targetGUID", "creatingUser", "modifyingUser", "creatingUserGUID"):
            value = element.get(attribute)
            if value is not None and value.strip("{}").upper() not in guids:
                problems.append(f"{_local(element)} {attribute}={value} points at nothing")
        colour = element.get("color")
        if colour is not None and not _COLOUR.fullmatch(colour):
            problems.append(f"{_local(element)} has colour {colour!r}, not #RRGGBB")
    for sets in root.iter(_tag("Sets")):
        if len(sets) == 0:
            problems.append("an empty <Sets/>")
    problems += _source_problems(root, project.sources)
    return problems


def _local(element: ET.Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _source_problems(root: ET.Element, files: Mapping[str, bytes]) -> list[str]:
    problems: list[str] = []
    for source in root.iter(_tag("TextSource")):
        name = source.get("guid", "?")
        inline = source.find(_tag("PlainTextContent"))
        path = source.get("plainTextPath")
        if (inline is None) == (path is None):
            problems.append(f"source {name} needs exactly one of PlainTextContent and a path")
            continue
        if path is not None:
            text = _internal_text(path, files, problems)
            if text is None:
                continue
        else:
            text = inline.text or "" if inline is not None else ""
        for selection in source.iter(_tag("PlainTextSelection")):
            start = int(selection.get("startPosition", "-1"))
            end = int(selection.get("endPosition", "-1"))
            if not 0 <= start <= end <= len(text):
                problems.append(
                    f"selection {selection.get('guid')} [{start}, {end}) lies outside its "
                    f"source's {len(text)} characters"
                )
    return problems


def _internal_text(path: str, files: Mapping[str, bytes], problems: list[str]) -> str | None:
    if not path.startswith(INTERNAL):
        problems.append(f"source path {path!r} is not internal://")
        return None
    member = f"{SOURCES_DIR}/{path.removeprefix(INTERNAL)}"
    raw = files.get(member)
    if raw is None:
        problems.append(f"{member} is missing from the archive")
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        problems.append(f"{member} starts with a byte-order mark")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(f"{member} is not UTF-8")
        return None


def read_archive(data: bytes, *, name: str, limit: int) -> QdpxProject:
    """The project and sources inside a `.qdpx`; refused whole if it unpacks past `limit`."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            total = sum(info.file_size for info in archive.infolist())
            if total > limit:
                raise FileFormatError(
                    name, None, f"it unpacks to {total:,} bytes, more than the {limit:,} allowed"
                )
            document = archive.read(PROJECT_FILE)
            sources = {
                info.filename: archive.read(info)
                for info in archive.infolist()
                if info.filename.startswith(f"{SOURCES_DIR}/") and not info.is_dir()
            }
    except KeyError:
        raise FileFormatError(
            name, None, f"no {PROJECT_FILE} inside: not a REFI-QDA project"
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError):
        raise FileFormatError(name, None, "not a readable zip archive") from None
    return QdpxProject(document, sources)


# --- what leaves in the clear -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClearExport:
    """Notes, memos and obstacles after the identifier check, ready to leave in the clear."""

    notes: list[Note]
    memos: list[Memo]
    obstacles: list[Obstacle]
    places: list[str]
    """Where each likely identifier was ("note 2026-10-06 14:30 asides:3: phone"), in order."""


def identifier_checked(
    notes: Sequence[Note],
    memos: Sequence[Memo],
    obstacles: Sequence[Obstacle],
    protected: Sequence[str],
    action: Action | None,
) -> ClearExport:
    """Every text a plaintext project carries through the identifier check, as briefs are.

    With `action` None nothing is changed and `places` says where the findings are (the caller
    refuses when there are any); with "redact" or "confirm" every finding is resolved so.
    Redaction happens before the project is built, so every offset counts the redacted text.
    """
    places: list[str] = []

    def checked(text: str, where: str) -> str:
        findings = find_identifiers(text, protected)
        places.extend(f"{where}:{f.line}: {f.kind}" for f in findings)
        if not findings or action is None:
            return text
        resolutions = {f.id: Resolution(action) for f in findings}
        return apply_resolutions(text, findings, resolutions)[0]

    clear_notes = [_checked_note(note, checked) for note in notes]
    clear_memos = [
        dataclasses.replace(
            memo,
            title=checked(memo.title, f"memo {memo.title[:30]!r} title"),
            body=checked(memo.body, f"memo {memo.title[:30]!r}"),
        )
        for memo in memos
    ]
    clear_obstacles = [
        dataclasses.replace(
            obstacle,
            name=checked(obstacle.name, f"obstacle {obstacle.name[:30]!r} name"),
            description=checked(obstacle.description, f"obstacle {obstacle.name[:30]!r}"),
            ask=checked(obstacle.ask, f"obstacle {obstacle.name[:30]!r} ask"),
            decision=checked(obstacle.decision, f"obstacle {obstacle.name[:30]!r} decision"),
        )
        for obstacle in obstacles
    ]
    return ClearExport(clear_notes, clear_memos, clear_obstacles, places)


def _checked_note(note: Note, checked: Callable[[str, str], str]) -> Note:
    where = f"note {note.occurred_at:%Y-%m-%d %H:%M}"
    description = checked(note.description, f"{where} description")
    asides = checked(note.asides, f"{where} asides")
    after = {"description": description, "asides": asides}
    passages = [
        dataclasses.replace(passage, memo=checked(passage.memo, f"{where} passage memo"))
        for passage in carried(note.passages, field_texts(note), after)
    ]
    return dataclasses.replace(
        note,
        passages=passages,
        team=checked(note.team, f"{where} team"),
        setting=checked(note.setting, f"{where} setting"),
        description=description,
        asides=asides,
        follow_up=checked(note.follow_up, f"{where} follow-up"),
        quotes=[
            Quote(checked(q.text, f"{where} quote"), checked(q.speaker_role, f"{where} speaker"))
            for q in note.quotes
        ],
    )
