"""The Textual app. Importing this package is cheap: Textual loads only in `run_app`."""

from __future__ import annotations

from pathlib import Path


def run_app(articles_dir: Path | None, db_path: Path | None = None) -> None:
    """Open the collection in `articles_dir` (default: the config's folder) and run the app."""
    from reader.app.app import ReaderApp

    ReaderApp(articles_dir, db_path).run()


__all__ = ["run_app"]
