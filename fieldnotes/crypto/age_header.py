"""age headers read without any key: the checks made before pyrage sees a byte.

Why there is a header parser of our own when pyrage parses headers too:
- pyrage runs scrypt at whatever work factor a file names (docs/benchmarks.md), so the work
  factor has to be read and capped *before* pyrage sees the file;
- a person needs to be told "this needs a passphrase" or "this needs your identity file" rather
  than "no matching keys";
- rage accepts two legacy stanza layouts the C2SP spec (and the Go `age` a leader uses) rejects;
  a strict parser here keeps what fieldnotes opens equal to what `age` opens.
The parser only reads; it never writes age files (SECURITY.md: never a format of our own).
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass

from fieldnotes.errors import (
    AgeFileTooLarge,
    DamagedAgeFile,
    DecryptFailed,
    InvalidInput,
    NotAnAgeFile,
)

__all__ = [
    "MAX_HEADER_BYTES",
    "MAX_SCRYPT_WORK_FACTOR",
    "MAX_STANZAS",
    "MAX_STANZA_BODY_LINES",
    "AgeHeader",
    "inspect_header",
]

# 2**20 is about a second on a laptop; age itself writes 18. Above this a hostile file could
# keep the app busy for minutes (SECURITY.md, Exports).
MAX_SCRYPT_WORK_FACTOR = 20

# Hostile files (SECURITY.md test 19). rage parses a header in time quadratic in its size
# (docs/benchmarks.md, "age headers"), so these are checked by our own linear parser before
# pyrage sees a byte.
MAX_HEADER_BYTES = 16 << 10
"""64 X25519 recipients take about 6 KiB; 16 KiB leaves room and bounds rage's parse."""
MAX_STANZAS = 64
"""A brief goes to the author and a few leaders; 64 is more than any address book here."""
MAX_STANZA_BODY_LINES = 32
"""X25519 and scrypt stanzas have one body line; 32 (2 KiB) fits even a post-quantum one."""

_VERSION_LINE = b"age-encryption.org/v1"
_VERSION_PREFIX = b"age-encryption.org/"
_ARMOR_BEGIN = b"-----BEGIN AGE ENCRYPTED FILE-----"
_ARMOR_END = b"-----END AGE ENCRYPTED FILE-----"
_ARMOR_LINE = 64
_BODY_LINE = 64
_NONCE_BYTES = 16
_MAC_BYTES = 32
_FILE_KEY_WRAPPED_BYTES = 32  # 16-byte file key + 16-byte Poly1305 tag
_X25519_SHARE_BYTES = 32
_SCRYPT_SALT_BYTES = 16
_B64_CHARS = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
_WORK_FACTOR = re.compile(rb"[1-9][0-9]?")  # decimal, no sign, no leading zero (spec)


@dataclass(frozen=True, slots=True)
class AgeHeader:
    """What the header of an age v1 file says, read without any key.

    `stanza_types` are the recipient stanza types in file order ("X25519", "scrypt", or
    anything unknown such as grease); `scrypt_work_factor` is the log2 cost of the scrypt
    stanza, if there is one.
    """

    armored: bool
    stanza_types: tuple[str, ...]
    scrypt_work_factor: int | None

    @property
    def needs_passphrase(self) -> bool:
        """True when the file opens with a passphrase, not an identity."""
        return "scrypt" in self.stanza_types


# --- header inspection --------------------------------------------------------------------------


def inspect_header(data: bytes) -> AgeHeader:
    """Parse the header of an age v1 file, binary or ASCII-armored, without any key.

    Strict per the C2SP age spec; only typed errors (`DecryptFailed` subclasses) come out.
    """
    raw = _as_bytes(data, "the file", error=NotAnAgeFile)
    if not raw:
        raise NotAnAgeFile("the file is empty, so not an age-encrypted file")
    armored = raw.startswith(_ARMOR_BEGIN)
    if armored:
        binary = _dearmor_header(raw)
    elif raw.startswith(_VERSION_PREFIX):
        binary = raw
    elif raw.lstrip(b" \t\r\n").startswith(_ARMOR_BEGIN):
        # rage refuses this (the spec allows it); refusing here too keeps both parsers agreeing.
        raise DamagedAgeFile(
            "the armored brief has blank space before its BEGIN line: remove it and try again"
        )
    else:
        raise NotAnAgeFile("this is not an age-encrypted file")
    stanza_types, work_factor, end = _parse_binary_header(binary)
    if len(binary) - end < _NONCE_BYTES:
        raise DamagedAgeFile("the brief is incomplete: it ends right after its header")
    return AgeHeader(armored, stanza_types, work_factor)


