"""Key derivation, key wrapping and field sealing. No Textual, no SQL.

The names below load with their module on first use: a read-only command starts its key
derivation from `fieldnotes.crypto.kdf` before anything else loads, and importing this
package must not make it wait for the AEAD and keyslot modules first (~25 ms).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fieldnotes.crypto.fields import FieldContext, FieldSealer
    from fieldnotes.crypto.kdf import DEFAULT_KDF, KdfParams, derive_key
    from fieldnotes.crypto.keyslot import (
        DataKey,
        Keyslot,
        new_data_key,
        unwrap_keyslot,
        wrap_keyslot,
    )

_HOME = {
    "FieldContext": "fields",
    "FieldSealer": "fields",
    "DEFAULT_KDF": "kdf",
    "KdfParams": "kdf",
    "derive_key": "kdf",
    "DataKey": "keyslot",
    "Keyslot": "keyslot",
    "new_data_key": "keyslot",
    "unwrap_keyslot": "keyslot",
    "wrap_keyslot": "keyslot",
}

__all__ = [
    "DEFAULT_KDF",
    "DataKey",
    "FieldContext",
    "FieldSealer",
    "KdfParams",
    "Keyslot",
    "derive_key",
    "new_data_key",
    "unwrap_keyslot",
    "wrap_keyslot",
]


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{home}"), name)
    globals()[name] = value
    return value
