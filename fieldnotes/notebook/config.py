"""Settings: what each one means, which values it takes, and where it is kept.

Two homes, chosen by what a setting reveals:

- **in the notebook, sealed** — anything personal (the author's name) and anything that only
  matters while the notebook is unlocked (the auto-lock delay). They are read and written
  through the `Notebook` façade, like everything else in it.
- **in the configuration file** — only what must be known before unlocking (or without
  unlocking at all), and reveals nothing about anyone: the theme, and where and to whom
  automatic backups go (a folder and a public key; a backup never unlocks the notebook). It
  is plain JSON in the platform's user configuration directory (on Linux
  `~/.config/fieldnotes/settings.json`), created readable by its owner.

A new setting is one more `SettingSpec` in `SETTINGS`; the command line (`fieldnotes config`)
is built from that table.
"""

from __future__ import annotations

import contextlib
import json
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from fieldnotes.errors import FieldnotesError, InvalidInput

if TYPE_CHECKING:
    from fieldnotes.notebook import Notebook

Home = Literal["notebook", "config"]

AUTHOR_MAX_CHARS = 120
LOCK_AFTER_MIN_MINUTES = 1
LOCK_AFTER_MAX_MINUTES = 240
DEFAULT_LOCK_AFTER_MINUTES = 5
THEMES = ("dark", "light")
DEFAULT_THEME = "dark"
IDLE_LOCK_ENV = "FIELDNOTES_IDLE_LOCK_SECONDS"
"""Seconds; overrides lock-after while it is set (for tests, demonstrations and kiosks)."""
CONFIG_FILE_NAME = "settings.json"
CONFIG_MAX_BYTES = 64 * 1024
"""The file holds a handful of short values; anything larger is not ours."""


def _author(text: str) -> str:
    value = " ".join(text.split())
    if len(value) > AUTHOR_MAX_CHARS:
        raise InvalidInput(f"the author name must be at most {AUTHOR_MAX_CHARS} characters")
    if any(unicodedata.category(c) in {"Cc", "Cf"} for c in value):
        raise InvalidInput("the author name must not hold control characters")
    return value


def _lock_after(text: str) -> str:
    raw = text.strip().lower().removesuffix("min").removesuffix("minutes").strip()
    try:
        minutes = int(raw)
    except ValueError:
        raise InvalidInput(
            f"lock-after is a whole number of minutes, {LOCK_AFTER_MIN_MINUTES} to "
            f"{LOCK_AFTER_MAX_MINUTES}, not {text.strip()!r}"
        ) from None
    if not LOCK_AFTER_MIN_MINUTES <= minutes <= LOCK_AFTER_MAX_MINUTES:
        raise InvalidInput(
            f"lock-after must be {LOCK_AFTER_MIN_MINUTES} to {LOCK_AFTER_MAX_MINUTES} minutes "
            "(the notebook always locks itself in the end)"
        )
    return str(minutes)


def _retention(text: str) -> str:
    from fieldnotes.domain.retention import parse_retention

    months = parse_retention(text)
    return "off" if months is None else str(months)


BACKUP_KEEP_MIN = 1
BACKUP_KEEP_MAX = 100
DEFAULT_BACKUP_KEEP = 10
BACKUP_DIR_MAX_CHARS = 4096


def _backup_dir(text: str) -> str:
    value = text.strip()
    if not value:
        return ""
    if len(value) > BACKUP_DIR_MAX_CHARS or any(
        unicodedata.category(c) in {"Cc", "Cf"} for c in value
    ):
        raise InvalidInput("backup-dir must be a folder's path, without control characters")
    # Kept absolute: the app and the commands may start in any folder.
    return str(Path(value).expanduser().absolute())


def _backup_to(text: str) -> str:
    if not text.strip():
        return ""
    from fieldnotes.notebook.keys import parse_recipient

    return parse_recipient(text)


