"""Reading a REFI-QDA project (`.qdpx`) or codebook (`.qdc`) that another tool wrote.

Pure: bytes in, a `ForeignProject` out; what it becomes in a notebook is `qdpx_plan`'s
business. Real tools bend the standard, and this reads what they write: QualCoder's
byte-order mark at the start of a source, ATLAS.ti's CRLF counted as one position, NVivo's
positions in UTF-16 units, a project file named after the archive, `plainTextPath` or inline
`PlainTextContent`, optional parts missing. Schema problems are reported, not refused.

What is refused, before anything reaches a notebook: a file that unpacks too far or holds
too many members (a zip bomb), a path that leaves the archive, a document type declaration
(the only way to entity expansion and external entities, so no DTD is ever read), nesting
deep enough to exhaust a parser, a GUID used twice, and a selection outside its text.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote
from xml.etree import ElementTree as ET
from xml.parsers import expat

from fieldnotes.errors import FileFormatError

if TYPE_CHECKING:
    import xmlschema

MAX_FILE_BYTES = 128 << 20
"""The largest `.qdpx` or `.qdc` read at all."""
MAX_UNPACKED_BYTES = 256 << 20
"""What an archive's members may add up to once unpacked (their declared sizes)."""
MAX_MEMBERS = 20_000
MAX_DEPTH = 64
"""Deeper XML than this is refused: a code tree 64 levels deep is already no codebook."""
SCHEMA_PROBLEMS_SHOWN = 5

_INTERNAL = "internal://"
_ZIP_ERRORS = (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError)
_UNSUPPORTED_SOURCES = {
    "PDFSource": "PDF",
    "PictureSource": "picture",
    "AudioSource": "audio",
    "VideoSource": "video",
}


@dataclass(frozen=True, slots=True)
class ForeignCode:
    guid: str
    name: str
    codable: bool
    description: str = ""
    children: tuple[ForeignCode, ...] = ()
    memo_refs: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ForeignSelection:
    """A span of a source's text: code points from 0, end exclusive, already corrected for
    the writing tool's way of counting."""

    guid: str
    start: int
    end: int
    codes: tuple[str, ...] = ()
    description: str = ""
    memo_refs: tuple[str, ...] = ()
    name: str = ""


@dataclass(frozen=True, slots=True)
class ForeignSource:
    guid: str
    name: str
    text: str
    selections: tuple[ForeignSelection, ...] = ()
    memo_refs: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    """Codes given to the whole source (a `Coding` on the source itself)."""
    variables: Mapping[str, str] = field(default_factory=dict)
    """Variable name → value, as text (a DateTime as written)."""
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class ForeignMemo:
    guid: str
    name: str
    description: str
    text: str
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class ForeignProject:
    file: str
    name: str
    origin: str
    codes: tuple[ForeignCode, ...]
    sources: tuple[ForeignSource, ...] = ()
    memos: tuple[ForeignMemo, ...] = ()
    set_aside: tuple[str, ...] = ()
    """What the file holds that no notebook can: one line each, counted."""
    schema_problems: tuple[str, ...] = ()
    """Where the document breaks the REFI-QDA schema (first few); read anyway."""
    links: tuple[tuple[str, str], ...] = ()
    """(origin, target) GUIDs of each `Link`: NVivo ties an annotation (a note) to the
    selection it annotates this way, rather than with a `NoteRef`."""

    @property
    def ours(self) -> bool:
        """Written by fieldnotes' own export, so its layout can be read back exactly."""
        return self.origin.startswith("fieldnotes")


# --- the guarded parse ----------------------------------------------------------------------


