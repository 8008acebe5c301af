"""The app on a really full disk: its store on a 64 KiB tmpfs (needs root and mount).

    python bench/bench_app_full_disk.py

Marks claims with long notes in the app (Pilot) until the tmpfs is full, then checks what
`tests/app/test_app_faults.py` checks with a simulated ENOSPC: the app says "No space left
on device", keeps the claim in memory, the store's files are unchanged and valid; then
frees room and saves the kept claim with the next change. Exit status 1 on a failure, 2
when a tmpfs can't be mounted here.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.isolation import isolate_user_dirs
from reader.app.app import ReaderApp
from reader.store import ClaimStore


def store_files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != "filler" and not p.name.endswith(".lock")
    }


async def drive(articles: Path, store: Path, filler: Path) -> str:
    app = ReaderApp(articles, store)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for number in range(1, 200):
            before = store_files(store.parent)
            await pilot.press("j", "h", *f"t{number}", "tab", *("n" * 400), "enter")
            await pilot.pause()
            if app.history.pending:
                break
        else:
            return "the disk never filled up"
        said = [n.message for n in app._notifications if "not saved" in n.message]
        assert said and "No space left on device" in said[-1], said
        assert store_files(store.parent) == before, (
            "a failed save changed the store's files"
        )
        for data in before.values():
            json.loads(data)
        kept = app.history.unsaved[0]
        print(
            f"disk full at claim {number}: said {said[-1][:90]!r}…; {len(before)} store files unchanged"
        )
        filler.unlink()
        await pilot.press("j", "h", *"after", "enter")
        await pilot.pause()
        assert not app.history.pending, app.history.last_error
    with ClaimStore.open(store, read_only=True) as opened:
        ids = {c.id for c in opened.all()}
    assert kept.id in ids, "the kept claim was not saved once there was room"
    print(
        f"room again: the kept claim and the next saved; {len(ids)} claims in the store"
    )
    return ""


def main() -> int:
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
            problem = asyncio.run(drive(articles, disk / "claims.json", filler))
        finally:
            subprocess.run(
                ["umount", "-l", str(disk)], check=False, capture_output=True
            )
    if problem:
        print("FAILED:", problem)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
