"""Screenshots made by the app itself: `python -m reader.screenshots [FOLDER]`.

Writes SVGs into `screenshots/` (main screen, claim signals with find, search, help), from
the bundled collection unless a folder is given, at a fixed terminal size. User settings
and remembered positions are kept out: the app runs with default config and a throwaway
state folder.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

SIZE = (120, 36)

Steps = Callable[["object"], Awaitable[None]]


async def _shoot(folder: Path, out: Path, name: str, steps: Steps) -> Path:
    from reader.app.app import ReaderApp
    from reader.config import Config

    app = ReaderApp(folder, config=Config(), config_problems=[])
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await steps(pilot)
        await app.workers.wait_for_complete()
        await pilot.pause()
        path = Path(app.save_screenshot(filename=f"{name}.svg", path=str(out)))
    return path


async def _main_screen(pilot) -> None:
    await pilot.press("right_square_bracket", "j", "j")


async def _signals(pilot) -> None:
    app = pilot.app
    longest = max(app.library.articles(), key=lambda a: len(a.text))
    app.open_article(longest.id, 0)
    await pilot.pause()
    await pilot.press("s")
    await app.workers.wait_for_complete()
    await pilot.press("slash", *"AI", "enter", "j")


async def _search(pilot) -> None:
    await pilot.press("ctrl+k", *"percent")


async def _help(pilot) -> None:
    await pilot.press("f1")


SHOTS: dict[str, Steps] = {
    "main": _main_screen,
    "signals-and-find": _signals,
    "search": _search,
    "help": _help,
}


async def make_all(folder: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [await _shoot(folder, out, name, steps) for name, steps in SHOTS.items()]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else Path(__file__).resolve().parent / "bundled"
    out = Path("screenshots")
    with tempfile.TemporaryDirectory() as state:
        # Remembered positions and caches of this run stay out of the user's folders.
        os.environ["XDG_STATE_HOME"] = state
        os.environ["XDG_CACHE_HOME"] = state
        paths = asyncio.run(make_all(folder, out))
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