def _dearmor_header(raw: bytes) -> bytes:
    """Base64-decode armor lines only until the header and the payload nonce are covered."""
    lines = _ArmorLines(raw)
    out = bytearray()
    header_end: int | None = None
    mac_at = -1
    search_from = 0
    finished = False
    while not finished:
        line = lines.next()
        if line is None or line == _ARMOR_END:
            break
        if len(line) > _ARMOR_LINE:
            raise DamagedAgeFile("the armored brief is damaged: a line is too long")
        if len(line) < _ARMOR_LINE or line.endswith(b"="):
            # Only the last line may be short, and it carries the base64 padding.
            if len(line) % 4 or not line:
                raise DamagedAgeFile("the armored brief is damaged: bad last line")
            finished = True
        chunk = _b64decode_padded(line)
        out += chunk
        if mac_at < 0:
            # Overlap by three bytes: the marker may straddle two armor lines.
            mac_at = out.find(b"\n---", max(0, search_from - 3))
            search_from = len(out)
        if mac_at >= 0 and header_end is None:
            newline = out.find(b"\n", mac_at + 1)
            if newline >= 0:
                header_end = newline + 1
        if header_end is None and len(out) > MAX_HEADER_BYTES:
            raise _header_too_large()
        if header_end is not None and len(out) >= header_end + _NONCE_BYTES:
            break
    return bytes(out)


class _ArmorLines:
    """Lines after the BEGIN marker; LF or CRLF, as rage accepts."""

    __slots__ = ("_pos", "_raw")

    def __init__(self, raw: bytes) -> None:
        self._raw = raw
        self._pos = len(_ARMOR_BEGIN)
        self._pos = self._eol(self._pos, "its BEGIN line")

    def _eol(self, pos: int, where: str) -> int:
        if self._raw.startswith(b"\r\n", pos):
            return pos + 2
        if self._raw.startswith(b"\n", pos):
            return pos + 1
        raise DamagedAgeFile(f"the armored brief is damaged after {where}")

    def next(self) -> bytes | None:
        if self._pos >= len(self._raw):
            return None
        newline = self._raw.find(b"\n", self._pos)
        if newline < 0:
            # The final END line may lack a newline; anything else is cut off.
            line = self._raw[self._pos :]
            self._pos = len(self._raw)
            return line
        line = self._raw[self._pos : newline]
        self._pos = newline + 1
        return line[:-1] if line.endswith(b"\r") else line


def _b64decode_padded(line: bytes) -> bytes:
    try:
        decoded = base64.b64decode(line, validate=True)
    except (binascii.Error, ValueError):
        raise DamagedAgeFile("the armored brief is damaged: invalid characters") from None
    if base64.b64encode(decoded) != line:
        raise DamagedAgeFile("the armored brief is damaged: non-canonical encoding")
    return decoded


