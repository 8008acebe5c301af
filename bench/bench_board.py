"""How fast the claims board opens and "find more" answers, on generated collections.

    python bench/bench_board.py [--claims 5000] [--articles 1000] [--more-articles 10000] [--seed 1]

1. The board of 5,000 claims over 1,000 articles: claims placed in their articles' text
   (`place_all`, as `reader board` does), figures read and claims grouped (`board`).
   Goal: under a second. Then the board screen itself, in a headless app: until it is
   shown (with the find-more index building in the background), and one refresh.
2. "Find more" over a 10,000-article collection: the sentence index is built once (in the
   app, in a background worker when the board opens), then each query must answer in
   under a second. Prints the index build time and the median and worst query time.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time

from reader.article import make_article
from reader.claims.board import SentenceIndex, board
from reader.claims.model import make_claim
from reader.claims.placing import place_all

THINGS = ["tokens", "respondents", "workers", "users", "homes", "vehicles", "students", "patients", "shops", "flights"]
SUBJECTS = [
    "Chinese models",
    "U.S. firms",
    "the city",
    "the ministry",
    "regional banks",
    "the survey",
    "the platform",
    "local schools",
    "the airline",
    "carmakers",
    "hospitals",
    "retailers",
]
VERBS = ["reached", "passed", "counted", "reported", "recorded", "served", "lost", "added", "hired", "surveyed"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
FILLER = (
    "Officials said the change reflected a broader shift in the market. Analysts were divided on what it "
    "meant for the coming year. The report did not give further details."
)


def sentence(rng: random.Random) -> str:
    month = rng.choice(MONTHS)
    day = rng.randint(1, 20)
    number = f"{rng.randint(1, 999)}.{rng.randint(10, 99)} {rng.choice(['million', 'billion', 'trillion'])}"
    if rng.random() < 0.3:
        number = f"{rng.randint(5, 95)} percent of"
    first = " for the first time" if rng.random() < 0.2 else ""
    return (
        f"In the week of {month} {day}-{day + 6}, {rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
        f"{number} {rng.choice(THINGS)}{first}."
    )


def make_articles(count: int, rng: random.Random, sentences: int = 12):
    articles = []
    for i in range(count):
        parts = [sentence(rng) if k % 2 == 0 else FILLER for k in range(sentences)]
        article = make_article(
            f"Article {i}", " ".join(parts), date=f"2026-0{1 + i % 9}-1{i % 9}", site="bench.example"
        )
        article.__dict__.update(id=f"f{i // 10}/article-{i}", file=f"f{i // 10}.txt")
        articles.append(article)
    return articles


def claims_on(articles, count: int, rng: random.Random):
    claims = []
    for i in range(count):
        article = articles[i % len(articles)]
        text = article.text
        starts = [k for k in range(len(text)) if text.startswith("In the week", k)]
        start = rng.choice(starts)
        end = text.index(".", text.index(" ", start + 40)) if "." in text[start:] else len(text)
        claims.append(make_claim(article.id, article.file, article.title, text, start, end, (rng.choice(["a", "b"]),)))
    return claims


def timed(step):
    start = time.perf_counter()
    result = step()
    return result, time.perf_counter() - start


def time_screen(claims, by_id, articles) -> tuple[float, float]:
    """Seconds until the board screen is shown (headless app), and one refresh after it."""
    import asyncio

    from textual.app import App

    from reader.app.screens.board import BoardScreen

    class Host(App):
        def on_mount(self) -> None:
            self.started = time.perf_counter()
            self.push_screen(BoardScreen(lambda: claims, by_id.get, lambda: articles))

    async def run() -> tuple[float, float]:
        app = Host()
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            shown = time.perf_counter() - app.started
            await app.workers.wait_for_complete()
            start = time.perf_counter()
            app.screen.refresh_board()
            await pilot.pause()
            return shown, time.perf_counter() - start

    return asyncio.run(run())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--more-articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    articles = make_articles(args.articles, rng)
    by_id = {a.id: a for a in articles}
    claims = claims_on(articles, args.claims, rng)
    placed, place_time = timed(lambda: place_all(claims, by_id.get))
    rows = {p.as_stored.id: p.row() for p in placed}
    groups, board_time = timed(lambda: board(claims, by_id.get, rows=rows))
    disagreements = sum(g.disagreement for g in groups)
    print(
        f"board: {args.claims} claims over {args.articles} articles -> {len(groups)} groups "
        f"({disagreements} in disagreement)"
    )
    print(
        f"  placing {place_time:.3f} s + figures and grouping {board_time:.3f} s = {place_time + board_time:.3f} s "
        f"(goal < 1 s: {'ok' if place_time + board_time < 1 else 'SLOW'})"
    )

    shown, refreshed = time_screen(claims, by_id, articles)
    print(
        f"  the board screen (headless, {args.claims} claims): shown after {shown:.2f} s, "
        f"refreshed after a change in {refreshed:.2f} s"
    )

    collection = make_articles(args.more_articles, rng)
    index, build_time = timed(lambda: SentenceIndex.build(collection))
    print(
        f"find more: {args.more_articles} articles, {len(index.sentences)} sentences indexed in {build_time:.2f} s "
        "(in the app: a background worker)"
    )
    query_groups = [g for g in groups if len(g.items) > 1][:20] or groups[:20]
    times = []
    for group in query_groups:
        _, took = timed(lambda group=group: index.find(group, claims))
        times.append(took)
    print(
        f"  {len(times)} queries: median {statistics.median(times) * 1000:.0f} ms, worst {max(times) * 1000:.0f} ms "
        f"(goal < 1 s: {'ok' if max(times) < 1 else 'SLOW'})"
    )


if __name__ == "__main__":
    main()
