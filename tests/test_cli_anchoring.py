"""Issue 17 through the command line: `reader annotate`, the article file rewritten, then
`reader claims --json`, whose `start`/`end` must cut the claim's words out of the text
`reader show --json` gives now; `reader export` uses the same places."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.cli import main

COUNCIL = """# Council weighs the parking budget

By A. Reporter

The council met on Monday to discuss the budget for the coming year.

Revenue from parking fell by 12 percent last year, the treasurer said, citing the new bus lanes. Several members asked whether the lanes were to blame for the loss of income.

The mayor said the figures would be reviewed before the next meeting of the council. Residents who spoke at the meeting were divided.

A decision is expected in March, after a public consultation.
"""
FIGURE = "Revenue from parking fell by 12 percent last year, the treasurer said, citing the new bus lanes."

BEIJING = """# 北京公交新线路明年开通

北京（新华社）市政府周一宣布，新的公交线路将于明年开通。交通局长表示（据初步估计），每天将有约五万名乘客使用这些线路。部分居民对噪音表示担忧。

市政府表示，线路的具体走向将在下个月公布。
"""


def _inserted_before(raw: str) -> str:
    return raw.replace("The council met", "Editor's note: this story was updated on Tuesday.\n\nThe council met")


def _edited_with_copy(raw: str) -> str:
    return raw.replace("12 percent", "14 percent") + "\nCorrection: an earlier version said: " + FIGURE + "\n"


def _corrected_with_twin(raw: str) -> str:
    twin = FIGURE.replace("12 percent", "13 percent")
    return raw.replace("12 percent", "9.5 percent") + "\nIn a later statement it was repeated that " + twin + "\n"


def _long_insertion(raw: str) -> str:
    return raw.replace(
        "last year, ", "last year, a drop that officials had not expected and that the opposition called alarming, "
    )


def _ascii_brackets(raw: str) -> str:
    return raw.replace("（", "(").replace("）", ")").replace("，", ",")


def _rewritten(raw: str) -> str:
    return raw.replace(FIGURE, "Parking income dropped sharply, according to the town's treasurer.")


def _deleted(raw: str) -> str:
    return raw.replace(FIGURE + " ", "")


# (file, its text, the quote marked, the edit, the words the claim must stand on after it;
# None: an orphan)
KINDS: dict[str, tuple[str, str, str, Callable[[str], str], str | None]] = {
    "text inserted before": ("council.txt", COUNCIL, FIGURE, _inserted_before, FIGURE),
    "quote edited, exact copy elsewhere": (
        "council.txt",
        COUNCIL,
        FIGURE,
        _edited_with_copy,
        FIGURE.replace("12", "14"),
    ),
    "corrected figure, near-duplicate elsewhere": (
        "council.txt",
        COUNCIL,
        FIGURE,
        _corrected_with_twin,
        FIGURE.replace("12", "9.5"),
    ),
    "long insertion inside a long quote": ("council.txt", COUNCIL, FIGURE, _long_insertion, _long_insertion(FIGURE)),
    "full-width to ASCII brackets (CJK)": (
        "beijing.txt",
        BEIJING,
        "（据初步估计），",
        _ascii_brackets,
        "(据初步估计),",
    ),
    "a rewrite": ("council.txt", COUNCIL, FIGURE, _rewritten, None),
    "a deletion": ("council.txt", COUNCIL, FIGURE, _deleted, None),
}


def run(capsys, articles: Path, *args: str) -> str:
    code = main(["--articles", str(articles), *args])
    out, err = capsys.readouterr()
    assert code == 0, err
    return out


def rewrite(file: Path, text: str) -> None:
    """Write the file as an editor would; its time moves on (the cache keys on it)."""
    before = file.stat().st_mtime_ns
    file.write_text(text, "utf-8")
    os.utime(file, ns=(before + 5 * 10**9, before + 5 * 10**9))


def annotated(capsys, tmp_path: Path, name: str, raw: str, quote: str) -> tuple[Path, dict]:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / name).write_text(raw, "utf-8")
    article = json.loads(run(capsys, articles, "list", "--json"))[0]["id"]
    claim = json.loads(run(capsys, articles, "annotate", article, "--quote", quote, "--tag", "t"))
    return articles, claim


@pytest.mark.parametrize("kind", list(KINDS))
def test_claims_json_gives_current_offsets_into_show_json(capsys, tmp_path: Path, kind: str) -> None:
    name, raw, quote, edit, words_now = KINDS[kind]
    articles, claim = annotated(capsys, tmp_path, name, raw, quote)
    rewrite(articles / name, edit(raw))
    [row] = json.loads(run(capsys, articles, "claims", "--json"))
    text = json.loads(run(capsys, articles, "show", claim["article"], "--json"))["text"]
    assert row["id"] == claim["id"] and row["quote"] == quote  # the words marked are kept
    if words_now is None:
        assert row["status"] == "orphan" and row["start"] is None and row["end"] is None
        assert "text_now" not in row
        return
    assert row["status"] == "moved"
    assert text[row["start"] : row["end"]] == words_now
    if words_now == quote:
        assert "text_now" not in row
    else:
        assert row["text_now"] == words_now
    if kind == "quote edited, exact copy elsewhere":
        assert row["start"] < text.index("Correction")  # the edited original, not the copy


def test_listing_saves_nothing_and_says_so_again_next_time(capsys, tmp_path: Path) -> None:
    articles, claim = annotated(capsys, tmp_path, "council.txt", COUNCIL, FIGURE)
    store = articles / ".reader"
    before = {p: p.read_bytes() for p in store.rglob("*.json")}
    rewrite(articles / "council.txt", _edited_with_copy(COUNCIL))
    first = run(capsys, articles, "claims", "--json")
    assert {p: p.read_bytes() for p in store.rglob("*.json")} == before
    assert run(capsys, articles, "claims", "--json") == first


def test_claims_table_shows_the_place_and_the_changed_words(capsys, tmp_path: Path) -> None:
    articles, claim = annotated(capsys, tmp_path, "council.txt", COUNCIL, FIGURE)
    rewrite(articles / "council.txt", _corrected_with_twin(COUNCIL))
    [row] = json.loads(run(capsys, articles, "claims", "--json"))
    out = run(capsys, articles, "claims")
    header, line = out.splitlines()
    assert header.split()[:3] == ["ID", "STATUS", "AT"]
    assert "changed" in line and f"{row['start']}-{row['end']}" in line
    assert "-> now: " + row["text_now"] in line


def test_export_uses_the_current_places(capsys, tmp_path: Path) -> None:
    articles, claim = annotated(capsys, tmp_path, "council.txt", COUNCIL, FIGURE)
    rewrite(articles / "council.txt", _edited_with_copy(COUNCIL))
    [row] = json.loads(run(capsys, articles, "claims", "--json"))
    data = json.loads(run(capsys, articles, "export", "--format", "json"))
    quote, position = data["first"]["items"][0]["target"]["selector"]
    assert (position["start"], position["end"]) == (row["start"], row["end"])
    assert quote["exact"] == row["text_now"]
    markdown = run(capsys, articles, "export")
    assert f"· {row['start']}–{row['end']} ^claim-" in markdown
    assert "> " + row["text_now"] in markdown
    assert "they were:* " + FIGURE in markdown