def _parse_binary_header(buf: bytes) -> tuple[tuple[str, ...], int | None, int]:
    """Return (stanza types, scrypt work factor, offset of the payload)."""
    version, pos = _header_line(buf, 0)
    if version != _VERSION_LINE:
        if version.startswith(_VERSION_PREFIX):
            raise NotAnAgeFile("this age file uses a format version fieldnotes cannot read")
        raise NotAnAgeFile("this is not an age-encrypted file")
    types: list[str] = []
    work_factor: int | None = None
    while True:
        line, pos = _header_line(buf, pos)
        if len(types) >= MAX_STANZAS and line.startswith(b"->"):
            raise AgeFileTooLarge(
                f"this brief names more than {MAX_STANZAS} recipients, far more than any "
                "brief has; refused before trying to open it"
            )
        if line.startswith(b"---"):
            if not line.startswith(b"--- "):
                raise _bad_header("its MAC line")
            _b64decode_raw(line[4:], exact=_MAC_BYTES, what="its MAC line")
            break
        if not line.startswith(b"-> "):
            raise _bad_header("a recipient line")
        args = line[3:].split(b" ")
        for arg in args:
            if not arg or any(byte < 0x21 or byte > 0x7E for byte in arg):
                raise _bad_header("a recipient line")
        body = bytearray()
        body_lines = 0
        while True:
            body_line, pos = _header_line(buf, pos)
            body_lines += 1
            if body_lines > MAX_STANZA_BODY_LINES:
                raise AgeFileTooLarge(
                    f"a recipient stanza of this brief runs past {MAX_STANZA_BODY_LINES} lines, "
                    "far more than any recipient needs; refused before trying to open it"
                )
            if len(body_line) > _BODY_LINE:
                raise _bad_header("a recipient body")
            # A 64-character line always needs a shorter one after it, even an empty one;
            # rage also accepts "---" straight after, which the spec and Go age refuse.
            body += _b64decode_raw(body_line, exact=None, what="a recipient body")
            if len(body_line) < _BODY_LINE:
                break
        kind = args[0].decode("ascii")
        found = _check_known_stanza(kind, args[1:], bytes(body))
        if found is not None:
            work_factor = found
        types.append(kind)
    if not types:
        raise _bad_header("its recipients (there are none)")
    if "scrypt" in types and len(types) != 1:
        # The spec makes a passphrase file's scrypt stanza the only one; anything else is forged.
        raise _bad_header("its recipients (a passphrase stanza must stand alone)")
    return tuple(types), work_factor, pos


def _check_known_stanza(kind: str, args: list[bytes], body: bytes) -> int | None:
    """Validate the stanza types we can open; return the scrypt work factor if it is one."""
    if kind == "X25519":
        if len(args) != 1:
            raise _bad_header("an X25519 recipient")
        _b64decode_raw(args[0], exact=_X25519_SHARE_BYTES, what="an X25519 recipient")
        if len(body) != _FILE_KEY_WRAPPED_BYTES:
            raise _bad_header("an X25519 recipient")
        return None
    if kind == "scrypt":
        if len(args) != 2:
            raise _bad_header("its passphrase stanza")
        _b64decode_raw(args[0], exact=_SCRYPT_SALT_BYTES, what="its passphrase stanza")
        if not _WORK_FACTOR.fullmatch(args[1]):
            raise _bad_header("its passphrase stanza")
        if len(body) != _FILE_KEY_WRAPPED_BYTES:
            raise _bad_header("its passphrase stanza")
        return int(args[1])
    return None


def _header_line(buf: bytes, pos: int) -> tuple[bytes, int]:
    # Never look past the cap: a header must end within it, however long the file is.
    newline = buf.find(b"\n", pos, MAX_HEADER_BYTES)
    if newline < 0:
        if len(buf) >= MAX_HEADER_BYTES:
            raise _header_too_large()
        raise DamagedAgeFile("the brief is damaged or incomplete: its header is cut off")
    line = buf[pos:newline]
    if b"\r" in line:
        raise _bad_header("a line ending")
    return line, newline + 1


def _b64decode_raw(text: bytes, *, exact: int | None, what: str) -> bytes:
    """Canonical unpadded base64 as age uses it in headers."""
    if any(byte not in _B64_CHARS for byte in text) or len(text) % 4 == 1:
        raise _bad_header(what)
    try:
        decoded = base64.b64decode(text + b"=" * (-len(text) % 4), validate=True)
    except (binascii.Error, ValueError):
        raise _bad_header(what) from None
    if base64.b64encode(decoded).rstrip(b"=") != text:
        raise _bad_header(what)  # non-zero trailing bits: another encoding of the same bytes
    if exact is not None and len(decoded) != exact:
        raise _bad_header(what)
    return decoded


def _header_too_large() -> AgeFileTooLarge:
    return AgeFileTooLarge(
        f"this brief's header is larger than {MAX_HEADER_BYTES // 1024} KiB, far more than any "
        "brief has; refused before trying to open it"
    )


def _bad_header(where: str) -> DamagedAgeFile:
    return DamagedAgeFile(f"the brief is damaged: its header is malformed at {where}")


def _as_bytes(
    value: object, what: str, *, error: type[InvalidInput | DecryptFailed] = InvalidInput
) -> bytes:
    if isinstance(value, bytes):
        return value
    if isinstance(value, bytearray | memoryview):
        return bytes(value)
    raise error(f"{what} must be bytes")
