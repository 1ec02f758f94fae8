"""Practice frameworks and obstacle codebooks, read from TOML files a person can edit.

Both loaders validate everything before returning, so a caller gets a complete result or a
`FileFormatError` naming the file and line to fix; nothing else escapes, whatever the input.
tomllib reports positions only for syntax errors, so `toml_layout` re-reads the text to find
the line of each table header and key for the semantic checks.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, cast

from fieldnotes.domain.model import (
    OBSTACLE_STATUSES,
    CodebookEntry,
    Framework,
    Principle,
)
from fieldnotes.errors import FileFormatError

MAX_FILE_BYTES = 1 << 20
"""Frameworks, codebooks and notes are hand-written; anything bigger is the wrong file."""

MAX_ID_LENGTH = 40
MAX_SHORT_NAME_LENGTH = 16
MAX_CODEBOOK_DEPTH = 10

_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_FRAMEWORK_KEYS = ("id", "name", "short_name", "description", "source", "principle")
_PRINCIPLE_KEYS = ("code", "title", "description")
_OBSTACLE_KEYS = ("name", "description", "status", "ask", "sub")
# Deeper than any hand-written file needs; reported as an error rather than left to
# tomllib's recursion, which would otherwise surface as a bare RecursionError.
_MAX_NESTING = 100


# --- reading files -------------------------------------------------------------------------


def read_text_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of `path` without a byte-order mark, or a `FileFormatError`."""
    try:
        if path.is_dir():
            raise FileFormatError(path, None, "is a directory, not a file")
        # A FIFO or device would block or stream forever; only regular files are read.
        if path.exists() and not path.is_file():
            raise FileFormatError(path, None, "is not a regular file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileFormatError:
        raise
    except FileNotFoundError:
        raise FileFormatError(path, None, "no such file") from None
    except PermissionError:
        raise FileFormatError(path, None, "cannot be read: permission denied") from None
    except (OSError, ValueError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise FileFormatError(path, None, f"cannot be read: {one_line(reason)}") from None
    if len(data) > max_bytes:
        raise FileFormatError(
            path, None, f"is larger than {max_bytes // 1024} KiB; is this the right file?"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise FileFormatError(
            path,
            line,
            f"is not UTF-8 text (byte 0x{data[exc.start]:02x} at column {column}); "
            "save it as UTF-8",
        ) from None
    return text.removeprefix("\ufeff")


# --- TOML syntax and positions -------------------------------------------------------------

_TOML_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_TOML_AT_END = re.compile(r"\s*\(at end of document\)\s*$")
_LONG_NUMBER = re.compile(r"[0-9_]{4000,}")


def parse_toml(text: str, path: Path | str, first_line: int = 1) -> dict[str, Any]:
    """Parse TOML whose first line is line `first_line` of `path`; errors get our line numbers."""
    offset = first_line - 1
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        at = _TOML_AT.search(message)
        if at:
            problem = _lower_first(message[: at.start()])
            raise FileFormatError(
                path, int(at[1]) + offset, f"invalid TOML at column {at[2]}: {problem}"
            ) from None
        at_end = _TOML_AT_END.search(message)
        problem = _lower_first(message[: at_end.start()] if at_end else message)
        last_line = text.count("\n") + 1 + offset
        raise FileFormatError(path, last_line, f"invalid TOML at end of file: {problem}") from None
    except RecursionError:
        line = _deep_nesting_line(text) + offset
        raise FileFormatError(path, line, "invalid TOML: values nested too deeply") from None
    except ValueError:
        # Python refuses to convert integers of thousands of digits.
        match = _LONG_NUMBER.search(text)
        line = (text.count("\n", 0, match.start()) + 1 if match else 1) + offset
        raise FileFormatError(path, line, "invalid TOML: a number is far too long") from None


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(slots=True)
class TomlTable:
    """Where a table and its keys are written: the header's line and each key's line."""

    line: int
    keys: dict[str, int] = field(default_factory=dict)
    tables: dict[str, TomlTable] = field(default_factory=dict)
    arrays: dict[str, list[TomlTable]] = field(default_factory=dict)

    def key_line(self, key: str) -> int:
        return self.keys.get(key, self.line)

    def item(self, name: str, index: int) -> TomlTable:
        """The `index`th `[[name]]` table; for inline arrays, the line of `name = [...]`."""
        items = self.arrays.get(name, [])
        if index < len(items):
            return items[index]
        return TomlTable(self.key_line(name))


_BARE_KEY = r"[A-Za-z0-9_-]+"
_KEY_PART = rf"(?:{_BARE_KEY}|\"(?:[^\"\\]|\\.)*\"|'[^']*')"
_DOTTED_KEY = rf"{_KEY_PART}(?:[ \t]*\.[ \t]*{_KEY_PART})*"
_ARRAY_HEADER = re.compile(rf"[ \t]*\[\[[ \t]*({_DOTTED_KEY})[ \t]*\]\]")
_TABLE_HEADER = re.compile(rf"[ \t]*\[[ \t]*({_DOTTED_KEY})[ \t]*\]")
_KEY_ASSIGNMENT = re.compile(rf"[ \t]*({_DOTTED_KEY})[ \t]*=")
_KEY_PART_RE = re.compile(_KEY_PART)


def _key_parts(dotted: str) -> list[str]:
    parts = []
    for part in _KEY_PART_RE.findall(dotted):
        if part[:1] in "\"'":
            part = part[1:-1]
        parts.append(part)
    return parts


@dataclass(slots=True)
class _Lexer:
    """Just enough of TOML's lexical structure to know whether a line starts inside a value."""

    multiline: str | None = None
    depth: int = 0

    def scan(self, line: str, start: int = 0) -> None:
        i, n = start, len(line)
        while i < n:
            if self.multiline is not None:
                end = _multiline_end(line, i, self.multiline)
                if end < 0:
                    return
                i, self.multiline = end, None
                continue
            char = line[i]
            if char == "#":
                return
            if line.startswith(('"""', "'''"), i):
                self.multiline = line[i : i + 3]
                i += 3
            elif char == '"':
                i += 1
                while i < n and line[i] != '"':
                    i += 2 if line[i] == "\\" else 1
                i += 1
            elif char == "'":
                close = line.find("'", i + 1)
                i = n if close < 0 else close + 1
            else:
                if char in "[{":
                    self.depth += 1
                elif char in "]}":
                    self.depth = max(0, self.depth - 1)
                i += 1

    @property
    def inside_value(self) -> bool:
        return self.multiline is not None or self.depth > 0


def _multiline_end(line: str, start: int, delimiter: str) -> int:
    """Index just past the delimiter closing a multi-line string, or -1 if it continues."""
    i, n = start, len(line)
    while i < n:
        if delimiter == '"""' and line[i] == "\\":
            i += 2
            continue
        if line.startswith(delimiter, i):
            end = i + 3
            # Up to two quotes right before the delimiter belong to the string's content.
            while end < n and end - i < 5 and line[end] == delimiter[0]:
                end += 1
            return end
        i += 1
    return -1


def toml_layout(text: str, first_line: int = 1, root_line: int = 1) -> TomlTable:
    """Positions of the tables and keys in (already valid) TOML `text`.

    Best effort: it is used only to point error messages at a line, and falls back to the
    enclosing table's line whenever it cannot tell.
    """
    root = TomlTable(root_line)
    current = root
    lexer = _Lexer()
    for number, line in enumerate(text.split("\n"), start=first_line):
        if lexer.inside_value:
            lexer.scan(line)
            continue
        if header := _ARRAY_HEADER.match(line):
            *parents, name = _key_parts(header[1])
            parent = _descend(root, parents, number)
            current = TomlTable(number)
            parent.arrays.setdefault(name, []).append(current)
            lexer.scan(line, header.end())
        elif header := _TABLE_HEADER.match(line):
            *parents, name = _key_parts(header[1])
            parent = _descend(root, parents, number)
            current = parent.tables.setdefault(name, TomlTable(number))
            current.line = number
            lexer.scan(line, header.end())
        elif key := _KEY_ASSIGNMENT.match(line):
            current.keys.setdefault(_key_parts(key[1])[0], number)
            lexer.scan(line, key.end())
    return root


def _descend(table: TomlTable, names: list[str], line: int) -> TomlTable:
    for name in names:
        if table.arrays.get(name):
            table = table.arrays[name][-1]
        else:
            table = table.tables.setdefault(name, TomlTable(line))
    return table


def _deep_nesting_line(text: str) -> int:
    lexer = _Lexer()
    for number, line in enumerate(text.split("\n"), start=1):
        lexer.scan(line)
        if lexer.depth > _MAX_NESTING:
            return number
    return 1


# --- messages and value checks -------------------------------------------------------------


def quoted(value: str, limit: int = 60) -> str:
    """`value` in double quotes on one line, escaped and shortened, for an error message."""
    shown = value if len(value) <= limit else value[: limit - 1] + "…"
    out = []
    for char in shown:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable():
            out.append(char)
        else:
            out.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return '"' + "".join(out) + '"'


def one_line(text: str) -> str:
    return " ".join(text.split())


def toml_type(value: object) -> str:
    """How a person would name the TOML type they wrote."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, datetime):
        return "a date and time"
    if isinstance(value, date):
        return "a date"
    if isinstance(value, time):
        return "a time"
    return type(value).__name__


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def check_keys(
    path: Path | str, data: dict[str, Any], where: TomlTable, allowed: Iterable[str], what: str
) -> None:
    allowed = tuple(allowed)
    for key in data:
        if key not in allowed:
            raise FileFormatError(
                path,
                where.key_line(key),
                f"unknown key {quoted(key)} in {what} (expected one of: {', '.join(allowed)})",
            )


def get_slug_id(
    path: Path | str, data: dict[str, Any], where: TomlTable, kind: str, example: str
) -> str:
    """The required `id` of a framework or template: a short slug, the same rule for both."""
    value = get_string(path, data, where, "id", f"the {kind}", required=True)
    if len(value) > MAX_ID_LENGTH or not _SLUG.fullmatch(value):
        raise FileFormatError(
            path,
            where.key_line("id"),
            f"{kind} id {quoted(value)} must be at most {MAX_ID_LENGTH} lowercase letters, "
            f'digits and hyphens, starting with a letter or digit (like "{example}")',
        )
    return value


def get_string(
    path: Path | str,
    data: dict[str, Any],
    where: TomlTable,
    key: str,
    what: str,
    *,
    required: bool = False,
) -> str:
    """The stripped string at `key`: "" when absent, an error when required and missing/blank."""
    if key not in data:
        if required:
            raise FileFormatError(path, where.line, f"{what} is missing its {key}")
        return ""
    value = data[key]
    if not isinstance(value, str):
        raise FileFormatError(
            path,
            where.key_line(key),
            f"{key} of {what} must be a string in quotes, not {toml_type(value)} "
            f'(write {key} = "…")',
        )
    value = value.strip()
    if required and not value:
        raise FileFormatError(path, where.key_line(key), f"{what} has an empty {key}")
    return value


def get_tables(
    path: Path | str, data: dict[str, Any], where: TomlTable, key: str, header: str
) -> list[dict[str, Any]]:
    """The tables written as `[[header]]` under `key`, or an error if `key` is something else."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise FileFormatError(
            path,
            where.key_line(key),
            f"{key} must be written as [[{header}]] tables, not {toml_type(value)}",
        )
    return cast(list[dict[str, Any]], value)


# --- frameworks ----------------------------------------------------------------------------


def load_framework(path: Path | str) -> Framework:
    """Read one practice framework: top-level `id`, `name`, `short_name`, optional
    `description` and `source`, then one `[[principle]]` table (`code`, `title`, optional
    `description`) per principle. Principle ids are `<framework id>.<code>`.
    """
    return _load_framework(path)[0]


def _load_framework(path: Path | str) -> tuple[Framework, int]:
    """The framework and the line its id is written on (for cross-file duplicate errors)."""
    path = Path(path)
    text = read_text_file(path)
    if not text.strip():
        raise FileFormatError(
            path, 1, "the file is empty; a framework needs an id, a name and principles"
        )
    data = parse_toml(text, path)
    layout = toml_layout(text)
    what = "the framework"
    check_keys(path, data, layout, _FRAMEWORK_KEYS, what)

    framework_id = get_slug_id(path, data, layout, "framework", "kss-pl")
    name = get_string(path, data, layout, "name", what, required=True)
    short_name = get_string(path, data, layout, "short_name", what, required=True)
    if len(short_name) > MAX_SHORT_NAME_LENGTH:
        raise FileFormatError(
            path,
            layout.key_line("short_name"),
            f"short_name {quoted(short_name)} is {len(short_name)} characters; "
            f"at most {MAX_SHORT_NAME_LENGTH} fit in the note list",
        )
    description = get_string(path, data, layout, "description", what)
    source = get_string(path, data, layout, "source", what)

    tables = get_tables(path, data, layout, "principle", "principle")
    if not tables:
        raise FileFormatError(
            path, layout.line, "the framework has no principles; add at least one [[principle]]"
        )
    principles: list[Principle] = []
    code_lines: dict[str, int] = {}
    for index, table in enumerate(tables):
        where = layout.item("principle", index)
        label = f"the {ordinal(index + 1)} [[principle]]"
        check_keys(path, table, where, _PRINCIPLE_KEYS, label)
        code = get_string(path, table, where, "code", label, required=True)
        if not _SLUG.fullmatch(code):
            raise FileFormatError(
                path,
                where.key_line("code"),
                f"principle code {quoted(code)} must be lowercase letters, digits and hyphens, "
                'starting with a letter or digit (like "3" or "reflect")',
            )
        if code in code_lines:
            raise FileFormatError(
                path,
                where.key_line("code"),
                f"principle code {quoted(code)} is used twice (first on line {code_lines[code]})",
            )
        code_lines[code] = where.key_line("code")
        label = f"principle {quoted(code)}"
        title = get_string(path, table, where, "title", label, required=True)
        principles.append(
            Principle(
                id=f"{framework_id}.{code}",
                framework_id=framework_id,
                code=code,
                title=title,
                description=get_string(path, table, where, "description", label),
            )
        )
    framework = Framework(
        id=framework_id,
        name=name,
        short_name=short_name,
        description=description,
        source=source,
        principles=tuple(principles),
    )
    return framework, layout.key_line("id")


def load_frameworks(paths: Iterable[Path | str]) -> list[Framework]:
    """Read every framework, refusing two that share an id (a principle id must mean one thing)."""
    frameworks: list[Framework] = []
    first_seen: dict[str, Path] = {}
    for path in paths:
        path = Path(path)
        framework, id_line = _load_framework(path)
        if framework.id in first_seen:
            raise FileFormatError(
                path,
                id_line,
                f"framework id {quoted(framework.id)} is already used by "
                f"{first_seen[framework.id]}",
            )
        first_seen[framework.id] = path
        frameworks.append(framework)
    return frameworks


# --- codebooks -----------------------------------------------------------------------------


def load_codebook(path: Path | str) -> tuple[CodebookEntry, ...]:
    """Read an obstacle codebook: `[[obstacle]]` tables nested through `[[obstacle.sub]]`."""
    path = Path(path)
    text = read_text_file(path)
    if not text.strip():
        raise FileFormatError(path, 1, "the file is empty; a codebook needs [[obstacle]] tables")
    data = parse_toml(text, path)
    layout = toml_layout(text)
    check_keys(path, data, layout, ("obstacle",), "the codebook")
    tables = get_tables(path, data, layout, "obstacle", "obstacle")
    if not tables:
        raise FileFormatError(path, layout.line, "the codebook has no [[obstacle]] tables")
    return _entries(path, tables, layout, "obstacle", parent="")


def _entries(
    path: Path, tables: list[dict[str, Any]], parent_where: TomlTable, header: str, parent: str
) -> tuple[CodebookEntry, ...]:
    depth = header.count(".") + 1
    if tables and depth > MAX_CODEBOOK_DEPTH:
        raise FileFormatError(
            path,
            parent_where.key_line("sub"),
            f"obstacles are nested more than {MAX_CODEBOOK_DEPTH} levels deep",
        )
    key = header.rsplit(".", 1)[-1]
    entries: list[CodebookEntry] = []
    name_lines: dict[str, int] = {}
    for index, table in enumerate(tables):
        where = parent_where.item(key, index)
        label = f"the {ordinal(index + 1)} [[{header}]]"
        if parent:
            label += f" under {quoted(parent)}"
        check_keys(path, table, where, _OBSTACLE_KEYS, label)
        name = get_string(path, table, where, "name", label, required=True)
        if "/" in name:
            raise FileFormatError(
                path,
                where.key_line("name"),
                f"obstacle name {quoted(name)} contains a /, which separates parent and child "
                "names in notes; use [[" + header + ".sub]] for a sub-obstacle instead",
            )
        folded = name.casefold()
        if folded in name_lines:
            raise FileFormatError(
                path,
                where.key_line("name"),
                f"obstacle name {quoted(name)} is used twice at this level "
                f"(first on line {name_lines[folded]}); names are compared ignoring case",
            )
        name_lines[folded] = where.key_line("name")
        full_name = f"{parent}/{name}" if parent else name
        label = f"obstacle {quoted(full_name)}"
        status = get_string(path, table, where, "status", label) or "emerging"
        if status not in OBSTACLE_STATUSES:
            raise FileFormatError(
                path,
                where.key_line("status"),
                f"{label} has status {quoted(status)}; use one of: {', '.join(OBSTACLE_STATUSES)}",
            )
        children = get_tables(path, table, where, "sub", f"{header}.sub")
        entries.append(
            CodebookEntry(
                name=name,
                description=get_string(path, table, where, "description", label),
                status=status,
                ask=get_string(path, table, where, "ask", label),
                children=_entries(path, children, where, f"{header}.sub", full_name),
            )
        )
    return tuple(entries)


# --- shipped sample data -------------------------------------------------------------------


def sample_data_dir() -> Path:
    """The sample data: copied into the package in a wheel, beside it in a source checkout."""
    package = Path(__file__).resolve().parent.parent
    packaged = package / "_sample_data"
    if packaged.is_dir():
        return packaged
    return package.parent / "sample_data"


def builtin_framework_paths() -> list[Path]:
    return sorted((sample_data_dir() / "frameworks").glob("*.toml"))


def builtin_codebook_path() -> Path:
    return sample_data_dir() / "codebook.toml"
