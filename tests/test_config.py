"""The config file: defaults when missing, messages naming file and line when broken."""

from __future__ import annotations

from pathlib import Path

from reader.config import Config, config_path, load_config


def write(text: str) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_config_gives_defaults(tmp_path: Path) -> None:
    config, problems = load_config()
    assert problems == []
    assert (config.theme, config.articles, config.signals, config.keys) == (None, None, False, {})
    # The user config dir is redirected into the test's temporary folder.
    assert tmp_path in config_path().parents


def test_full_config() -> None:
    write(
        'theme = "nord"\narticles = "~/news"\nsignals = true\n'
        '[keys]\n"article.next" = "ctrl+n"\n"find" = ["ctrl+f", "slash"]\n'
    )
    config, problems = load_config()
    assert problems == []
    assert config.theme == "nord"
    assert config.articles == Path("~/news").expanduser()
    assert config.signals is True
    assert config.keys == {"article.next": "ctrl+n", "find": "ctrl+f,slash"}


def test_broken_toml_names_file_and_line() -> None:
    path = write('theme = "nord"\nsignals = tru\n')
    config, problems = load_config()
    assert config == Config(path=path)
    assert len(problems) == 1
    assert str(path) in problems[0]
    assert "line 2" in problems[0]


def test_bad_values_are_skipped_one_by_one() -> None:
    write('theme = 3\nsignals = "yes"\ncolour = "red"\n[keys]\nquit = 5\nfind = "ctrl+f"\n')
    config, problems = load_config()
    assert config.keys == {"find": "ctrl+f"}
    assert config.theme is None and config.signals is False
    assert len(problems) == 4
    assert any("colour" in p for p in problems)


def test_not_utf8() -> None:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b'theme = "\xff"\n')
    _, problems = load_config()
    assert problems and str(path) in problems[0]
