"""Where ntreader keeps its data, config and cache.

Defaults come from platformdirs (XDG on Linux); ``--data-dir`` or ``NTREADER_DATA_DIR`` put
everything (data, config, cache) under one folder instead, which is what tests and scripts want.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ENV_VAR = "NTREADER_DATA_DIR"


@dataclass(frozen=True)
class Paths:
    data: Path
    config: Path
    cache: Path

    @property
    def store_file(self) -> Path:
        return self.data / "ntreader.json"

    @property
    def user_dict(self) -> Path:
        return self.config / "userdict.txt"


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """The folders to use: ``data_dir`` if given, else $NTREADER_DATA_DIR, else platform defaults."""
    root = data_dir or os.environ.get(ENV_VAR)
    if root:
        base = Path(root).expanduser()
        return Paths(data=base, config=base / "config", cache=base / "cache")
    import platformdirs

    return Paths(
        data=Path(platformdirs.user_data_dir("ntreader", appauthor=False)),
        config=Path(platformdirs.user_config_dir("ntreader", appauthor=False)),
        cache=Path(platformdirs.user_cache_dir("ntreader", appauthor=False)),
    )
