"""The claims board: grouping, disagreements, grouping by hand, findings, find more."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

from reader.article import make_article
from reader.claims.board import ALONE, SentenceIndex, board, build, make_item, pin, put_in, take_out
from reader.claims.history import History
from reader.claims.model import make_claim
from reader.claims.store import ClaimStore
from reader.cli import main
from tests.board_claims import BOARD_CLAIMS

FEB = (
    "For the week of February 16–22, the weekly token use of Chinese AI models surpassed that of the "
    "United States for the first time, reaching 5.16 trillion tokens."
)
SEP = (
    "Chinese AI models have, for the first time, eclipsed their U.S. counterparts in weekly usage. "
    "During the week of September 9 to 15, the usage of Chinese AI models, measured in tokens processed, "
    "reached 4.12 trillion. This figure surpassed the 2.94 trillion tokens recorded for U.S. models."
)
ADOPT = (
    "The survey shows that 83 percent of Chinese respondents used generative AI daily. "
    "In the U.S., 65 percent of respondents said they had adopted the technology."
)
OTHER = "The harbour office printed new tide tables on Monday after a survey of the channel."


def article(ident: str, text: str, title: str = ""):
    art = make_article(title or ident, text)
    art.__dict__.update(id=ident, file=ident + ".txt")
    return art


ARTICLES = {a.id: a for a in (article("a", FEB), article("b", SEP), article("c", ADOPT), article("d", OTHER))}


def claim_on(ident: str, quote: str, tags=("t",)):
    text = ARTICLES[ident].text
    start = text.index(quote)
    return make_claim(ident, ident + ".txt", ident, text, start, start + len(quote), tuple(tags))


def claims():
    return [
        claim_on("a", FEB[4:-1]),
        claim_on("b", SEP[SEP.index("During") : -1]),
        claim_on("c", "83 percent of Chinese respondents used generative AI daily"),
        claim_on("c", "65 percent of respondents said they had adopted the technology"),
        claim_on("d", "new tide tables on Monday"),
    ]


def test_the_token_claims_are_one_group_in_disagreement_first() -> None:
    groups = board(claims(), ARTICLES.get)
    first = groups[0]
    assert first.disagreement
    assert {i.claim.article for i in first.items} == {"a", "b"}
    assert any("first time" in r and "February 16–22" in r and "September 9 to 15" in r for r in first.reasons)
    assert any("5.16 trillion" in r and "4.12 trillion" in r for r in first.reasons)
    adoption = next(g for g in groups if {i.claim.article for i in g.items} == {"c"})
    assert len(adoption.items) == 2 and not adoption.disagreement  # one source, two populations
    assert adoption.things == ["respondents"]
    assert [len(g.items) for g in groups].count(1) == 1  # the tide claim stands alone


def test_same_quantity_same_period_different_values_is_a_disagreement_and_equal_is_not() -> None:
    one = article("x", "In 2019, the firm had 40 stores across the country.")
    two = article("y", "In 2019, the firm ran 45 stores across the country.")
    three = article("z", "In 2019, the firm had 40 stores across the country, it said.")
    arts = {a.id: a for a in (one, two, three)}

    def on(a, quote):
        start = a.text.index(quote)
        return make_claim(a.id, a.file, a.title, a.text, start, start + len(quote))

    c1, c2, c3 = (
        on(one, "the firm had 40 stores"),
        on(two, "the firm ran 45 stores"),
        on(three, "the firm had 40 stores"),
    )
    assert build([make_item(c, arts[c.article]) for c in (c1, c2)])[0].disagreement
    agree = build([make_item(c, arts[c.article]) for c in (c1, c3)])
    assert len(agree) == 1 and not agree[0].disagreement


def test_a_tag_limits_the_board() -> None:
    items = claims()
    items[0] = replace(items[0], tags=("tokens",))
    groups = board(items, ARTICLES.get, tag="tokens")
    assert len(groups) == 1 and len(groups[0].items) == 1 and not groups[0].disagreement


def test_grouping_by_hand_is_stored_and_undone(tmp_path: Path) -> None:
    store = ClaimStore.open(tmp_path / "claims.json")
    history = History(store)
    for c in claims():
        store.add(c)
    groups = board(history.all_claims(), ARTICLES.get)
    tide = next(g for g in groups if g.items[0].claim.article == "d").items[0].claim
    tokens = groups[0]
    assert history.do(put_in(tide, tokens))
    groups = board(history.all_claims(), ARTICLES.get)
    pinned = next(g for g in groups if any(i.claim.id == tide.id for i in g.items))
    assert pinned.manual and len(pinned.items) == 3
    # taking a claim out keeps it alone
    assert history.do(take_out(store.get(tide.id)))
    assert store.get(tide.id).group == ALONE
    history.undo()
    history.undo()
    assert all(c.group == "" for c in store.all())
    assert len(board(store.all(), ARTICLES.get)[0].items) == 2
    store.close()


def test_a_finding_pins_the_group_and_is_kept(tmp_path: Path) -> None:
    store = ClaimStore.open(tmp_path / "claims.json")
    history = History(store)
    for c in claims():
        store.add(c)
    group = board(store.all(), ARTICLES.get)[0]
    group_id, step = pin(group)
    history.do(step)
    store.set_finding(group_id, "The two sources date the first time seven months apart.")
    store.close()
    store = ClaimStore.open(tmp_path / "claims.json")
    again = board(store.all(), ARTICLES.get, findings=store.findings())[0]
    assert again.id == group_id and again.manual and again.finding.startswith("The two sources")
    store.close()


def test_find_more_lists_unmarked_sentences_on_the_counted_thing() -> None:
    more = article("e", "Other data show weekly usage of 3.1 trillion tokens in March. The weather was mild.")
    arts = {**ARTICLES, "e": more}
    index = SentenceIndex.build(arts.values())
    group = board(claims(), arts.get)[0]
    found = index.find(group, claims())
    assert found and found[0].article == "e" and "3.1 trillion tokens" in found[0].text
    assert found[0].counted == "token"
    # sentences already marked are not candidates
    assert all(not (c.article == "a") for c in found)


def test_cli_board_on_the_bundled_collection(capsys, articles_dir: Path) -> None:
    def run(*args):
        code = main(["--articles", str(articles_dir), *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    marks = BOARD_CLAIMS  # the two token claims and the two adoption claims
    for article_id, quote in marks:
        run("annotate", article_id, "--quote", quote, "--tag", "china-us")
    run("annotate", "002_b844eaa0fd022baa/how-china", "--quote", "China is pushing hard", "--tag", "other")
    groups = json.loads(run("board", "--tag", "china-us", "--json"))
    assert len(groups) == 2
    tokens = groups[0]
    assert tokens["disagreement"] is True and len(tokens["claims"]) == 2
    periods = {f["period"] for c in tokens["claims"] for f in c["figures"] if f["kind"] == "number"}
    assert periods == {"week of February 16-22", "week of September 9 to 15"}
    values = sorted(f["value"] for c in tokens["claims"] for f in c["figures"] if f["kind"] == "number")
    assert values == [2.94e12, 4.12e12, 5.16e12]
    claim = tokens["claims"][0]
    assert {"id", "quote", "status", "start", "end", "tags", "figures"} <= set(claim)
    assert groups[1]["disagreement"] is False and len(groups[1]["claims"]) == 2
    table = run("board", "--tag", "china-us")
    assert "DISAGREEMENT" in table and "week of February 16-22" in table and "5.16 trillion tokens" in table
    assert len(json.loads(run("board", "--json"))) == 3
    assert "(1 claim)" in run("board") and "(1 claims)" not in run("board")  # the lone "other" claim


def test_export_has_evidence_tables_and_json_keeps_groups(capsys, articles_dir: Path, tmp_path: Path) -> None:
    from markdown_it import MarkdownIt

    def run(*args):
        code = main(["--articles", str(articles_dir), *args])
        out, err = capsys.readouterr()
        assert code == 0, err
        return out

    run(
        "annotate",
        "003_2482174482ea82ec/china-leads",
        "--quote",
        "83 percent of Chinese respondents",
        "--tag",
        "a",
        "--note",
        "a | pipe",
    )
    run("annotate", "003_2482174482ea82ec/china-leads", "--quote", "65 percent of respondents", "--tag", "a")
    markdown = run("export", "--tag", "a")
    assert "# Evidence" in markdown and "| claim | source | date | figure | note |" in markdown
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    assert sum(t.type == "table_open" for t in tokens) == 1
    cells = [t.content for t in tokens if t.type == "inline"]
    assert "83 percent of respondents" in cells and "a | pipe" in cells
    MarkdownIt("commonmark").parse(markdown)  # plain CommonMark reads it too
    data = json.loads(run("export", "--tag", "a", "--format", "json"))
    items = data["first"]["items"]
    groups = {b["source"] for a in items for b in a["body"] if b.get("purpose") == "classifying"}
    assert len(groups) == 1 and next(iter(groups)).startswith("urn:reader:group:g-")
    # importing into a fresh store keeps the membership (pinned)
    path = tmp_path / "out.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    db = tmp_path / "fresh.json"
    assert main(["--articles", str(articles_dir), "--db", str(db), "--create-db", "import", str(path)]) == 0
    capsys.readouterr()
    stored = ClaimStore.open(db)
    assert {c.group for c in stored.all()} == {next(iter(groups)).removeprefix("urn:reader:group:")}
    stored.close()


def test_a_groups_title_is_the_same_on_every_run() -> None:
    """A group's title came from a set's order: `reader board` named one group "tool ·
    released · behind", the next run "company · text · disregard". Ties go to the longer,
    then the alphabetically first, word, whatever the hash seed."""
    import subprocess
    import sys

    code = (
        "from types import SimpleNamespace as N; from reader.claims.board import Group; "
        "words = set('last week bytedance released a video generating tool called seedance'.split()); "
        "print(Group('g', [N(words=words, figures=[])]).title)"
    )
    titles = {
        subprocess.run(
            [sys.executable, "-c", code],
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            capture_output=True,
            text=True,
        ).stdout.strip()
        for seed in range(6)
    }
    assert titles == {"generating · bytedance · released"}
