"""The Textual app. Importing this package is cheap: Textual loads only in `run_app`."""

from __future__ import annotations

from pathlib import Path


def run_app(articles_dir: Path | None, db_path: Path | None = None) -> None:
    """Open the collection in `articles_dir` (default: the config's folder) and run the app."""
    import gc

    # No cycle collection while starting: the app turns it back on after its first paint.
    gc.disable()
    try:
        from reader.app.app import ReaderApp

        ReaderApp(articles_dir, db_path).run()
    finally:
        gc.enable()


__all__ = ["run_app"]
