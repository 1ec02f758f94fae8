"""Key derivation, key wrapping and field sealing. No Textual, no SQL."""

from fieldnotes.crypto.fields import FieldContext, FieldSealer
from fieldnotes.crypto.kdf import DEFAULT_KDF, KdfParams, derive_key
from fieldnotes.crypto.keyslot import DataKey, Keyslot, new_data_key, unwrap_keyslot, wrap_keyslot

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
