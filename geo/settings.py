"""One settings object: defaults that work offline, overridden by a TOML file and env vars."""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, fields, replace
from pathlib import Path

ENV_PREFIX = "PEM_"
CONFIG_ENV = "PEM_CONFIG"


class SettingsError(ValueError):
    """A settings file or variable that cannot be used as written."""


def _default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("peru-event-map", appauthor=False))


@dataclass(frozen=True)
class Settings:
    """Where the store and boundaries live and the limits the app enforces."""

    data_dir: Path
    db_name: str = "events.sqlite"
    # A store URL (PEM_DB_URL): sqlite:///path or postgresql://user@host/db; empty: db_path.
    db_url: str = ""
    max_upload_mb: int = 200
    tiles_url: str = ""  # empty: no tile server, boundaries are the base map
    busy_timeout_ms: int = 30_000

    @property
    def db_path(self) -> Path:
        return self.data_dir / self.db_name

    @property
    def boundaries_dir(self) -> Path:
        return self.data_dir / "boundaries"


def _coerce(name: str, raw: object, current: object) -> object:
    if isinstance(current, Path):
        return Path(str(raw)).expanduser()
    if isinstance(current, bool):
        return str(raw).lower() in ("1", "true", "yes", "on")
    if isinstance(current, int):
        try:
            return int(raw)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            raise SettingsError(f"setting {name!r} must be an integer, got {raw!r}") from None
    return str(raw)


def load_settings(env: dict[str, str] | None = None, config: Path | None = None) -> Settings:
    """Build the settings from defaults, then the TOML file, then PEM_* environment variables."""
    env = dict(os.environ if env is None else env)
    s = Settings(data_dir=_default_data_dir())
    known = {f.name for f in fields(Settings)}
    cfg_path = config or (Path(env[CONFIG_ENV]) if env.get(CONFIG_ENV) else None)
    if cfg_path is not None:
        try:
            table = tomllib.loads(Path(cfg_path).read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise SettingsError(f"cannot read settings file {cfg_path}: {exc}") from None
        unknown = sorted(set(table) - known)
        if unknown:
            raise SettingsError(f"unknown setting(s) in {cfg_path}: {', '.join(unknown)}")
        s = replace(s, **{k: _coerce(k, v, getattr(s, k)) for k, v in table.items()})
    for key, raw in env.items():
        if not key.startswith(ENV_PREFIX) or key == CONFIG_ENV:
            continue
        name = key[len(ENV_PREFIX) :].lower()
        if name not in known:
            raise SettingsError(f"unknown setting in environment: {key}")
        s = replace(s, **{name: _coerce(name, raw, getattr(s, name))})
    _check_db_name(s.db_name)
    return s


def _check_db_name(name: str) -> None:
    """PEM_DB_NAME names a file inside the data folder: no path, no '..', no separators."""
    seps = {"/", "\\", os.sep, os.altsep or "/"}
    if (
        not name.strip()
        or name in (".", "..")
        or any(sep in name for sep in seps)
        or "\x00" in name
        or name != name.strip()
    ):
        raise SettingsError(
            f"setting 'db_name' (PEM_DB_NAME) must be a file name inside the data folder, not a "
            f"path: {name!r}; set PEM_DATA_DIR to choose the folder"
        )