def parse_xml(data: bytes, where: str) -> ET.Element:
    """`data` as an element tree, refused if it declares a document type or nests too deep.

    A first pass with expat stops at the first `<!DOCTYPE`, before any entity is declared,
    so neither entity expansion nor an external entity is ever reached; ElementTree then
    parses a document known to have neither.
    """
    depth = 0

    def refuse_doctype(*_: object) -> None:
        raise FileFormatError(where, None, "declares a document type (DTD); refused unread")

    def start(*_: object) -> None:
        nonlocal depth
        depth += 1
        if depth > MAX_DEPTH:
            raise FileFormatError(where, None, f"nests deeper than {MAX_DEPTH} levels; refused")

    def end(*_: object) -> None:
        nonlocal depth
        depth -= 1

    scanner = expat.ParserCreate()
    scanner.StartDoctypeDeclHandler = refuse_doctype
    scanner.EntityDeclHandler = refuse_doctype
    scanner.StartElementHandler = start
    scanner.EndElementHandler = end
    scanner.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    try:
        scanner.Parse(data, True)
        return ET.fromstring(data)
    except (expat.ExpatError, ET.ParseError) as error:
        line = getattr(error, "lineno", None) or getattr(error, "position", (None,))[0]
        raise FileFormatError(where, line, "is not well-formed XML") from None


def _local(element: ET.Element) -> str:
    return str(element.tag).rsplit("}", 1)[-1]


def _children(element: ET.Element, name: str) -> list[ET.Element]:
    return [child for child in element if _local(child) == name]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((child for child in element if _local(child) == name), None)


def _text_of(element: ET.Element, name: str) -> str:
    found = _child(element, name)
    return (found.text or "") if found is not None else ""


def _guid(value: str | None) -> str:
    return (value or "").strip().strip("{}").upper()


def _refs(element: ET.Element, name: str = "NoteRef") -> tuple[str, ...]:
    return tuple(_guid(ref.get("targetGUID")) for ref in _children(element, name))


