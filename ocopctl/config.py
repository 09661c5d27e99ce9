"""A plan repository's configuration: ``.ocopctl.yaml`` or ``[tool.ocopctl]`` in ``pyproject.toml``.

The file is found by walking up from the paths given (or the working folder) to the
repository root (the folder holding ``.git``). Values come, in increasing precedence,
from the defaults, the file and the command line; ``Effective.sources`` says which.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ocopctl import i18n
from ocopctl.diagnostics import Severity
from ocopctl.i18n import _
from ocopctl.limits import YEAR_MAX, YEAR_MIN
from ocopctl.loader import YamlProblem, read_yaml
from ocopctl.policy import UNREADABLE, Policy

CONFIG_FILES = (".ocopctl.yaml", ".ocopctl.yml")
FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")
_CODE = re.compile(r"^OC[0-9]{1,3}$")


class ConfigError(Exception):
    """A configuration that cannot be used; the message is one line."""


class Settings(BaseModel):
    """The keys a configuration may set (written with ``-`` or ``_``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    paths: list[str] = Field(default_factory=lambda: ["plans"], description="what validate checks by default")
    select: list[str] = Field(default_factory=list, description="only these codes or prefixes (OC5)")
    ignore: list[str] = Field(default_factory=list, description="never these codes or prefixes")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict, description="a code's severity, instead of its registered one")
    per_file_ignores: dict[str, list[str]] = Field(
        default_factory=dict, description="glob (relative to the configuration's folder) -> codes or prefixes")
    today: date | None = Field(None, description="the date time-dependent checks use (default: the clock)")
    strict: bool = Field(False, description="warnings fail too")
    format: Literal["text", "json", "github", "sarif", "junit", "markdown"] = "text"
    expiry_window_days: int = Field(90, ge=0, le=3650, description="warn about certificates lapsing this soon")
    lang: Literal["vi", "en"] | None = Field(
        None, description="language of messages and reports (--lang and OCOPCTL_LANG are read too)")

    @field_validator("today", mode="before")
    @classmethod
    def _day(cls, value: Any) -> Any:
        if isinstance(value, str):
            return parse_date(value)
        return value


def key_name(field_name: str) -> str:
    return field_name.replace("_", "-")


KEYS = tuple(key_name(k) for k in Settings.model_fields)


def parse_date(text: str) -> date:
    """``2018-10-15`` or ``15/10/2018``, within the years ocopctl reads; ``ValueError`` otherwise."""
    text = text.strip()
    m = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})", text)
    try:
        day = date(int(m[3]), int(m[2]), int(m[1])) if m else date.fromisoformat(text)
    except ValueError:
        raise ValueError(_("{text} is not a date; write it as 2018-10-15 or 15/10/2018").format(
            text=repr(text))) from None
    if not YEAR_MIN.value <= day.year <= YEAR_MAX.value:
        raise ValueError(_("{text} is outside the dates ocopctl reads; give a date from {first} to {last}").format(
            text=repr(text), first=f"{YEAR_MIN.value}-01-01", last=f"{YEAR_MAX.value}-12-31"))
    return day


@dataclass
class Effective:
    """The settings in force and, for each key, where its value came from."""

    settings: Settings = field(default_factory=Settings)
    sources: dict[str, str] = field(default_factory=lambda: dict.fromkeys(KEYS, "default"))
    file: Path | None = None

    @property
    def folder(self) -> Path | None:
        """What per-file-ignores globs and ``paths`` are relative to."""
        return self.file.parent if self.file else None

    def override(self, source: str, **values: Any) -> Effective:
        """These settings with ``values`` (those not None) set, from ``source`` (the command line)."""
        given = {k: v for k, v in values.items() if v is not None}
        if not given:
            return self
        data = self.settings.model_dump()
        data.update(given)
        sources = dict(self.sources)
        for k in given:
            sources[key_name(k)] = source
        return Effective(Settings.model_validate(data), sources, self.file)


