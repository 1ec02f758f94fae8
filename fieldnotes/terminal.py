"""What may reach a terminal: text anyone typed, with its control characters made visible.

A note, a team, a leader's label, a file name or a decrypted brief can hold bytes a terminal
obeys rather than shows: `ESC ] 0 ;` retitles the window, `ESC [ 2 J` clears the screen,
`ESC ] 52 ;` writes the clipboard, and the C1 byte U+009B is a one-character `ESC [`. Every
path that prints such text passes it through `printable` (or `printable_line`), which shows
each control character as a backslash escape: ESC becomes the four characters `\\x1b`, DEL
`\\x7f`, the C1 CSI `\\x9b`. Newline and tab are kept by `printable` where they are layout.

Pure functions, no Textual: the command line and the app use the same ones.
"""

from __future__ import annotations

import re

__all__ = ["json_safe", "printable", "printable_line"]

# C0 except tab and newline, DEL, C1, and lone surrogates (a file name's undecodable byte
# arrives as U+DC80-U+DCFF and would go out as that raw byte under `surrogateescape`).
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_CONTROLS_AND_LAYOUT = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# What json.dumps(ensure_ascii=False) leaves raw: it escapes C0 itself, never DEL or C1.
_JSON_RAW = re.compile("[\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"  # the original byte of an undecodable file name
    if code > 0xFF:
        return f"\\u{code:04x}"
    return f"\\x{code:02x}"


def printable(text: str) -> str:
    """`text` with every control character except newline and tab shown as `\\xHH`.

    The identity on text without control characters, so ordinary notes print unchanged.
    """
    if _CONTROLS.search(text) is None:
        return text
    return _CONTROLS.sub(_escape, text)


def printable_line(text: str) -> str:
    """Like `printable`, for one line: newline and tab are escaped too."""
    if _CONTROLS_AND_LAYOUT.search(text) is None:
        return text
    return _CONTROLS_AND_LAYOUT.sub(_escape, text)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_safe(document: str) -> str:
    """JSON text from `json.dumps(..., ensure_ascii=False)` with DEL, C1 and lone surrogates
    written as `\\uXXXX` escapes: the same JSON value, and nothing a terminal obeys.

    Only for json.dumps output: there those characters can only sit inside strings.
    """
    if _JSON_RAW.search(document) is None:
        return document
    return _JSON_RAW.sub(_json_escape, document)
