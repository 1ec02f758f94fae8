"""The command line: `fieldnotes COMMAND`, one module per family of commands.

Loaded first thing by `python -m fieldnotes`, before the passphrase is read and the key
derivation starts: nothing is imported here, so each command pays only for what it uses.
"""
