"""Length-prefixed encoding for associated data.

A joined string is ambiguous ("ab"+"c" == "a"+"bc"); a length prefix on every part is not.
"""

from __future__ import annotations

import struct
from typing import cast

_INT = struct.Struct(">q").pack
_LENGTH = struct.Struct(">I").pack


def length_prefixed(*parts: bytes | str | int) -> bytes:
    # Joined once at the end: every signature and MAC of a team sync goes through here,
    # some over kilobytes of sealed bytes, which growing a buffer copied again. Bytes and
    # text, nearly every part, are taken by their exact type first, and bytes uncopied.
    out: list[bytes] = []
    for part in parts:
        kind = type(part)
        if kind is bytes:
            raw = cast(bytes, part)
        elif kind is str:
            raw = cast(str, part).encode("utf-8")
        elif isinstance(part, int):
            raw = _INT(part)
        elif isinstance(part, str):
            raw = part.encode("utf-8")
        else:
            raw = bytes(part)
        out.append(_LENGTH(len(raw)))
        out.append(raw)
    return b"".join(out)


def split_length_prefixed(raw: bytes, count: int) -> list[bytes] | None:
    """The parts `length_prefixed` joined, as bytes; None unless `raw` is exactly `count`
    well-formed parts."""
    parts: list[bytes] = []
    position = 0
    while position < len(raw):
        if position + 4 > len(raw):
            return None
        (size,) = struct.unpack(">I", raw[position : position + 4])
        position += 4
        if position + size > len(raw):
            return None
        parts.append(bytes(raw[position : position + size]))
        position += size
    return parts if len(parts) == count else None
