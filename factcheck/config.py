"""Settings: one TOML file in the user config directory, overridable by flags and env."""

from __future__ import annotations

import getpass
import os
import subprocess
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from factcheck.errors import ValidationError
from factcheck.fileio import write_atomic

APP = "factcheck"


def config_dir() -> Path:
    return Path(platformdirs.user_config_dir(APP))


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP))


def default_config_path() -> Path:
    return config_dir() / "config.toml"


def default_db_path() -> Path:
    return data_dir() / "store.fcdb"


@dataclass(slots=True)
class Settings:
    author: str | None = None
    organisation_name: str | None = None
    organisation_url: str | None = None
    claimreview_url_pattern: str | None = None
    verdict_labels: dict[str, str] = field(default_factory=dict)
    min_score: float | None = None
    fetch_concurrency: int = 50
    fetch_per_host: int = 8
    fetch_timeout: float = 20.0
    fetch_max_bytes: int = 5 * 1024 * 1024
    fetch_proxy: str | None = None
    checklist_dirs: list[Path] = field(default_factory=list)
    keymap: dict[str, str] = field(default_factory=dict)
    theme: str | None = None
    path: Path | None = None


_SCHEMA: dict[str, dict[str, tuple[str, type | tuple[type, ...]]]] = {
    "": {"author": ("author", str), "theme": ("theme", str)},
    "organisation": {"name": ("organisation_name", str), "url": ("organisation_url", str)},
    "claimreview": {"url_pattern": ("claimreview_url_pattern", str)},
    "claims": {"min_score": ("min_score", (int, float))},
    "fetch": {
        "concurrency": ("fetch_concurrency", int),
        "per_host": ("fetch_per_host", int),
        "timeout": ("fetch_timeout", (int, float)),
        "max_bytes": ("fetch_max_bytes", int),
        "proxy": ("fetch_proxy", str),
    },
}


def load_settings(path: Path | None = None) -> Settings:
    """Read the config file; a missing file gives defaults, a bad value a message naming the key."""
    explicit = path is not None or "FACTCHECK_CONFIG" in os.environ
    path = Path(path or os.environ.get("FACTCHECK_CONFIG") or default_config_path())
    settings = Settings(path=path)
    if not path.exists():
        if explicit:
            raise ValidationError(f"config file {path} does not exist")
        return settings
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"config file {path}: {exc}") from None
    for section, keys in _SCHEMA.items():
        table = data if not section else data.get(section, {})
        if not isinstance(table, dict):
            raise ValidationError(f"config file {path}: [{section}] must be a table")
        for key, (attr, kind) in keys.items():
            if key not in table:
                continue
            value = table[key]
            name = f"{section}.{key}" if section else key
            if not isinstance(value, kind) or isinstance(value, bool):
                raise ValidationError(f"config file {path}: {name} has the wrong type")
            setattr(settings, attr, value)
    if settings.min_score is not None and not 0 <= settings.min_score <= 1:
        raise ValidationError(f"config file {path}: claims.min_score must be between 0 and 1")
    for name, kind in (("verdict_labels", str), ("keymap", str)):
        table = data.get(name, {})
        if not isinstance(table, dict) or not all(isinstance(v, kind) for v in table.values()):
            raise ValidationError(f"config file {path}: [{name}] must map names to strings")
        setattr(settings, name, dict(table))
    dirs = data.get("checklists", {}).get("dirs", [])
    if not isinstance(dirs, list) or not all(isinstance(d, str) for d in dirs):
        raise ValidationError(f"config file {path}: checklists.dirs must be a list of paths")
    settings.checklist_dirs = [Path(d).expanduser() for d in dirs]
    return settings


def save_setting(path: Path, section: str, key: str, value: str) -> None:
    """Write one string setting back (used for the theme), keeping the rest of the file."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    rendered = f"{key} = {_toml_string(value)}"
    header = f"[{section}]" if section else None
    # Top-level keys must come before the first table header.
    start = 0
    if header:
        if header not in lines:
            lines += ["", header]
        start = lines.index(header) + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("[")), len(lines))
    for i in range(start, end):
        if lines[i].split("=", 1)[0].strip() == key:
            lines[i] = rendered
            break
    else:
        lines.insert(end, rendered)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, ("\n".join(lines).strip("\n") + "\n").encode("utf-8"))


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def resolve_author(explicit: str | None = None, settings: Settings | None = None) -> str:
    """--author, FACTCHECK_AUTHOR, the config file, git's user.name, then the login name."""
    for candidate in (
        explicit,
        os.environ.get("FACTCHECK_AUTHOR"),
        settings.author if settings else None,
    ):
        if candidate and candidate.strip():
            return candidate.strip()
    try:
        out = subprocess.run(
            ["git", "config", "user.name"], capture_output=True, text=True, timeout=2, check=False
        ).stdout.strip()
        if out:
            return out
    except (OSError, subprocess.SubprocessError):
        pass
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"
