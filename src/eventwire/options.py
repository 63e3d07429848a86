"""`Options`: the settings of a run, from the packaged, commented `data/options.toml` laid under a user
file (`Options.load(path)`, `--options FILE` or `$EVENTWIRE_OPTIONS`).

Settings are not knowledge: what the coder knows (actors, places, trigger words) lives in the data files
that `Resources` loads; how it runs (batch sizes, limits, windows) lives here.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eventwire.datafiles import DATA_DIR
from eventwire.errors import OptionsError

OPTIONS_ENV = "EVENTWIRE_OPTIONS"
DEFAULTS_FILE = DATA_DIR / "options.toml"


@dataclass(frozen=True, slots=True)
class Options:
    batch_size: int = 16  # [pipeline]
    n_process: int = 1  # [pipeline]
    write_batch: int = 32  # [ingest]

    # option name -> its [section] in the TOML file
    SECTIONS = {"batch_size": "pipeline", "n_process": "pipeline", "write_batch": "ingest"}

    @classmethod
    def load(cls, path: str | os.PathLike | None = None) -> Options:
        """The packaged defaults, then `path` (else `$EVENTWIRE_OPTIONS`, if set) over them."""
        values = _read(DEFAULTS_FILE)
        user = path if path is not None else os.environ.get(OPTIONS_ENV)
        if user:
            values.update(_read(Path(user)))
        return cls(**values)

    def replace(self, **changes: Any) -> Options:
        return dataclasses.replace(self, **changes)


def _read(path: Path) -> dict[str, Any]:
    try:
        with open(path, "rb") as fh:
            document = tomllib.load(fh)
    except OSError as exc:
        raise OptionsError(str(path), f"cannot open: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise OptionsError(str(path), f"not TOML: {exc}") from exc
    types = {f.name: f.type for f in dataclasses.fields(Options)}
    values: dict[str, Any] = {}
    for section, table in document.items():
        if not isinstance(table, dict):
            raise OptionsError(str(path), f"{section}: expected a [section] of options")
        for key, value in table.items():
            if Options.SECTIONS.get(key) != section:
                known = ", ".join(f"[{s}] {k}" for k, s in Options.SECTIONS.items())
                raise OptionsError(str(path), f"unknown option [{section}] {key} (known: {known})")
            if types[key] == "int" and (not isinstance(value, int) or isinstance(value, bool) or value < 1):
                raise OptionsError(str(path), f"[{section}] {key} must be a whole number >= 1, not {value!r}")
            values[key] = value
    return values
