"""The terminal clipboard end to end: with no system clipboard, `y` in the real app sends
the claim through OSC 52, and tmux (set-clipboard on) receives it in its paste buffer."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reader.cli import main

QUOTE = "A new wave of artificial intelligence is sweeping across global industries"

pytestmark = pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux")


def wait_for(predicate, timeout: float = 20.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.1)
    return False


def test_y_sends_the_claim_through_osc52_into_tmux(articles_dir: Path, tmp_path: Path, capsys) -> None:
    db = tmp_path / "claims.json"
    assert (
        main(
            [
                "--articles",
                str(articles_dir),
                "--db",
                str(db),
                "annotate",
                "000_7feee96b41956d04/the-dual",
                "--quote",
                QUOTE,
                "--tag",
                "osc",
            ]
        )
        == 0
    )
    capsys.readouterr()
    socket = f"reader-osc-{os.getpid()}"

    def tmux(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(["tmux", "-L", socket, "-f", "/dev/null", *args], capture_output=True, text=True)

    # No DISPLAY: pyperclip has no clipboard, so the app must fall back to OSC 52.
    command = " ".join(
        [
            "env -u DISPLAY -u WAYLAND_DISPLAY -u COLUMNS -u LINES",
            f"XDG_STATE_HOME={shlex.quote(str(tmp_path / 'state'))}",
            f"XDG_CONFIG_HOME={shlex.quote(str(tmp_path / 'config'))}",
            f"XDG_CACHE_HOME={shlex.quote(str(tmp_path / 'cache'))}",
            shlex.quote(sys.executable),
            "-m",
            "reader",
            "--articles",
            shlex.quote(str(articles_dir)),
            "--db",
            shlex.quote(str(db)),
        ]
    )
    assert tmux("new-session", "-d", "-s", "r", "-x", "120", "-y", "40", command).returncode == 0
    try:
        tmux("set-option", "-g", "set-clipboard", "on")  # the server exists now; the app is starting
        assert wait_for(lambda: "13 articles" in tmux("capture-pane", "-p", "-t", "r").stdout), "app did not start"
        tmux("send-keys", "-t", "r", "y")
        assert wait_for(lambda: QUOTE in tmux("show-buffer").stdout), tmux("capture-pane", "-p", "-t", "r").stdout
        # ...and it says which clipboard it used.
        assert wait_for(lambda: "OSC 52" in tmux("capture-pane", "-p", "-t", "r").stdout), tmux(
            "capture-pane", "-p", "-t", "r"
        ).stdout
        assert tmux("show-buffer").stdout.startswith("> " + QUOTE)
    finally:
        tmux("kill-server")
