"""Screenshots made by the app itself: `python scripts/export_screenshots.py [FOLDER]`.

Writes SVGs into the repository's `screenshots/` (main screen, claim signals with find,
search, help, the claims panel, the export dialog, a conflict over claims changed
elsewhere, the claims board), from the bundled collection unless a folder is given, at a
fixed terminal size. User settings, remembered positions and the user's claims are kept
out: the app runs with default config, a throwaway state folder, and a throwaway claim
store holding a few example claims.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # this tree's reader, also when it is not installed

SIZE = (120, 36)

Steps = Callable[["object"], Awaitable[None]]


async def _shoot(folder: Path, out: Path, name: str, steps: Steps, db: Path) -> Path:
    from reader.app.app import ReaderApp
    from reader.config import Config

    app = ReaderApp(folder, db, config=Config(), config_problems=[])
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
    app.main_screen.open_article(longest.id, 0)
    await pilot.pause()
    await pilot.press("s")
    await app.workers.wait_for_complete()
    await pilot.press("slash", *"AI", "enter", "j")


async def _search(pilot) -> None:
    await pilot.press("ctrl+k", *"percent")


async def _help(pilot) -> None:
    await pilot.press("f1")


async def _claims(pilot) -> None:
    await pilot.press("c")


async def _export(pilot) -> None:
    await pilot.press("x")


def example_claims(folder: Path, db: Path) -> None:
    """A few claims in the first article, found by their words, for the pictures."""
    from reader.claims.placing import find_quote, mark
    from reader.claims.store import ClaimStore
    from reader.collection import Collection

    collection = Collection.load(folder)
    article = collection.get(collection.ids[0])
    sentences = _sentences(article.text)
    wanted = (
        [
            (sentences[0], ("economy",), "Check the figure against the source."),
            (sentences[1], ("disputed", "economy"), ""),
            (sentences[3], (), ""),
        ]
        if len(sentences) >= 4
        else []
    )
    with ClaimStore.open(db) as store:
        for quote, tags, note in wanted:
            mark(store, article, *find_quote(article.text, quote), tags, note)


def board_claims(folder: Path, db: Path) -> None:
    """The claims of the board picture, tagged, in their own store."""
    from reader.claims.placing import find_quote, mark
    from reader.claims.store import ClaimStore
    from reader.collection import Collection
    from tests.board_claims import BOARD_CLAIMS  # (the board's tests mark the same claims)

    collection = Collection.load(folder)
    with ClaimStore.open(db) as store:
        for prefix, quote in BOARD_CLAIMS:
            try:
                article = collection.find(prefix)
                span = find_quote(article.text, quote)
            except (KeyError, LookupError, ValueError):
                continue  # another collection: the board shows what it has
            mark(store, article, *span, ("china-us",))


async def _board(pilot) -> None:
    await pilot.press("b")


async def shoot_board(folder: Path, out: Path, db: Path) -> Path:
    board_claims(folder, db)
    return await _shoot(folder, out, "board", _board, db)


async def _conflict(pilot) -> None:
    """What a save that meets another program's change asks (staged: no second program)."""
    from dataclasses import replace

    from reader.app.screens.conflict import ConflictScreen

    app = pilot.app
    claim = app.history.all_claims()[0]
    mine = replace(claim, note="Check this against the ministry's own figures.")
    # (A fixed id: claim ids are random, and the picture should change only with the screen.)
    reason = (
        f"{app.store_session.path}: claim 0c1f2e3d was changed by another program since it was read; nothing was saved"
    )
    app.push_screen(ConflictScreen([mine], reason))
    await pilot.pause()


def _sentences(text: str) -> list[str]:
    from reader.sentences import sentence_spans

    return [text[s:e] for s, e in sentence_spans(text)]


SHOTS: dict[str, Steps] = {
    "main": _main_screen,
    "signals-and-find": _signals,
    "search": _search,
    "help": _help,
    "claims": _claims,
    "export": _export,
    "conflict": _conflict,
}


async def make_all(folder: Path, out: Path, db: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    example_claims(folder, db)
    shots = [await _shoot(folder, out, name, steps, db) for name, steps in SHOTS.items()]
    return [*shots, await shoot_board(folder, out, db.with_name("board-claims.json"))]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    folder = Path(argv[0]) if argv else ROOT / "reader" / "bundled"
    out = ROOT / "screenshots"
    # The claim store and export folder are shown in the pictures: a fixed place, made anew.
    db_folder = Path(tempfile.gettempdir()) / "reader-screenshots"
    shutil.rmtree(db_folder, ignore_errors=True)
    with tempfile.TemporaryDirectory() as state:
        # Remembered positions and caches of this run stay out of the user's folders.
        os.environ["XDG_STATE_HOME"] = state
        os.environ["XDG_CACHE_HOME"] = state
        paths = asyncio.run(make_all(folder, out, db_folder / "claims.json"))
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
