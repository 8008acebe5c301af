"""The clipboard: pyperclip first, the terminal's OSC 52 when there is no system clipboard."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

import pyperclip
import pytest

from reader.notes.clipboard import SYSTEM, TERMINAL, ClipboardUnavailable, copy


def no_display(_text: str) -> None:
    raise pyperclip.PyperclipException("Pyperclip could not find a copy/paste mechanism for your system.")


def test_system_clipboard_is_used_when_there_is_one(monkeypatch) -> None:
    seen = []
    monkeypatch.setattr(pyperclip, "copy", seen.append)
    assert copy("quote").via == SYSTEM and seen == ["quote"]


def test_terminal_fallback_when_pyperclip_has_no_clipboard(monkeypatch) -> None:
    monkeypatch.setattr(pyperclip, "copy", no_display)
    sent = []
    result = copy("a claim", fallback=sent.append)
    assert (result.via, result.characters, sent) == (TERMINAL, 7, ["a claim"])


def test_no_clipboard_at_all_is_said_not_silent(monkeypatch) -> None:
    monkeypatch.setattr(pyperclip, "copy", no_display)
    with pytest.raises(ClipboardUnavailable, match="no system clipboard"):
        copy("x")

    def broken(_text: str) -> None:
        raise OSError("terminal gone")

    with pytest.raises(ClipboardUnavailable, match="terminal gone"):
        copy("x", fallback=broken)


@pytest.mark.skipif(not (shutil.which("Xvfb") and shutil.which("xclip")), reason="needs Xvfb and xclip")
def test_real_clipboard_under_xvfb(tmp_path) -> None:
    display = ":97"
    server = subprocess.Popen(["Xvfb", display, "-nolisten", "tcp"], stderr=subprocess.DEVNULL)
    try:
        time.sleep(0.8)
        env = {**os.environ, "DISPLAY": display}
        result = tmp_path / "via.txt"
        script = (
            f"from reader.notes.clipboard import copy; open({str(result)!r}, 'w').write(copy('claim über Xvfb').via)"
        )
        # xclip stays behind to serve the selection: keep it off our pipes so run() returns.
        subprocess.run(
            [sys.executable, "-c", script], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=20
        )
        assert result.read_text() == SYSTEM
        pasted = subprocess.run(
            ["xclip", "-selection", "clipboard", "-o"], env=env, capture_output=True, text=True, timeout=10
        )
        assert pasted.stdout == "claim über Xvfb"
    finally:
        server.terminate()
        server.wait()
