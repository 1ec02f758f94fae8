"""age-format exports: synthesis briefs leave the machine only as age files, made by `pyrage`.

No Textual, no SQL. Everything works on bytes in memory; plaintext reaches the disk only through
`write_private_file`, and only where the person asked. The header checks made before pyrage
sees a file are in `fieldnotes.crypto.age_header`; their names are importable from here too.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import stat
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import pyrage
import pyrage.passphrase
import pyrage.x25519

from fieldnotes.crypto.age_header import (
    _ARMOR_BEGIN,
    _VERSION_PREFIX,
    MAX_HEADER_BYTES,
    MAX_SCRYPT_WORK_FACTOR,
    MAX_STANZA_BODY_LINES,
    MAX_STANZAS,
    AgeHeader,
    _as_bytes,
    inspect_header,
)
from fieldnotes.errors import (
    AgeFileTooLarge,
    DamagedAgeFile,
    DecryptFailed,
    ExcessiveWorkFactor,
    ExportError,
    ExportWriteError,
    IdentityFileError,
    IdentityRequired,
    InvalidInput,
    InvalidRecipient,
    NotAnAgeFile,
    NotARecipient,
    PassphraseRequired,
    WrongAgePassphrase,
)

__all__ = [
    "MAX_AGE_FILE_BYTES",
    "MAX_BACKUP_FILE_BYTES",
    "MAX_HEADER_BYTES",
    "MAX_SCRYPT_WORK_FACTOR",
    "MAX_STANZAS",
    "MAX_STANZA_BODY_LINES",
    "AgeHeader",
    "decrypt",
    "encrypt_to_recipients",
    "encrypt_with_passphrase",
    "generate_identity",
    "identity_file_is_private",
    "inspect_header",
    "parse_recipient",
    "read_age_file",
    "read_identity_file",
    "remove_stale_temp_files",
    "write_identity_file",
    "write_private_file",
    "write_private_folder",
]

# Hostile files (SECURITY.md test 19): the header caps are in `age_header`.
MAX_AGE_FILE_BYTES = 64 << 20
"""A brief is the Markdown or self-contained HTML of one synthesis: tens of KiB, a few MiB
with every obstacle and quote. 64 MiB is far beyond that and keeps memory bounded (the file,
its plaintext and pyrage's copy stay under a quarter of a GiB)."""
MAX_BACKUP_FILE_BYTES = 1 << 30
"""A backup holds the whole notebook file: 100,000 notes make about 470 MB. Opening one holds
the file, its plaintext and the database image in memory at once, so 1 GiB is the most that
stays within reach of a laptop."""

_RECIPIENT_LENGTH = 62  # "age1" + bech32 of 32 bytes + checksum
_SECRET_KEY_PREFIX = "AGE-SECRET-KEY-1"
_MAX_IDENTITY_FILE_BYTES = 1 << 20  # a key file is ~200 bytes; refuse to slurp a wrong pick
_PASSPHRASE_ATTEMPTS = 3


# --- keys and recipients ------------------------------------------------------------------------


def generate_identity() -> tuple[str, str]:
    """Make a new X25519 identity: (`AGE-SECRET-KEY-1…`, `age1…`)."""
    identity = pyrage.x25519.Identity.generate()
    return str(identity), str(identity.to_public())


def parse_recipient(text: str) -> str:
    """Check that `text` is an age X25519 recipient and return its canonical (lowercase) form.

    Messages never quote the input: a mis-paste may be a secret key or a line of a note.
    """
    if not isinstance(text, str):
        raise InvalidRecipient("a recipient must be text starting with 'age1'")
    candidate = text.strip()
    if not candidate:
        raise InvalidRecipient("no recipient given: paste the person's age1… public key")
    if candidate.upper().startswith("AGE-SECRET-KEY-"):
        # Someone pasted a private key where a public one belongs; it must go no further.
        raise InvalidRecipient(
            "that is a secret key, not a recipient: share only the age1… public key"
        )
    if candidate.startswith(("ssh-", "ecdsa-")):
        raise InvalidRecipient("SSH keys are not accepted as recipients: ask for an age1… key")
    lowered = candidate.lower()
    if not lowered.startswith("age1"):
        raise InvalidRecipient(
            f"not an age recipient: it should start with 'age1' ({_size(candidate)})"
        )
    if "1" in lowered[4:]:
        # Bech32 data never contains "1", so a second one means "age1<name>1…": a plugin or
        # post-quantum (age1pq1…) recipient, which pyrage's X25519 type cannot encrypt to.
        raise InvalidRecipient(
            "plugin and post-quantum recipients are not supported: ask for an X25519 age1… key"
        )
    if len(candidate) != _RECIPIENT_LENGTH:
        raise InvalidRecipient(
            f"not an age recipient: an age1… key is {_RECIPIENT_LENGTH} characters "
            f"({_size(candidate)})"
        )
    try:
        recipient = pyrage.x25519.Recipient.from_str(candidate)
    except Exception:
        # Bech32 carries a checksum, so a typo in one character lands here.
        raise InvalidRecipient(
            "not a valid age recipient: the key is mistyped or incomplete (checksum mismatch)"
        ) from None
    return str(recipient)


def _size(text: str) -> str:
    return f"got {len(text)} characters"


def _parse_identity(secret: str, position: int) -> pyrage.x25519.Identity:
    if not isinstance(secret, str):
        raise InvalidInput(f"identity {position} is not text")
    try:
        return pyrage.x25519.Identity.from_str(secret.strip())
    except Exception:
        raise InvalidInput(
            f"identity {position} is not an age secret key ({_SECRET_KEY_PREFIX}…)"
        ) from None


# --- encryption ---------------------------------------------------------------------------------


def encrypt_to_recipients(
    plaintext: bytes, recipients: Sequence[str], *, armored: bool = False
) -> bytes:
    """Encrypt to one or more X25519 recipients (duplicates are dropped, order kept).

    Include the author's own recipient so they can reopen what they sent.
    """
    data = _as_bytes(plaintext, "the brief")
    if isinstance(recipients, str | bytes):
        # A bare string is a Sequence of characters; never encrypt to 62 one-letter "keys".
        raise InvalidInput("recipients must be a list of age1… keys, not a single string")
    canonical: list[str] = []
    for text in recipients:
        key = parse_recipient(text)
        if key not in canonical:
            canonical.append(key)
    if not canonical:
        raise InvalidRecipient("a brief needs at least one recipient")
    parsed = [pyrage.x25519.Recipient.from_str(key) for key in canonical]
    try:
        encrypted: bytes = pyrage.encrypt(data, parsed, armored=bool(armored))
        return encrypted
    except Exception as exc:
        raise ExportError(f"the brief could not be encrypted ({_one_line(exc)})") from None


def encrypt_with_passphrase(plaintext: bytes, passphrase: str, *, armored: bool = False) -> bytes:
    """Encrypt to a passphrase (age's scrypt recipient). A file of its own: age forbids mixing."""
    data = _as_bytes(plaintext, "the brief")
    if not isinstance(passphrase, str) or not passphrase:
        raise InvalidInput("a passphrase-protected brief needs a non-empty passphrase")
    # rage picks the scrypt work factor by timing this machine (about one second), so a fast
    # machine can pick more than we agree to open. Its timing is noisy, so try again a couple
    # of times before refusing to hand out a file fieldnotes itself would not reopen.
    work_factor: int | None = None
    for _ in range(_PASSPHRASE_ATTEMPTS):
        try:
            result: bytes = pyrage.passphrase.encrypt(data, passphrase, armored=bool(armored))
        except Exception as exc:
            raise ExportError(f"the brief could not be encrypted ({_one_line(exc)})") from None
        work_factor = inspect_header(result).scrypt_work_factor
        if work_factor is not None and work_factor <= MAX_SCRYPT_WORK_FACTOR:
            return result
    raise ExportError(
        f"this machine chose an scrypt cost of 2^{work_factor}, above the 2^"
        f"{MAX_SCRYPT_WORK_FACTOR} fieldnotes will open: send to recipients' keys instead"
    )


# --- decryption ---------------------------------------------------------------------------------


def decrypt(
    data: bytes,
    *,
    identities: Sequence[str] = (),
    passphrase: str | None = None,
    what: str = "brief",
    limit: int = MAX_AGE_FILE_BYTES,
) -> bytes:
    """Decrypt an age file in memory; all or nothing.

    Give `identities` (`AGE-SECRET-KEY-1…` strings) for a file sent to recipients, or
    `passphrase` for a passphrase file. Every failure is a `DecryptFailed` (or `InvalidInput`
    for a malformed identity) with a one-line message naming the file as `what` ("brief",
    "backup"). `limit` caps the file's size before anything is parsed.
    """
    return _decrypt(data, identities, passphrase, what, limit)


def _decrypt(
    data: bytes,
    identities: Sequence[str],
    passphrase: str | None,
    what: str,
    limit: int = MAX_AGE_FILE_BYTES,
) -> bytes:
    raw = _as_bytes(data, "the file", error=NotAnAgeFile)
    if len(raw) > limit:
        raise _file_too_large(what, limit)
    header = _inspect_as(raw, what)
    if header.needs_passphrase:
        if passphrase is None:
            raise PassphraseRequired(f"this {what} is protected by a passphrase: enter it")
        if not isinstance(passphrase, str):
            raise InvalidInput("the passphrase must be text")
        work_factor = header.scrypt_work_factor
        if work_factor is None:  # the parser never allows this; refuse rather than guess
            raise DamagedAgeFile(f"the {what}'s passphrase stanza is damaged")
        if work_factor > MAX_SCRYPT_WORK_FACTOR:
            raise ExcessiveWorkFactor(
                f"this {what}'s passphrase cost (2^{work_factor}) is above the 2^"
                f"{MAX_SCRYPT_WORK_FACTOR} fieldnotes accepts; refused before trying it"
            )
        # No `armored=`: pyrage's passphrase.decrypt detects armor itself and rejects the
        # keyword its type stub advertises.
        return _call_pyrage(lambda: pyrage.passphrase.decrypt(raw, passphrase), what, True)
    if isinstance(identities, str | bytes):
        raise InvalidInput("identities must be a list of secret keys, not a single string")
    if not identities:
        if passphrase is not None:
            raise IdentityRequired(
                f"this {what} was encrypted to people's keys, not a passphrase: "
                "open it with your identity file"
            )
        raise IdentityRequired(f"this {what} needs your identity file to open")
    parsed = [_parse_identity(secret, n) for n, secret in enumerate(identities, start=1)]
    return _call_pyrage(lambda: pyrage.decrypt(raw, parsed), what, False)


def _call_pyrage(run: Callable[[], bytes], what: str, scrypt: bool) -> bytes:
    try:
        result = run()
    except BaseException as exc:
        # A Rust panic surfaces as pyo3's PanicException, which is not an Exception; it must
        # still become a typed error. Other BaseExceptions (Ctrl-C, exit) pass through.
        if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
            raise
        # rage's messages are matched only to choose our wording; the tests pin each one.
        raise _map_decrypt_error(exc, what, scrypt) from None
    if not isinstance(result, bytes):
        raise DamagedAgeFile(f"the {what} could not be decrypted")
    return result


def _map_decrypt_error(exc: BaseException, what: str, scrypt: bool) -> DecryptFailed:
    message = str(exc)
    if "No matching keys" in message:
        return NotARecipient(f"this {what} was not encrypted to any of your identities")
    if scrypt and "Decryption failed" in message:
        return WrongAgePassphrase(f"wrong passphrase for this {what}, or the {what} is damaged")
    if "MAC" in message:
        return DamagedAgeFile(f"the {what} has been altered or damaged (its header check failed)")
    if "Excessive work" in message or "work factor" in message:
        return ExcessiveWorkFactor(f"this {what}'s passphrase cost is too high; refused")
    return DamagedAgeFile(f"the {what} is damaged or incomplete")


def _file_too_large(what: str, limit: int = MAX_AGE_FILE_BYTES) -> AgeFileTooLarge:
    return AgeFileTooLarge(
        f"this {what} is larger than {limit >> 20} MiB, far more than any {what}; "
        "refused before trying to open it"
    )


def _inspect_as(raw: bytes, what: str) -> AgeHeader:
    """`inspect_header`, its messages naming the file as `what` (they are written for briefs)."""
    try:
        return inspect_header(raw)
    except DecryptFailed as error:
        if what == "brief":
            raise
        raise type(error)(str(error).replace("brief", what)) from None


def read_age_file(path: Path, *, limit: int = MAX_AGE_FILE_BYTES, what: str = "brief") -> bytes:
    """Read an age file of at most `limit` bytes, refusing anything but a regular file.

    Opened non-blocking, so a FIFO is refused rather than waited on; `/dev/zero` and other
    devices are refused before a byte is read; a growing file is read only to the cap.
    """
    path = Path(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise NotAnAgeFile(f"{path} does not exist") from None
    except PermissionError:
        raise NotAnAgeFile(f"permission denied reading {path}") from None
    except OSError as exc:
        raise NotAnAgeFile(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotAnAgeFile(f"{path} is not a regular file, so not a {what}")
        if info.st_size > limit:
            raise _file_too_large(what, limit)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise NotAnAgeFile(f"cannot read {path}: {exc.strerror or type(exc).__name__}") from None
    finally:
        os.close(fd)
    if remaining <= 0:
        raise _file_too_large(what, limit)
    return b"".join(chunks)


# --- identity files -----------------------------------------------------------------------------


def read_identity_file(path: Path, passphrase: str | None = None) -> list[str]:
    """Read the X25519 secret keys from an age identity file (as `age-keygen` writes it).

    A passphrase-protected identity file (an age passphrase file whose plaintext is such a
    file, as `age -p` makes it) needs `passphrase`. Does not refuse a file others can read:
    check `identity_file_is_private` and warn.
    """
    path = Path(path)
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            # A directory or a FIFO: reading a FIFO would hang the app.
            raise IdentityFileError(path, None, "is not a regular file, so not an identity file")
        with path.open("rb") as handle:
            content = handle.read(_MAX_IDENTITY_FILE_BYTES + 1)
    except FileNotFoundError:
        raise IdentityFileError(path, None, "no such identity file") from None
    except PermissionError:
        raise IdentityFileError(path, None, "permission denied reading the identity file") from None
    except OSError as exc:
        raise IdentityFileError(path, None, f"cannot read it ({exc.strerror})") from None
    if len(content) > _MAX_IDENTITY_FILE_BYTES:
        raise IdentityFileError(path, None, "too large to be an age identity file")
    if content.startswith((_VERSION_PREFIX, _ARMOR_BEGIN)):
        if passphrase is None:
            raise PassphraseRequired(f"the identity file {path} is protected by a passphrase")
        try:
            header = inspect_header(content)
        except DecryptFailed:
            raise IdentityFileError(path, None, "the encrypted identity file is damaged") from None
        if not header.needs_passphrase:
            raise IdentityFileError(
                path, None, "is encrypted to a key, not a passphrase; fieldnotes cannot open it"
            )
        content = _decrypt(content, (), passphrase, "identity file")
    return _parse_identity_lines(path, content)


def _parse_identity_lines(path: Path, content: bytes) -> list[str]:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        raise IdentityFileError(
            path, None, "not a text file, so not an age identity file"
        ) from None
    keys: list[str] = []
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("AGE-PLUGIN-") or line.startswith("AGE-SECRET-KEY-PQ-"):
            raise IdentityFileError(path, number, "plugin and post-quantum keys are not supported")
        if line.startswith("-----BEGIN"):
            raise IdentityFileError(path, number, "SSH and PEM keys are not supported")
        try:
            identity = pyrage.x25519.Identity.from_str(line)
        except Exception:
            # Never quote the line: it may be a mangled secret key.
            raise IdentityFileError(
                path, number, f"not an age secret key ({_SECRET_KEY_PREFIX}…)"
            ) from None
        key = str(identity)
        if key not in keys:
            keys.append(key)
    if not keys:
        raise IdentityFileError(path, None, "contains no age secret keys")
    return keys


def identity_file_is_private(path: Path) -> bool:
    """True when only the owner can read `path` (no group or other permission bits)."""
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(mode) and not mode & 0o077


def write_identity_file(
    path: Path, secret: str, public: str, *, passphrase: str | None = None
) -> None:
    """Write an identity file in age-keygen's layout, 0600; passphrase-encrypted if asked.

    With a passphrase the file is the age passphrase encryption of that text (as `age -p`
    would make it), which `age -d -i` reads after asking for the passphrase.
    """
    identity = _parse_identity(secret, 1)
    recipient = parse_recipient(public)
    if str(identity.to_public()) != recipient:
        raise InvalidInput("the public key does not belong to this secret key")
    created = datetime.now().astimezone().isoformat(timespec="seconds")
    text = f"# created: {created}\n# public key: {recipient}\n{identity}\n".encode("ascii")
    if passphrase is not None:
        text = encrypt_with_passphrase(text, passphrase)
    write_private_file(Path(path), text)


# --- private files ------------------------------------------------------------------------------


def write_private_file(path: Path, data: bytes, *, replace: bool = True) -> None:
    """Write `data` to `path` atomically, mode 0600: all of it or nothing, even if killed.

    With `replace=False` an existing `path` is never touched, even one that appears while the
    data is written: `FileExistsError` is raised as `ExportWriteError`, and nothing is left.

    Where the kernel and filesystem allow it (Linux `O_TMPFILE`), the data is written into a
    file with no name at all, fsynced, then linked into place: a kill before that leaves
    nothing behind. Elsewhere a temp file `.NAME.<16 hex>.tmp` in the same directory (0600,
    O_EXCL, locked while in use) is renamed over `path`; a kill can leave it, so every write
    first removes such files of earlier runs (`remove_stale_temp_files`).
    """
    path = Path(path)
    payload = _as_bytes(data, "the file contents", error=InvalidInput)
    if path.is_dir():
        raise ExportWriteError(f"{path} is a directory: choose a file name")
    directory = path.parent
    if not directory.is_dir():
        raise ExportWriteError(f"cannot write {path}: the folder {directory} does not exist")
    remove_stale_temp_files(directory, re.escape(path.name))
    if not replace and os.path.lexists(path):
        raise ExportWriteError(f"{path} already exists; it was left as it is")
    try:
        if replace:
            if not _write_unnamed(path, payload):
                _write_named_temp(path, payload)
        elif not _write_unnamed(path, payload, replace=False):
            _write_named_temp(path, payload, replace=False)
    except FileExistsError:
        raise ExportWriteError(f"{path} already exists; it was left as it is") from None
    except OSError as exc:
        raise _write_error(path, exc) from exc
    _fsync_directory(directory)


def write_private_folder(path: Path, files: Sequence[tuple[str, bytes]]) -> None:
    """Write a new folder of files at `path`, all of them or none: 0700, each file 0600.

    The files are written into a locked temp folder `.NAME.<16 hex>.tmp` beside `path`,
    fsynced, and the folder is renamed into place; `path` may be missing or an empty folder,
    never one with anything in it. Temp folders of earlier, killed runs go first.
    """
    import fcntl
    import shutil

    path = Path(path)
    parent = path.parent
    if not parent.is_dir():
        raise ExportWriteError(f"cannot write {path}: the folder {parent} does not exist")
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ExportWriteError(f"{path} already exists and is not an empty folder; choose another")
    names = [name for name, _ in files]
    if len(set(names)) != len(names) or any(
        not n or "/" in n or n.startswith(".") or n in ("..", ".") for n in names
    ):
        raise InvalidInput("the files to write need distinct plain names")
    _remove_stale_temp_folders(parent, re.escape(path.name))
    temp = _temp_name(path)
    fd: int | None = None
    try:
        os.mkdir(temp, 0o700)
        fd = os.open(temp, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        # Held until the rename: a concurrent run's clean-up skips a folder still being written.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        for name, data in files:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            file_fd = os.open(temp / name, flags | getattr(os, "O_CLOEXEC", 0), 0o600)
            try:
                _write_all(file_fd, _as_bytes(data, "the file contents", error=InvalidInput))
            finally:
                os.close(file_fd)
        os.fsync(fd)
        os.rename(temp, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            shutil.rmtree(temp)
        if exc.errno in (errno.ENOTEMPTY, errno.EEXIST):
            raise ExportWriteError(
                f"{path} already exists and is not an empty folder; choose another"
            ) from None
        raise _write_error(path, exc) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            shutil.rmtree(temp)
        raise
    finally:
        if fd is not None:
            os.close(fd)
    _fsync_directory(parent)


def _remove_stale_temp_folders(directory: Path, name_pattern: str) -> None:
    """Remove temp folders a killed `write_private_folder` left: ours, and not locked."""
    import fcntl
    import shutil

    pattern = re.compile(rf"\.(?:{name_pattern})\.[0-9a-f]{{16}}\.tmp")
    try:
        names = [n for n in os.listdir(directory) if pattern.fullmatch(n)]
    except OSError:
        return
    for name in names:
        candidate = Path(directory) / name
        try:
            fd = os.open(candidate, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | os.O_NOFOLLOW)
        except OSError:
            continue  # not a folder, a symlink, or gone
        try:
            info = os.fstat(fd)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # another run is writing it right now
            if os.path.samestat(info, os.lstat(candidate)):
                shutil.rmtree(candidate, ignore_errors=True)
        except OSError:
            continue
        finally:
            os.close(fd)


def _temp_name(path: Path) -> Path:
    return path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"


def _write_all(fd: int, payload: bytes) -> None:
    os.fchmod(fd, 0o600)  # the umask can only remove bits, but be explicit
    view = memoryview(payload)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "the disk accepted no data")
        view = view[written:]
    os.fsync(fd)


def _write_unnamed(path: Path, payload: bytes, replace: bool = True) -> bool:
    """Write through an O_TMPFILE inode; False when this system or filesystem has none."""
    tmpfile = getattr(os, "O_TMPFILE", 0)
    proc_fd = Path("/proc/self/fd")
    if not tmpfile or not proc_fd.is_dir():
        return False
    try:
        fd = os.open(path.parent, tmpfile | os.O_WRONLY | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        if exc.errno in (errno.EOPNOTSUPP, errno.EISDIR, errno.EINVAL, errno.ENOENT):
            return False  # no O_TMPFILE here: fall back to a named temp file
        raise
    import fcntl

    linked: Path | None = None
    dir_fd: int | None = None
    try:
        # Locked like a named temp file, so a concurrent clean-up leaves its name alone.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _write_all(fd, payload)
        # linkat(AT_SYMLINK_FOLLOW) on the /proc link names the inode; Python asks for the
        # flag only when a directory fd is given, so give the target's directory.
        dir_fd = os.open(path.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        source = f"/proc/self/fd/{fd}"
        try:
            # Straight into place when the name is free: nothing named ever held part of it.
            os.link(source, path.name, dst_dir_fd=dir_fd, follow_symlinks=True)
            return True
        except FileExistsError:
            if not replace:
                raise
        except OSError as exc:
            if exc.errno in (errno.EXDEV, errno.EPERM, errno.ENOENT, errno.EOPNOTSUPP):
                return False  # /proc will not link here: the named temp file instead
            raise
        linked = _temp_name(path)
        os.link(source, linked.name, dst_dir_fd=dir_fd, follow_symlinks=True)
        os.replace(linked, path)
        linked = None
        return True
    finally:
        os.close(fd)
        if dir_fd is not None:
            os.close(dir_fd)
        if linked is not None:
            with contextlib.suppress(OSError):
                os.unlink(linked)


def _write_named_temp(path: Path, payload: bytes, replace: bool = True) -> None:
    import fcntl

    temp = _temp_name(path)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    fd: int | None = None
    try:
        fd = os.open(temp, flags, 0o600)
        # Held until the rename: a concurrent run's clean-up skips a file still being written.
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        _write_all(fd, payload)
        if replace:
            os.replace(temp, path)
        else:
            # link() refuses an existing name where rename() would replace it.
            os.link(temp, path)
            os.unlink(temp)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    finally:
        if fd is not None:
            with contextlib.suppress(OSError):
                os.close(fd)


def remove_stale_temp_files(directory: Path, name_pattern: str) -> int:
    """Remove temp files an earlier, killed write left in `directory`; return how many.

    Only files named `.NAME.<16 hex>.tmp` where NAME matches `name_pattern` (a regular
    expression), regular files owned by this user, and not locked by a write still running.
    """
    import fcntl

    pattern = re.compile(rf"\.(?:{name_pattern})\.[0-9a-f]{{16}}\.tmp")
    try:
        names = [n for n in os.listdir(directory) if pattern.fullmatch(n)]
    except OSError:
        return 0
    removed = 0
    for name in names:
        candidate = Path(directory) / name
        flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(candidate, flags | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            continue  # a symlink, gone already, or not ours to read
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_uid != os.getuid():
                continue
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                continue  # another run is writing it right now
            if os.path.samestat(info, os.lstat(candidate)):
                os.unlink(candidate)
                removed += 1
        except OSError:
            continue
        finally:
            os.close(fd)
    return removed


def _write_error(path: Path, exc: OSError) -> ExportWriteError:
    if exc.errno == errno.ENOSPC:
        return ExportWriteError(f"the disk is full: {path} was not written")
    if exc.errno in (errno.EACCES, errno.EPERM):
        return ExportWriteError(f"permission denied writing {path}")
    if exc.errno == errno.EISDIR:
        return ExportWriteError(f"{path} is a directory: choose a file name")
    reason = exc.strerror or type(exc).__name__
    return ExportWriteError(f"cannot write {path}: {reason}")


def _fsync_directory(directory: Path) -> None:
    # Makes the rename durable; best effort because some filesystems refuse it.
    try:
        fd = os.open(directory, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- small helpers ------------------------------------------------------------------------------


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:120] if text else type(exc).__name__
