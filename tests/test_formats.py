"""Export formats are found by themselves: one module in reader/notes/formats is a format."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.claims.model import make_claim
from reader.notes import formats as formats_package
from reader.notes.formats import export, formats
from reader.notes.gathering import Scope


def test_the_formats_offered_are_the_modules_that_define_one() -> None:
    found = formats()
    assert list(found) == ["markdown", "json", "csl"]
    assert {f.suffix for f in found.values()} == {".md", ".json", ".csl.json"}


def test_a_new_format_is_one_new_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "quotes.py").write_text(
        "from reader.notes.formats import Export, Format\n"
        "def render(export: Export) -> str:\n"
        "    return '\\n'.join(p.claim.quote for g in export.groups for p in g.placed)\n"
        "FORMAT = Format('quotes', 'Quotes only', '.txt', render, uses_board=False)\n"
    )
    monkeypatch.setattr(formats_package, "__path__", [*formats_package.__path__, str(tmp_path)])
    formats.cache_clear()
    try:
        assert list(formats())[-1] == "quotes"
        claim = make_claim("a1", "a.txt", "Title", "One claim here. And more.", 0, 15)
        done, content = export(formats()["quotes"], [claim], lambda _id: None, Scope())
        assert content == "One claim here."
        assert done.count == 1 and done.board is None
    finally:
        monkeypatch.undo()
        formats.cache_clear()
    assert "quotes" not in formats()


def test_the_command_line_offers_every_format() -> None:
    from reader.cli.parser import build_parser

    parser = build_parser()
    export_parser = parser._subparsers._group_actions[0].choices["export"]  # type: ignore[union-attr]
    export_parser.format_usage()  # (the formats are added when the parser is first used)
    choices = next(a.choices for a in export_parser._actions if a.dest == "format")
    assert list(choices) == list(formats())
    for name in formats():
        assert build_parser().parse_args(["export", "--format", name]).format == name


def test_no_board_leaves_out_the_evidence_tables_and_nothing_else(articles_dir: Path, capsys) -> None:
    from reader.cli import main
    from tests.board_claims import BOARD_CLAIMS

    for article_id, quote in BOARD_CLAIMS:
        assert main(["--articles", str(articles_dir), "annotate", article_id, "--quote", quote]) == 0
    capsys.readouterr()
    assert main(["--articles", str(articles_dir), "export"]) == 0
    full = capsys.readouterr().out
    assert main(["--articles", str(articles_dir), "export", "--no-board"]) == 0
    lean = capsys.readouterr().out
    assert "# Evidence" in full and "# Evidence" not in lean
    strip = lambda text: text.split("# Evidence")[0].split("exported:")[1].split("\n", 1)[1]  # noqa: E731
    assert strip(full).rstrip() == strip(lean).rstrip()