def _backup_keep(text: str) -> str:
    try:
        count = int(text.strip())
    except ValueError:
        raise InvalidInput(
            f"backup-keep is a whole number of backups, {BACKUP_KEEP_MIN} to {BACKUP_KEEP_MAX}"
        ) from None
    if not BACKUP_KEEP_MIN <= count <= BACKUP_KEEP_MAX:
        raise InvalidInput(f"backup-keep must be {BACKUP_KEEP_MIN} to {BACKUP_KEEP_MAX}")
    return str(count)


def _theme(text: str) -> str:
    value = text.strip().lower()
    if value not in THEMES:
        raise InvalidInput(f"theme is {' or '.join(THEMES)}, not {text.strip()!r}")
    return value


@dataclass(frozen=True, slots=True)
class SettingSpec:
    key: str
    home: Home
    label: str
    help: str
    default: str
    parse: Callable[[str], str]
    """Checks a value a person gave and returns it normalised; `InvalidInput` if it is wrong."""


SETTINGS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "author",
        "notebook",
        "Author",
        "Your name or role, written into every brief you export (sealed in the notebook)",
        "",
        _author,
    ),
    SettingSpec(
        "lock-after",
        "notebook",
        "Lock after (minutes)",
        f"Minutes without a key press before the app locks, {LOCK_AFTER_MIN_MINUTES}–"
        f"{LOCK_AFTER_MAX_MINUTES} (sealed in the notebook; $FIELDNOTES_IDLE_LOCK_SECONDS "
        "overrides it)",
        str(DEFAULT_LOCK_AFTER_MINUTES),
        _lock_after,
    ),
    SettingSpec(
        "retention",
        "notebook",
        "Keep notes for (months)",
        "Months a note is kept after the day it was written about, as your records policy "
        "says (for example 24), then listed for purging; off keeps notes until you delete "
        "them, the default for a personal notebook (sealed in the notebook)",
        "off",
        _retention,
    ),
    SettingSpec(
        "theme",
        "config",
        "Theme",
        "dark or light; kept in the configuration file, as it is needed before unlocking",
        DEFAULT_THEME,
        _theme,
    ),
    SettingSpec(
        "backup-dir",
        "config",
        "Automatic backups: folder",
        "A folder for an encrypted backup each time the notebook closes after a change "
        "(empty: no automatic backups); needs backup-to",
        "",
        _backup_dir,
    ),
    SettingSpec(
        "backup-to",
        "config",
        "Automatic backups: recipient",
        "The age1… key automatic backups are encrypted to, e.g. from `fieldnotes keygen`; "
        "keep its identity away from the notebook",
        "",
        _backup_to,
    ),
    SettingSpec(
        "backup-keep",
        "config",
        "Automatic backups: how many",
        f"How many automatic backups of a notebook to keep, {BACKUP_KEEP_MIN}–{BACKUP_KEEP_MAX}; "
        "the oldest go first",
        str(DEFAULT_BACKUP_KEEP),
        _backup_keep,
    ),
)

BY_KEY = {spec.key: spec for spec in SETTINGS}


def spec(key: str) -> SettingSpec:
    try:
        return BY_KEY[key]
    except KeyError:
        raise InvalidInput(
            f"no setting called {key!r}; the settings are {', '.join(BY_KEY)}"
        ) from None


# ------------------------------------------------------------- in the notebook

LOCK_AFTER_SETTING = "lock_after_minutes"
"""The sealed setting's name inside the notebook."""


def read_notebook_setting(notebook: Notebook, key: str) -> str:
    """The value kept in the (unlocked) notebook, or the default when none was set."""
    if key == "author":
        return notebook.author_label()
    if key == "lock-after":
        stored = notebook.preference(LOCK_AFTER_SETTING)
        if stored is None:
            return BY_KEY[key].default
        try:
            return _lock_after(stored)
        except InvalidInput:
            raise FieldnotesError(
                "the notebook's lock-after setting is damaged; set it again with "
                "`fieldnotes config set lock-after MINUTES`"
            ) from None
    if key == "retention":
        months = notebook.retention_months()
        return "off" if months is None else str(months)
    raise InvalidInput(f"{key!r} is not kept in the notebook")


