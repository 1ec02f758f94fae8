"""Length-prefixed encoding for associated data.

A joined string is ambiguous ("ab"+"c" == "a"+"bc"); a length prefix on every part is not.
"""

from __future__ import annotations

import struct


def length_prefixed(*parts: bytes | str | int) -> bytes:
    out = bytearray()
    for part in parts:
        if isinstance(part, int):
            raw = struct.pack(">q", part)
        elif isinstance(part, str):
            raw = part.encode("utf-8")
        else:
            raw = bytes(part)
        out += struct.pack(">I", len(raw))
        out += raw
    return bytes(out)