def find_config(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start``, not above the repository root."""
    folder = start.resolve()
    if not folder.is_dir():
        folder = folder.parent
    for here in (folder, *folder.parents):
        for name in CONFIG_FILES:
            if (here / name).is_file():
                return here / name
        pyproject = here / "pyproject.toml"
        if pyproject.is_file() and _has_tool_section(pyproject):
            return pyproject
        if (here / ".git").exists():
            return None
    return None


def _has_tool_section(path: Path) -> bool:
    try:
        return "ocopctl" in _read_toml(path).get("tool", {})
    except ConfigError:
        return True  # report the broken file rather than walk past it


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except OSError as exc:
        raise ConfigError(_("cannot read {path}: {reason}").format(path=repr(str(path)), reason=exc.strerror)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def read_config(path: Path, known_codes: set[str]) -> Effective:
    """The settings of one configuration file; ``ConfigError`` for anything wrong in it."""
    if path.name == "pyproject.toml":
        raw = _read_toml(path).get("tool", {}).get("ocopctl", {})
        where = f"{path} [tool.ocopctl]"
    else:
        try:
            raw = read_yaml(path)
        except YamlProblem as exc:
            at = f":{exc.line}:{exc.column}" if exc.line else ""
            raise ConfigError(f"{path}{at}: {i18n.localized(exc.message)}") from None
        except OSError as exc:
            raise ConfigError(_("cannot read {path}: {reason}").format(path=repr(str(path)),
                                                                        reason=exc.strerror)) from None
        where = str(path)
        if raw is None:
            raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(_("{where}: the configuration must be a mapping of keys").format(where=where))
    data: dict[str, Any] = {}
    for key, value in raw.items():
        name = str(key).replace("-", "_")
        if name not in Settings.model_fields:
            close = difflib.get_close_matches(str(key).replace("_", "-"), KEYS, n=1, cutoff=0.6)
            hint = (_("did you mean {key}?").format(key=repr(close[0])) if close
                    else _("known keys: {keys}").format(keys=", ".join(KEYS)))
            raise ConfigError(_("{where}: unknown key {key}; {hint}").format(where=where, key=repr(key), hint=hint))
        data[name] = value
    try:
        settings = Settings.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = ".".join(key_name(str(p)) if i == 0 else str(p) for i, p in enumerate(err["loc"]))
        message = err["msg"].removeprefix("Value error, ")
        raise ConfigError(f"{where}: {loc}: {message}") from None
    check_codes(settings, known_codes, where)
    sources = {k: (where if k.replace("-", "_") in data else "default") for k in KEYS}
    return Effective(settings, sources, path)


def check_codes(settings: Settings, known: set[str], where: str) -> None:
    """Every code or prefix named must name a registered code."""

    def one(code: str, key: str, prefix: bool) -> None:
        if not _CODE.match(code) or not (any(k.startswith(code) for k in known) if prefix else code in known):
            close = difflib.get_close_matches(code, sorted(known), n=1, cutoff=0.6)
            hint = (_("did you mean {code}?").format(code=repr(close[0])) if close
                    else _("'ocopctl checks' lists the codes"))
            wrong = (_("{code} is not a code or prefix") if prefix else _("{code} is not a code")).format(
                code=repr(code))
            raise ConfigError(f"{where}: {key}: {wrong}; {hint}")

    for key, codes in (("select", settings.select), ("ignore", settings.ignore),
                       *((f"per-file-ignores.{g}", c) for g, c in settings.per_file_ignores.items())):
        for code in codes:
            one(code, key, True)
    for code in settings.severity:
        one(code, "severity", False)
        if code in UNREADABLE:
            raise ConfigError(_("{where}: severity: {code} means a file could not be read; it stays an error").format(
                where=where, code=code))


def load(paths: list[Path], config: Path | None, isolated: bool, known_codes: set[str]) -> Effective:
    """The configuration for a run over ``paths``: ``config`` if given, none if ``isolated``,
    otherwise the nearest file above the first path (or the working folder)."""
    if isolated:
        return Effective()
    if config is not None:
        if not config.is_file():
            raise ConfigError(_("--config {path} is not a file").format(path=repr(str(config))))
        return read_config(config, known_codes)
    found = find_config(paths[0] if paths else Path.cwd())
    return read_config(found, known_codes) if found else Effective()


def policy(effective: Effective) -> Policy:
    s = effective.settings
    return Policy(tuple(s.select), tuple(s.ignore), {c: Severity.parse(v) for c, v in s.severity.items()},
                  {g: tuple(c) for g, c in s.per_file_ignores.items()}, effective.folder or Path.cwd())
