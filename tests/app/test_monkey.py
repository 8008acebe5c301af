"""Monkey test: 600 random keys and mouse actions from the app's bindings, fixed seed.

On the bundled articles plus odd files (binary, empty, markup and escapes, CJK, Latin-1).
Every 25 actions and at the end: no exception in the app, the store's files are valid
JSON, every stored claim belongs to an article of the collection. At the end the app quits
with q, leaves no `.*.tmp` files and the store opens cleanly for writing. The driver is in
`tests/app/monkey.py`; `bench/bench_monkey.py` runs it longer, with several seeds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from . import monkey

SEED = 1234
ACTIONS = 600


async def test_monkey(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an export path typed as relative lands here
    monkeypatch.setattr("reader.clipboard.pyperclip.copy", monkey.no_system_clipboard)
    try:
        result = await monkey.run_monkey(tmp_path, SEED, ACTIONS)
    except BaseException:
        log = monkey.last_result.log if monkey.last_result else []
        print(f"seed {SEED}, failed after {len(log)} actions; last ones:\n" + "\n".join(log[-30:]))
        raise
    assert result.actions == ACTIONS
    assert result.checks == ACTIONS // monkey.CHECK_EVERY
