"""The user's settings: a TOML file in the user config directory.

    theme = "nord"                 # any Textual theme name
    articles = "~/research/news"   # the folder `reader` opens by default
    signals = true                 # claim signals shown at start

    [keys]                         # binding id = keys (comma-separated)
    "article.next" = "right_square_bracket,ctrl+n"

A missing file means defaults. A broken file never stops the app either: `load_config`
returns the defaults plus a message naming the file and, when TOML says so, the line.
Plain Python: the app applies these (theme, `App.set_keymap`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from platformdirs import user_config_path


def config_path() -> Path:
    return user_config_path("reader") / "config.toml"


@dataclass
class Config:
    theme: str | None = None
    articles: Path | None = None
    signals: bool = False
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def load_config(path: Path | None = None) -> tuple[Config, list[str]]:
    """The settings in `path` (default: the user config file), and any problems found.

    Each problem is one readable sentence naming the file; a bad value is skipped on its
    own, so one typo does not throw away the rest of the file.
    """
    path = path or config_path()
    config = Config(path=path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return config, []
    except OSError as error:
        return config, [f"{path}: could not be read ({error.strerror or error}); using defaults."]
    import tomllib  # only when there is a file to read

    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        return config, [f"{path}: not UTF-8 text; using defaults."]
    except tomllib.TOMLDecodeError as error:
        # tomllib's message carries the place: "... (at line 3, column 7)".
        return config, [f"{path}: {error}; using defaults."]

    problems: list[str] = []

    def bad(key: str, expected: str) -> None:
        problems.append(f"{path}: {key!r} should be {expected}; ignored.")

    theme = data.get("theme")
    if theme is not None:
        if isinstance(theme, str) and theme:
            config.theme = theme
        else:
            bad("theme", "a theme name")
    articles = data.get("articles")
    if articles is not None:
        if isinstance(articles, str) and articles:
            config.articles = Path(articles).expanduser()
        else:
            bad("articles", "a folder path")
    signals = data.get("signals")
    if signals is not None:
        if isinstance(signals, bool):
            config.signals = signals
        else:
            bad("signals", "true or false")
    keys = data.get("keys")
    if keys is not None:
        if isinstance(keys, dict):
            for binding_id, value in keys.items():
                if isinstance(value, str) and value.strip():
                    config.keys[binding_id] = value
                elif isinstance(value, list) and value and all(isinstance(v, str) for v in value):
                    config.keys[binding_id] = ",".join(value)
                else:
                    bad(f"keys.{binding_id}", "a key or a list of keys")
        else:
            bad("keys", "a table of binding id = keys")
    unknown = sorted(set(data) - {"theme", "articles", "signals", "keys"})
    if unknown:
        problems.append(f"{path}: unknown setting(s) {', '.join(unknown)}; ignored.")
    return config, problems


__all__ = ["Config", "config_path", "load_config"]