def _moment(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None


PROJECT_SCHEMA = "Project-mrt2019.xsd"
CODEBOOK_SCHEMA = "Codebook.xsd"


@cache
def _schema(name: str) -> xmlschema.XMLSchema:
    import xmlschema

    return xmlschema.XMLSchema(Path(__file__).with_name("refi_qda") / name)


def _schema_problems(root: ET.Element, schema: str = PROJECT_SCHEMA) -> tuple[str, ...]:
    problems: list[str] = []
    for error in _schema(schema).iter_errors(root):
        reason = (error.reason or "does not match the schema").split("\n")[0]
        place = re.sub(r"\{[^}]*\}", "", error.path or _local(root))
        problems.append(f"{place}: {reason}"[:200])
        if len(problems) >= SCHEMA_PROBLEMS_SHOWN:
            break
    return tuple(problems)


# In a codebook a set names its member codes by their own `guid` (the project schema says
# `targetGUID`): a reference, not a second thing with that GUID.
_GUID_REFERENCES = frozenset({"MemberCode"})


def _unique_guids(root: ET.Element, where: str) -> None:
    seen: dict[str, str] = {}
    for element in root.iter():
        value = element.get("guid")
        if value is None or _local(element) in _GUID_REFERENCES:
            continue
        key = _guid(value)
        if key in seen:
            raise FileFormatError(
                where,
                None,
                f"GUID {value} is used twice ({seen[key]} and {_local(element)}); "
                "a project must name each thing once",
            )
        seen[key] = _local(element)


# --- codebooks ------------------------------------------------------------------------------


def _codes(parent: ET.Element | None) -> tuple[ForeignCode, ...]:
    if parent is None:
        return ()
    return tuple(
        ForeignCode(
            guid=_guid(code.get("guid")),
            name=(code.get("name") or "").strip(),
            codable=(code.get("isCodable") or "true").strip().lower() != "false",
            description=_text_of(code, "Description"),
            children=_codes(code),
            memo_refs=_refs(code),
        )
        for code in _children(parent, "Code")
    )


def _codebook_codes(root: ET.Element) -> tuple[ForeignCode, ...]:
    book = root if _local(root) == "CodeBook" else _child(root, "CodeBook")
    if book is None:
        return ()
    return _codes(_child(book, "Codes"))


def read_qdc(data: bytes, name: str) -> ForeignProject:
    """A REFI-QDA codebook (`.qdc`): its code tree, and nothing else."""
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(name, None, f"is larger than {MAX_FILE_BYTES >> 20} MiB")
    root = parse_xml(data, name)
    if _local(root) != "CodeBook":
        raise FileFormatError(name, None, "is not a REFI-QDA codebook (no <CodeBook> at its top)")
    _unique_guids(root, name)
    set_aside = []
    sets = sum(len(_children(s, "Set")) for s in _children(root, "Sets"))
    if sets:
        set_aside.append(f"{sets} set(s) of codes: a notebook's codebook has no sets")
    return ForeignProject(
        file=name,
        name=Path(name).stem,
        origin=root.get("origin") or "",
        codes=_codebook_codes(root),
        set_aside=tuple(set_aside),
        schema_problems=_schema_problems(root, CODEBOOK_SCHEMA),
    )


# --- projects -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Archive:
    document: bytes
    document_name: str
    members: Mapping[str, zipfile.ZipInfo]
    """Member name, case-folded → its entry: tools disagree on `sources/` and `Sources/`."""
    archive: zipfile.ZipFile


def _escapes(member: str) -> bool:
    parts = member.replace("\\", "/").split("/")
    return member.startswith(("/", "\\")) or ".." in parts or "\x00" in member or ":" in parts[0]


def _open_archive(data: bytes, name: str) -> _Archive:
    if len(data) > MAX_FILE_BYTES:
        raise FileFormatError(name, None, f"is larger than {MAX_FILE_BYTES >> 20} MiB")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS:
        raise FileFormatError(name, None, "is not a readable zip archive") from None
    if len(infos) > MAX_MEMBERS:
        raise FileFormatError(
            name, None, f"holds {len(infos):,} files, more than the {MAX_MEMBERS:,} allowed"
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNPACKED_BYTES:
        raise FileFormatError(
            name,
            None,
            f"unpacks to {total:,} bytes, more than the {MAX_UNPACKED_BYTES:,} allowed",
        )
    for info in infos:
        if _escapes(info.filename):
            raise FileFormatError(
                name, None, f"holds a path that leaves the archive ({info.filename!r}); refused"
            )
    members = {
        info.filename.replace("\\", "/").casefold(): info for info in infos if not info.is_dir()
    }
    # The standard says project.qde; ATLAS.ti names it after the archive.
    top = [info for key, info in members.items() if "/" not in key and key.endswith(".qde")]
    chosen = members.get("project.qde") or (top[0] if len(top) == 1 else None)
    if chosen is None:
        raise FileFormatError(name, None, "has no project.qde inside: not a REFI-QDA project")
    return _Archive(_read_member(archive, chosen, name), chosen.filename, members, archive)


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    try:
        with archive.open(info) as member:
            # Read to the declared size and one byte more: a member that lies about its
            # size is caught here rather than trusted.
            data = member.read(info.file_size + 1)
    except (*_ZIP_ERRORS, RuntimeError, NotImplementedError, zlib.error):
        # RuntimeError: an encrypted member; zlib.error: a damaged compressed stream.
        raise FileFormatError(name, None, f"{info.filename} cannot be unpacked") from None
    if len(data) > info.file_size:
        raise FileFormatError(name, None, f"{info.filename} is larger than it says")
    return data


def _decoded(raw: bytes, where: str) -> str:
    if raw.startswith(b"\xff\xfe") or raw.startswith(b"\xfe\xff"):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"  # QualCoder starts its sources with a byte-order mark
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        raise FileFormatError(where, None, "is not UTF-8 text") from None


class _Reader:
    def __init__(self, opened: _Archive, name: str, root: ET.Element) -> None:
        self.opened = opened
        self.name = name
        self.origin = root.get("origin") or ""
        self.set_aside: dict[str, int] = {}
        self.variables = {
            _guid(v.get("guid")): (v.get("name") or "").strip()
            for vs in _children(root, "Variables")
            for v in _children(vs, "Variable")
        }
        folded = self.origin.casefold()
        self.crlf_as_one = "atlas.ti" in folded
        self.utf16_positions = "nvivo" in folded

    def aside(self, what: str, count: int = 1) -> None:
        if count:
            self.set_aside[what] = self.set_aside.get(what, 0) + count

    def where(self, what: str) -> str:
        return f"{self.name}: {what}"

    def text(self, element: ET.Element, what: str) -> str | None:
        """The plain text of a source or note: inline, or its `internal://` file; None (and
        set aside) when it lives outside the archive or only as rich text."""
        inline = _child(element, "PlainTextContent")
        path = element.get("plainTextPath")
        if path is None:
            if inline is not None:
                return inline.text or ""
            if element.get("richTextPath"):
                self.aside("text source(s) given only as rich text (no plain text)")
                return None
            return None
        if not path.startswith(_INTERNAL):
            self.aside("source(s) whose text is a file outside the project")
            return None
        inside = path.removeprefix(_INTERNAL)
        if _escapes(inside) or not inside:
            raise FileFormatError(
                self.name, None, f"{what} points outside the archive ({path!r}); refused"
            )
        info = self.opened.members.get(f"sources/{inside}".casefold())
        if info is None:
            # Some tools write the path as a URL, spaces and all as %20.
            info = self.opened.members.get(f"sources/{unquote(inside)}".casefold())
        if info is None:
            raise FileFormatError(self.name, None, f"{what}: sources/{inside} is missing")
        raw = _read_member(self.opened.archive, info, self.name)
        return _decoded(raw, self.where(info.filename))

    def positions(self, text: str) -> tuple[str, Callable[[int], int]]:
        """The text as kept, and how the writing tool's positions map onto it."""
        if self.crlf_as_one:
            # ATLAS.ti counts a CRLF as one character: keep its text with LF, as it counts.
            return text.replace("\r\n", "\n"), lambda at: at
        if self.utf16_positions and any(ord(c) > 0xFFFF for c in text):
            units = [0]
            for char in text:
                units.append(units[-1] + (2 if ord(char) > 0xFFFF else 1))
            index = {unit: point for point, unit in enumerate(units)}
            return text, lambda at: index.get(at, -1)
        return text, lambda at: at

    def selections(
        self, source: ET.Element, text: str, place: Callable[[int], int], label: str
    ) -> tuple[ForeignSelection, ...]:
        found: list[ForeignSelection] = []
        for selection in _children(source, "PlainTextSelection"):
            guid = _guid(selection.get("guid"))
            try:
                start = place(int(selection.get("startPosition", "")))
                end = place(int(selection.get("endPosition", "")))
            except ValueError:
                raise FileFormatError(
                    self.name, None, f"selection {guid} in {label} has no whole-number positions"
                ) from None
            if not 0 <= start <= end <= len(text):
                raise FileFormatError(
                    self.name,
                    None,
                    f"selection {guid} in {label} lies outside its text "
                    f"([{start}, {end}) of {len(text)} characters)",
                )
            codes = tuple(
                _guid(ref.get("targetGUID"))
                for coding in _children(selection, "Coding")
                for ref in _children(coding, "CodeRef")
            )
            memo_refs = _refs(selection) + tuple(
                ref for coding in _children(selection, "Coding") for ref in _refs(coding)
            )
            found.append(
                ForeignSelection(
                    guid,
                    start,
                    end,
                    codes,
                    _text_of(selection, "Description"),
                    memo_refs,
                    (selection.get("name") or "").strip(),
                )
            )
        return tuple(found)

    def source(self, element: ET.Element) -> ForeignSource | None:
        guid = _guid(element.get("guid"))
        label = f"source {element.get('name') or guid!r}"
        raw = self.text(element, label)
        if raw is None:
            return None
        text, place = self.positions(raw)
        values: dict[str, str] = {}
        for value in _children(element, "VariableValue"):
            ref = _child(value, "VariableRef")
            variable = self.variables.get(_guid(ref.get("targetGUID")) if ref is not None else "")
            kept = [child for child in value if _local(child).endswith("Value")]
            if variable and kept:
                values[variable] = kept[0].text or ""
        return ForeignSource(
            guid=guid,
            name=(element.get("name") or "").strip(),
            text=text,
            selections=self.selections(element, text, place, label),
            memo_refs=_refs(element),
            codes=tuple(
                _guid(ref.get("targetGUID"))
                for coding in _children(element, "Coding")
                for ref in _children(coding, "CodeRef")
            ),
            variables=values,
            created=_moment(element.get("creationDateTime")),
        )

    def memo(self, element: ET.Element) -> ForeignMemo:
        guid = _guid(element.get("guid"))
        text = self.text(element, f"note {element.get('name') or guid!r}")
        kinds = ("PictureSelection", "AudioSelection", "VideoSelection", "PDFSelection")
        self.aside(
            "selection(s) inside notes (a memo has no coded spans)",
            len(_children(element, "PlainTextSelection"))
            + sum(len(_children(element, kind)) for kind in kinds),
        )
        return ForeignMemo(
            guid=guid,
            name=(element.get("name") or "").strip(),
            description=_text_of(element, "Description"),
            text=text or "",
            created=_moment(element.get("creationDateTime")),
        )


def read_qdpx(data: bytes, name: str) -> ForeignProject:
    """A REFI-QDA project (`.qdpx`): codes, text sources with their selections, and notes.

    Refused whole (a `FileFormatError` naming what and where) if it is hostile or
    inconsistent; what it holds that a notebook cannot keep is counted in `set_aside`.
    """
    opened = _open_archive(data, name)
    where = f"{name}: {opened.document_name}"
    root = parse_xml(opened.document, where)
    if _local(root) != "Project":
        raise FileFormatError(where, None, "is not a REFI-QDA project (no <Project> at its top)")
    _unique_guids(root, where)
    reader = _Reader(opened, name, root)
    sources: list[ForeignSource] = []
    for group in _children(root, "Sources"):
        for element in group:
            kind = _local(element)
            if kind == "TextSource":
                source = reader.source(element)
                if source is not None:
                    sources.append(source)
                continue
            label = _UNSUPPORTED_SOURCES.get(kind, kind)
            reader.aside(f"{label} source(s): a note holds text only")
            codings = sum(1 for e in element.iter() if _local(e) == "Coding")
            reader.aside(f"coding(s) on {label} sources", codings)
    memos = [reader.memo(n) for notes in _children(root, "Notes") for n in _children(notes, "Note")]
    links = tuple(
        (_guid(link.get("originGUID")), _guid(link.get("targetGUID")))
        for group in _children(root, "Links")
        for link in _children(group, "Link")
    )
    for part, what in (
        ("Sets", "set(s)"),
        ("Graphs", "graph(s)"),
        ("Cases", "case(s)"),
    ):
        if part == "Cases" and reader.origin.startswith("fieldnotes"):
            continue  # our own cases are the notes' teams, which the Team variable carries
        count = sum(len(list(group)) for group in _children(root, part))
        reader.aside(what, count)
    users = sum(len(_children(group, "User")) for group in _children(root, "Users"))
    reader.aside("user(s): who coded what is not kept", users)
    return ForeignProject(
        file=name,
        name=(root.get("name") or Path(name).stem).strip(),
        origin=reader.origin,
        codes=_codebook_codes(root),
        sources=tuple(sources),
        memos=tuple(memos),
        set_aside=tuple(f"{count} {what}" for what, count in reader.set_aside.items()),
        schema_problems=_schema_problems(root),
        links=links,
    )
