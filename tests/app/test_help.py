"""The help screen's keys come from the bindings of the widget classes themselves."""

from __future__ import annotations

from pathlib import Path

from textual.binding import Binding

from reader.app.app import ReaderApp
from reader.app.screens.help import help_sections
from reader.app.widgets.article_text import ArticleText
from reader.config import Config


def _app(articles_dir: Path, keys: dict[str, str] | None = None) -> ReaderApp:
    return ReaderApp(articles_dir, articles_dir / "claims.json", config=Config(keys=keys or {}), config_problems=[])


def test_every_section_and_its_described_bindings(articles_dir: Path) -> None:
    sections = dict(help_sections(_app(articles_dir)))
    assert list(sections) == ["Collection", "Reading", "Find", "Sidebar", "Claims panel", "App"]
    shown = [description for rows in sections.values() for _, description in rows]
    for binding in ArticleText.BINDINGS:
        if isinstance(binding, Binding) and binding.description:
            assert f"{binding.description}  ({binding.id})" in shown
    assert ("↑ ↓ ← →", "Move the cursor") in sections["Reading"]  # (HELP_MORE)


def test_a_rebound_key_is_shown_as_bound(articles_dir: Path) -> None:
    app = _app(articles_dir, {"article.next": "n"})
    app.set_keymap(app.config.keys)
    rows = dict(help_sections(app))["Collection"]
    assert ("n", "Next article  (article.next)") in rows


def test_a_new_widget_that_names_a_help_title_has_its_section(articles_dir: Path) -> None:
    # (Plain classes: a widget class made here would stay among Widget's subclasses, and
    # show in every help screen after.)
    class Widgets:
        pass

    class Gauge(Widgets):
        HELP_TITLE = "Gauge"
        HELP_PLACE = 1
        HELP_MORE = [("drag", "Set the gauge")]
        BINDINGS = [Binding("z", "zero", "Zero the gauge", id="gauge.zero"), Binding("x", "hidden", "")]

    class QuietGauge(Gauge):  # a subclass of a section is no section of its own
        BINDINGS = [Binding("q", "quiet", "Quiet", id="gauge.quiet")]

    class Dial(Widgets):
        HELP_TITLE = "Dial"
        HELP_PLACE = 0
        BINDINGS = [Binding("d,D", "turn", "Turn the dial", id="dial.turn")]

    assert help_sections(_app(articles_dir), among=Widgets) == [
        ("Dial", [("d, D", "Turn the dial  (dial.turn)")]),
        ("Gauge", [("z", "Zero the gauge  (gauge.zero)"), ("drag", "Set the gauge")]),
        ("App", [("ctrl+p", "Command palette (themes, keys, actions)")]),
    ]
