"""select_main_content on small synthetic pages: what it keeps, drops and leads with."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import pytest

from reader.cleaning.blocks import parse_blocks
from reader.cleaning.boilerplate import ends_sentence, mass, select_main_content
from reader.cleaning.model import Block

ROOT = Path(__file__).resolve().parents[2]
PAGES = ROOT.parent / "shared" / "realpages-dev"
# What the whole cleaner reached on the real pages in each text shape; see bench/realpages.py.
REALPAGES_F1 = {"dump": 0.948, "single": 0.932, "wrapped": 0.945, "markdown": 0.942}

MENU = "\n".join(f"  * {name}" for name in ("Home", "World", "Politics", "Business", "Sport", "Culture"))
BODY = [
    (
        "The city council voted on Tuesday to close the old harbour bridge to cars from next spring, "
        "after engineers warned that its steel frame had corroded faster than expected."
    ),
    (
        "Residents who cross the bridge every day said the decision came as no surprise. Many had "
        "noticed rust on the railings and long cracks in the pavement over the last two winters."
    ),
    "What happens next",
    (
        "The council will open a consultation in March on whether to repair the bridge for cyclists "
        "and pedestrians or to replace it with a new crossing further upstream."
    ),
    "A final decision is expected before the summer recess, the mayor said in a statement.",
]
COMMENTS = [
    "3 Comments",
    "  * Jane on March 3, 2024 at 10:12 am said:",
    (
        "This is long overdue. I have been complaining about the state of that bridge for years and "
        "nobody ever listened to the residents who actually use it every single day of the week."
    ),
    "  * Tom on March 3, 2024 at 11:40 am said:",
    (
        "I disagree entirely. The bridge is perfectly safe and the council simply wants to spend "
        "money on a shiny new project before the election so that they have something to show."
    ),
    "  * Ann on March 4, 2024 at 9:02 am said:",
    (
        "Whatever they decide, please keep the footpath open during the works. It is the only way "
        "for many of us to reach the station on foot without a long detour through the old town."
    ),
]
FOOTER = "\n".join(f"  * {name}" for name in ("About us", "Contact", "Privacy policy", "Terms of use"))


def page(*parts: str | list[str]) -> str:
    return "\n\n".join(p if isinstance(p, str) else "\n\n".join(p) for p in parts)


def kept(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.role not in ("drop", "lead")]


def lead(blocks: list[Block]) -> list[str]:
    return [b.text for b in blocks if b.role == "lead"]


def test_keeps_the_body_with_its_subheading_and_drops_menus_and_footer() -> None:
    text = page(MENU, "Harbour bridge to close to cars", "By A. Writer", "March 2, 2024", BODY, FOOTER)
    blocks = select_main_content(parse_blocks(text))
    assert kept(blocks) == BODY
    assert "Home" not in kept(blocks) and "Privacy policy" not in kept(blocks)


def test_marks_title_byline_and_date_before_the_body_as_lead() -> None:
    text = page(MENU, "News", "Harbour bridge to close to cars", "By A. Writer", "March 2, 2024", BODY, FOOTER)
    blocks = select_main_content(parse_blocks(text))
    assert lead(blocks) == ["News", "Harbour bridge to close to cars", "By A. Writer", "March 2, 2024"]
    assert all(b.role == "drop" for b in blocks if b.text in ("Home", "Sport"))


def test_lead_steps_over_a_share_bar_between_byline_and_body() -> None:
    share = "\n".join(f"  * {name}" for name in ("Facebook", "Twitter", "Email", "Print"))
    text = page(MENU, "Harbour bridge to close to cars", "By A. Writer", share, BODY, FOOTER)
    blocks = select_main_content(parse_blocks(text))
    assert lead(blocks) == ["Harbour bridge to close to cars", "By A. Writer"]
    assert "Facebook" not in kept(blocks)


def test_drops_comments_even_when_they_are_longer_than_the_post() -> None:
    text = page(MENU, "Title", BODY[:2], COMMENTS, COMMENTS[1:], FOOTER)
    blocks = select_main_content(parse_blocks(text))
    assert kept(blocks) == BODY[:2]


def test_drops_a_bulleted_link_list_of_related_articles_after_the_body() -> None:
    related = "\n".join(
        f"  * {title}"
        for title in (
            "Council approves new budget for schools",
            "Storm damages roofs across the old town",
            "Ferry service to resume after two years",
            "Local bakery wins national award",
        )
    )
    text = page(MENU, "Title", BODY, "Related", related, FOOTER)
    assert kept(select_main_content(parse_blocks(text))) == BODY


def test_drops_teasers_cut_short_with_an_ellipsis() -> None:
    teasers = [
        line
        for n in range(4)
        for line in (
            f"Teaser headline number {n}",
            (
                f"A summary of another story, number {n}, that the site cut at a fixed length so "
                "that every teaser in the list is as long as the others and ends in the..."
            ),
        )
    ]
    text = page(MENU, "Title", BODY, MENU, teasers, FOOTER)
    blocks = select_main_content(parse_blocks(text))
    assert kept(blocks) == BODY


def test_drops_repeated_furniture_inside_the_body() -> None:
    body = [BODY[0], "Advertisement", BODY[1], "Advertisement", BODY[3]]
    text = page(MENU, "Title", body, FOOTER)
    assert kept(select_main_content(parse_blocks(text))) == [BODY[0], BODY[1], BODY[3]]


def test_keeps_a_table_of_plain_lines_after_the_body() -> None:
    rows = "\n".join(f"June {d} - Springfield, IL @ Memorial Stadium" for d in range(1, 6))
    text = page(MENU, "Title", BODY, "Tour dates", rows, FOOTER)
    out = kept(select_main_content(parse_blocks(text)))
    assert out[-1] == "June 5 - Springfield, IL @ Memorial Stadium"
    assert "Tour dates" in out and "Contact" not in out


def test_finds_a_body_in_japanese() -> None:
    body = [
        "先日、不正に改造した製品を販売したとして、商標法違反の疑いで男性が逮捕されたというニュースを耳にしました。",
        "報道によると、今回販売されたのは、機能制限を解除した製品でした。",
        "商標には、商品の出所を表示する機能と、同じ品質であることを保証する機能があります。",
        "権利者の許諾を得ずに改造した商品を販売することは、商標権侵害と判断される場合があります。",
    ]
    menu = "\n".join(f"  * {name}" for name in ("ホーム", "ブログ", "サービス", "お問い合わせ"))
    text = page(menu, "商品の改造が商標法違反に！？", body, menu)
    blocks = select_main_content(parse_blocks(text))
    assert kept(blocks) == body
    assert lead(blocks) == ["商品の改造が商標法違反に！？"]


def test_a_file_without_runs_of_furniture_comes_out_unchanged() -> None:
    # A newspaper page: headings, short subheadings, caption fragments, several articles.
    text = page(
        "## INSIGHTS",
        "# Harbour bridge to close",
        "By A. Writer",
        BODY,
        "Photo: the bridge (AP)",
        "### Second story",
        "By B. Writer",
        BODY[::-1],
        "held",
        "video",
        "character",
        BODY[:2],
    )
    blocks = parse_blocks(text)
    assert select_main_content(blocks) == blocks


@pytest.mark.parametrize(
    "blocks",
    [
        [],
        [Block(text="x" * 1_000_000)],
        [Block(text="漢" * 500_000 + "。")],
        [Block(text="a", bullet=True)] * 5000,
        [Block(text="Comments")] * 3000,
        [Block(text=".")] * 100,
    ],
    ids=["empty", "huge-line", "huge-cjk-line", "one-char-bullets", "repeated-marker", "dots"],
)
def test_never_raises_and_keeps_every_block(blocks: list[Block]) -> None:
    start = time.perf_counter()
    out = select_main_content(list(blocks))
    assert len(out) == len(blocks)
    assert [b.text for b in out] == [b.text for b in blocks]
    assert time.perf_counter() - start < 1.0


def test_sentence_endings() -> None:
    assert ends_sentence("It rained.”")
    assert ends_sentence("本当ですか？")
    assert ends_sentence("We hope to see you soon 🙂")
    assert not ends_sentence("and the story goes on...")
    assert not ends_sentence("Privacy Policy")
    assert mass("漢字") > mass("ab")


def load(path: Path, name: str):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.realpages
@pytest.mark.skipif(not PAGES.is_dir(), reason="no real pages in ../shared/realpages-dev")
def test_real_pages_score_does_not_regress(tmp_path: Path) -> None:
    bench = load(ROOT / "bench" / "realpages.py", "realpages_bench")
    for shape, least in REALPAGES_F1.items():
        bench.run_cleaner(PAGES / bench.SHAPES[shape], tmp_path / shape)
        means, lost, report = bench.score(tmp_path / shape)
        f1 = float(re.search(r"F1=([0-9.]+)", means).group(1))
        assert f1 >= least - 0.02 and lost <= 5, (shape, report)
