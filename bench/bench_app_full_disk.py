"""The app on a really full disk: its store on a 64 KiB tmpfs (needs root and mount).

    python bench/bench_app_full_disk.py

Marks claims with long notes in the app (Pilot) until the tmpfs is full, then checks what
`tests/app/test_app_faults.py` checks with a simulated ENOSPC: the app says "No space left
on device", keeps the claim in memory, the store's files are unchanged and valid; then
frees room and checks that the kept claim is saved by the app's own retry (every
`RETRY_EVERY` seconds here), then that the next change saves too. Exit status 1 on a failure
(or when it takes over `DEADLINE` seconds), 2 when a tmpfs can't be mounted here.

Each claim's tags are typed key by key, its long note pasted (one bracketed-paste event):
Pilot waits for the app to go idle twice after every key (at least 40 ms, about 65 ms
here), so typing 400 characters a claim made the run take about four minutes before
the disk filled at claim 9, which looked like a hang under a 90-120 s timeout.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from textual import events

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.isolation import isolate_user_dirs  # noqa: E402 (after the path is set)
from reader.app.app import ReaderApp  # noqa: E402 (after the path is set)
from reader.claims.store import ClaimStore  # noqa: E402 (after the path is set)

NOTE = "n" * 400  # long notes fill the 24 KiB left in about ten claims
DEADLINE = 120.0  # seconds; a run takes about 10
RETRY_EVERY = 0.5  # seconds between the app's retries (15 in use), so the run is quick


def store_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "filler" and not p.name.endswith(".lock")
    }


async def mark(pilot, app: ReaderApp, tags: str, note: str) -> str:
    """Mark the next sentence as a claim with `tags` (typed) and `note` (pasted); "" or
    what went wrong (a prompt that did not open or did not close)."""
    await pilot.press("j", "h")
    await pilot.pause()
    if app.screen is app.screen_stack[0]:
        return "h did not open the claim prompt"
    await pilot.press(*tags, "tab")
    if note:
        app._driver.send_message(events.Paste(note))  # as a terminal's bracketed paste
        await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    if app.screen is not app.screen_stack[0]:
        return f"the claim prompt stayed open ({app.screen!r})"
    return ""


async def drive(articles: Path, store: Path, filler: Path) -> str:
    app = ReaderApp(articles, store)
    app.RETRY_SAVING_EVERY = RETRY_EVERY
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for number in range(1, 200):
            before = store_files(store.parent)
            if problem := await mark(pilot, app, f"t{number}", NOTE):
                return f"claim {number}: {problem}"
            if app.history.pending:
                break
        else:
            return "the disk never filled up"
        said = [n.message for n in app._notifications if "not saved" in n.message]
        assert said and "No space left on device" in said[-1], said
        assert store_files(store.parent) == before, "a failed save changed the store's files"
        for data in before.values():
            json.loads(data)
        kept = app.history.unsaved[0]
        assert kept.note == NOTE, f"the pasted note was not kept whole: {kept.note[:40]!r}"
        reason = app.history.last_error.replace(str(store.parent), "<tmpfs>")
        print(f"disk full at claim {number}: said {reason!r}; {len(before)} store files unchanged")
        filler.unlink()
        await pilot.pause(4 * RETRY_EVERY)
        assert not app.history.pending, f"not saved by the retries: {app.history.last_error}"
        with ClaimStore.open(store, read_only=True) as opened:
            assert kept.id in {c.id for c in opened.all()}, "the retry did not store the kept claim"
        print(f"room again: the kept claim saved by the app's retry within {4 * RETRY_EVERY:g} s")
        if problem := await mark(pilot, app, "after", ""):
            return f"after freeing room: {problem}"
        assert not app.history.pending, app.history.last_error
    with ClaimStore.open(store, read_only=True) as opened:
        ids = {c.id for c in opened.all()}
    assert kept.id in ids, "the kept claim was not saved once there was room"
    print(f"and the next change saved too; {len(ids)} claims in the store")
    return ""


_running: asyncio.Task | None = None  # the run, while the app is up


def _terminated(signum, frame) -> None:
    # `timeout` sends SIGTERM, which would end the process without the `finally` below
    # and leave the tmpfs mounted. While the app runs, cancel the run (the app exits as
    # it does on ctrl+c, which `asyncio.run` turns into the same cancellation); outside
    # it, raise as ctrl+c does.
    if _running is not None and not _running.done():
        _running.get_loop().call_soon_threadsafe(_running.cancel)
    else:
        raise KeyboardInterrupt(f"signal {signum}")


async def run(articles: Path, store: Path, filler: Path) -> str:
    global _running
    _running = asyncio.current_task()
    try:
        return await asyncio.wait_for(drive(articles, store, filler), DEADLINE)
    except TimeoutError:
        return f"no result within {DEADLINE:.0f} s"
    finally:
        _running = None


def unmount(disk: Path) -> None:
    for command in (["umount", str(disk)], ["umount", "-l", str(disk)]):
        done = subprocess.run(command, check=False, capture_output=True, text=True)
        if not done.returncode:
            return
    print(f"could not unmount {disk}: {done.stderr.strip()}", file=sys.stderr)


def main() -> int:
    signal.signal(signal.SIGTERM, _terminated)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="reader-full-") as name:
        folder = Path(name)
        isolate_user_dirs(folder)
        articles = folder / "articles"
        shutil.copytree(ROOT / "articles", articles)
        disk = folder / "disk"
        disk.mkdir()
        mounted = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)],
            check=False,
            capture_output=True,
            text=True,
        )
        if mounted.returncode:
            print("cannot mount a tmpfs here:", mounted.stderr.strip())
            return 2
        try:
            filler = disk / "filler"
            filler.write_bytes(b"x" * 40 * 1024)
            problem = asyncio.run(run(articles, disk / "claims.json", filler))
        except (asyncio.CancelledError, KeyboardInterrupt):
            problem = "interrupted"
        finally:
            # After the app has exited (`asyncio.run` returned or was interrupted).
            unmount(disk)
    print(f"{time.perf_counter() - started:.1f} s")
    if problem:
        print("FAILED:", problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
