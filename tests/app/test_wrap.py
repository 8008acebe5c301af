"""The fast wrap gives exactly Textual's wrap offsets, so lines render the same."""

from __future__ import annotations

import pytest
from textual._cells import cell_len
from textual._wrap import compute_wrap_offsets

from reader.app.widgets.offset_map import OffsetMap
from reader.app.widgets.wrapping import _one_cell_line, fast_wrap_offsets

LINES = [
    "",
    " ",
    "a" * 200,
    "word " + "x" * 150 + " tail",
    "  lead  spaces   here " * 10,
    "ab  " * 40,
    "àéî ΑΒΓ Жж — – “quoted” ‘single’ … € £ ¥ → ■ ½ done. " * 4,
    "China spent 5.16 trillion yuan, 83 percent more, officials said. " * 6,
]


@pytest.mark.parametrize("width", [1, 2, 5, 10, 37, 60, 77, 80, 120])
def test_fast_wrap_equals_textual(width: int) -> None:
    for line in LINES:
        assert _one_cell_line(line)
        assert fast_wrap_offsets(line, width) == compute_wrap_offsets(line, width, tab_size=4)


def test_one_cell_check() -> None:
    assert not _one_cell_line("漢字")
    assert not _one_cell_line("e\u0301")  # a combining accent takes no cell
    assert not _one_cell_line("😀")
    for code in range(0x20, 0x3000):
        if _one_cell_line(chr(code)):
            assert cell_len(chr(code)) == 1, hex(code)


def test_offset_map_round_trip() -> None:
    text = "First para.\n\nSecond 漢字 para.\n\nThird."
    offsets = OffsetMap.of(text)
    for offset in range(len(text) + 1):
        assert offsets.offset(offsets.location(offset)) == offset
    assert offsets.location(text.index("Second")) == (2, 0)
    spans = offsets.by_row([(5, text.index("Third") + 2, "x")])
    assert set(spans) == {0, 2, 4}  # the blank lines between have nothing to style
    assert spans[0] == [(5, 11, "x")] and spans[4] == [(0, 2, "x")]


def test_fast_wrap_equals_textual_on_random_lines() -> None:
    import random

    rng = random.Random(7)
    for _ in range(400):
        words = [
            "".join(rng.choice("abcdé—“”.,") for _ in range(rng.randint(1, 14))) for _ in range(rng.randint(1, 60))
        ]
        line = "".join(word + " " * rng.choice([0, 1, 1, 1, 2, 5]) for word in words)
        if rng.random() < 0.2:
            line = " " * rng.randint(1, 4) + line
        width = rng.randint(3, 90)
        assert fast_wrap_offsets(line, width) == compute_wrap_offsets(line, width, tab_size=4), (line, width)