def write_notebook_setting(notebook: Notebook, key: str, value: str) -> str:
    value = spec(key).parse(value)
    if key == "author":
        notebook.set_author_label(value)
    elif key == "lock-after":
        notebook.set_preference(LOCK_AFTER_SETTING, value)
    elif key == "retention":
        notebook.set_retention_months(None if value == "off" else int(value))
    else:
        raise InvalidInput(f"{key!r} is not kept in the notebook")
    return value


def lock_after_seconds(notebook: Notebook) -> float:
    return float(int(read_notebook_setting(notebook, "lock-after")) * 60)


# ------------------------------------------------------- in the configuration file


def config_path() -> Path:
    """Computed when called, so tests and people can redirect it (`XDG_CONFIG_HOME`)."""
    from platformdirs import user_config_path

    return user_config_path("fieldnotes", appauthor=False) / CONFIG_FILE_NAME


@dataclass(frozen=True, slots=True)
class ConfigFile:
    values: dict[str, str]
    problem: str = ""
    """Why the file was not used, if it could not be; the defaults apply then."""


def read_config(path: Path | None = None) -> ConfigFile:
    """The configuration file's settings. A missing file is no settings; a damaged one is
    reported in `problem` and ignored, since it holds nothing that protects anything."""
    path = path or config_path()
    try:
        with path.open("rb") as handle:
            raw = handle.read(CONFIG_MAX_BYTES + 1)
    except FileNotFoundError:
        return ConfigFile({})
    except OSError as error:
        return ConfigFile({}, f"{path} could not be read ({error.strerror})")
    if len(raw) > CONFIG_MAX_BYTES:
        return ConfigFile({}, f"{path} is too large to be a settings file")
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return ConfigFile({}, f"{path} is not valid JSON; using the default settings")
    if not isinstance(data, dict):
        return ConfigFile({}, f"{path} is not a settings file; using the default settings")
    values: dict[str, str] = {}
    problems: list[str] = []
    for key, value in data.items():
        found = BY_KEY.get(key)
        if found is None or found.home != "config" or not isinstance(value, str):
            continue
        try:
            values[key] = found.parse(value)
        except InvalidInput as error:
            problems.append(f"{key}: {error}")
    problem = f"{path}: {'; '.join(problems)}; using the default" if problems else ""
    return ConfigFile(values, problem)


def config_value(key: str, path: Path | None = None) -> str:
    return read_config(path).values.get(key, BY_KEY[key].default)


def write_config_value(key: str, value: str, path: Path | None = None) -> str:
    """Check the value, then replace the file atomically (0600, in a 0700 directory)."""
    found = spec(key)
    if found.home != "config":
        raise InvalidInput(f"{key!r} is kept in the notebook, not in the configuration file")
    value = found.parse(value)
    path = path or config_path()
    values = read_config(path).values
    values[key] = value
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(temporary, os.O_CREAT | os.O_TRUNC | os.O_WRONLY, 0o600)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(values, handle, indent=2, sort_keys=True)
                handle.write("\n")
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
    except OSError as error:
        raise FieldnotesError(
            f"the settings could not be saved to {path}: {error.strerror}"
        ) from None
    return value


# ------------------------------------------------------------- automatic backups


def automatic_backup_after_close(notebook_path: Path) -> str | None:
    """Back the notebook up into `backup-dir` if that is set up; one line to show, or None.

    Called once the notebook is closed, after a command or the app changed it. Never raises:
    the work it follows is already saved, and a backup that could not be made is reported,
    not allowed to turn that into a failure.
    """
    values = read_config().values
    folder = values.get("backup-dir", "")
    if not folder:
        return None
    recipient = values.get("backup-to", "")
    if not recipient:
        return "automatic backup skipped: set backup-to (an age1… key) as well as backup-dir"
    keep = int(values.get("backup-keep", str(DEFAULT_BACKUP_KEEP)))
    from fieldnotes.notebook import automatic_backup

    try:
        written = automatic_backup(Path(notebook_path), Path(folder), recipient, keep)
    except FieldnotesError as error:
        return f"automatic backup failed: {error}"
    except OSError as error:
        return f"automatic backup failed: {error.strerror or type(error).__name__}"
    return None if written is None else f"Backed up to {written}"
