"""Re-anchoring: how often claims come back right, as orphans, or wrong, and how fast.

    python bench/bench_anchoring.py [--claims 400] [--seed 1]

Claims are random sentences and spans of the bundled articles; each is re-anchored after
the edits the cleaner and editors make (text inserted before, whitespace and hyphenation
changed inside, a word changed inside, the quote duplicated elsewhere, the quote removed).
"right" means the span found overlaps the edited quote's new place; "wrong" means it was
attached anywhere else, the one outcome that must never happen. For comparison, the same
cases through the approximate search alternatives named in the issue, where installed:
rapidfuzz's `partial_ratio_alignment` (a window of the quote's length) and difflib.
"""

from __future__ import annotations

import argparse
import difflib
import random
import statistics
import time
from collections import Counter
from pathlib import Path

from reader.anchoring import anchor
from reader.collection import Collection
from reader.sentences import sentence_spans
from reader.store import CONTEXT

ROOT = Path(__file__).resolve().parent.parent


def edits(text: str, start: int, end: int, rng: random.Random):
    """(kind, new text, where the quote now is or None when it is gone)."""
    quote = text[start:end]
    yield "inserted before", "An editor's note of some length. " + text, (start + 33, end + 33)
    spaced = quote.replace(" ", "  ", 2)
    yield "whitespace inside", text[:start] + spaced + text[end:], (start, start + len(spaced))
    words = quote.split(" ")
    if len(words) > 4:
        i = rng.randrange(1, len(words) - 1)
        w = words[i]
        hyphened = " ".join(words[:i] + [w[: len(w) // 2] + "- " + w[len(w) // 2 :]] + words[i + 1 :])
        yield "hyphenation inside", text[:start] + hyphened + text[end:], (start, start + len(hyphened))
        changed = " ".join(words[:i] + ["changed"] + words[i + 1 :])
        yield "word changed inside", text[:start] + changed + text[end:], (start, start + len(changed))
    yield "quote twice", text + "\n\nRepeated: " + quote, (start, end)
    yield "quote removed", text[:start] + text[end:], None


def rapidfuzz_place(text: str, quote: str):
    try:
        from rapidfuzz import fuzz
    except ImportError:
        return None
    a = fuzz.partial_ratio_alignment(quote, text)
    return (a.dest_start, a.dest_end) if a.score >= 75 else (0, 0)


def difflib_place(text: str, quote: str):
    m = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(0, len(text), 0, len(quote))
    return (m.a - m.b, m.a - m.b + len(quote)) if m.size >= len(quote) * 0.5 else (0, 0)


def judge(found, truth) -> str:
    if found is None or found == (0, 0):
        return "orphan" if truth is None else "orphan (lost)"
    if truth is None:
        return "WRONG"
    return "right" if found[0] < truth[1] and found[1] > truth[0] else "WRONG"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--claims", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = [a for a in Collection.load(ROOT / "articles", use_cache=False).articles if len(a.text) > 500]
    results: dict[str, Counter] = {"reader": Counter(), "rapidfuzz": Counter(), "difflib": Counter()}
    kinds: dict[str, Counter] = {}
    times: dict[str, list[float]] = {"reader": [], "rapidfuzz": [], "difflib": []}
    for _ in range(args.claims):
        article = rng.choice(articles)
        spans = sentence_spans(article.text)
        start, end = rng.choice(spans)
        if rng.random() < 0.3:  # a span that is not a whole sentence
            start = min(end - 10, start + rng.randrange(0, max(1, (end - start) // 3)))
        text = article.text
        quote, prefix, suffix = text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT]
        for kind, new, truth in edits(text, start, end, rng):
            t0 = time.perf_counter()
            a = anchor(new, quote, prefix, suffix, start, end)
            times["reader"].append(time.perf_counter() - t0)
            verdict = judge((a.start, a.end) if a.found else None, truth)
            results["reader"][verdict] += 1
            kinds.setdefault(kind, Counter())[verdict] += 1
            for name, place in (("rapidfuzz", rapidfuzz_place), ("difflib", difflib_place)):
                t0 = time.perf_counter()
                found = place(new, quote)
                times[name].append(time.perf_counter() - t0)
                if found is not None:
                    results[name][judge(found, truth)] += 1
    for name, counts in results.items():
        if counts:
            total = sum(counts.values())
            print(f"{name:10s} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                  + f"  (of {total}; median {statistics.median(times[name]) * 1000:.2f} ms per claim)")
    print("reader by edit:")
    for kind, counts in kinds.items():
        print(f"  {kind:22s} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
