"""Re-anchoring: how often claims come back right, as orphans, or wrong, and how fast.

    python bench/bench_anchoring.py [--claims 400] [--seed 1] [--per-kind 6] [--no-cli]

Claims are random sentences and spans of the bundled articles; each is re-anchored after
the edits the cleaner and editors make (text inserted before, whitespace and hyphenation
changed inside, a word changed inside, the quote duplicated elsewhere, the quote removed).
"right" means the span found overlaps the edited quote's new place; "wrong" means it was
attached anywhere else, the one outcome that must never happen. For comparison, the same
cases through the approximate search alternatives named in the issue, where installed:
rapidfuzz's `partial_ratio_alignment` (a window of the quote's length) and difflib.

Then the kinds of issue 17, each case generated here from the bundled articles (and
generated Chinese text): text inserted before, a word edited with the old sentence quoted
elsewhere, a corrected figure with a near-duplicate elsewhere, a long clause inserted
inside a long quote, full-width and ASCII punctuation swapped in Chinese text, curly
quotes, no-break spaces, dashes and soft hyphens, the paragraph moved, the quote
rewritten, the quote deleted. Each is judged through `reader.claims.anchoring.anchor` and
through the command line as a user meets it (`reader annotate`, the article file
rewritten, `reader claims --json`, its offsets cut from `reader show --json`): "right"
means exactly the words expected (or an orphan where the words are gone), "partial" a
span overlapping them, "WRONG" anywhere else, "orphan (lost)" not found though there.

Last run (session 8, seed 1): random edits 1,973 right, 400 orphans where the quote was
removed, 1 lost, 0 wrong (0.18 ms per claim); the 54 issue-17 cases 52 right, 2 lost, 0
wrong, through the core and the command line alike (seeds 2-5: 53, 54, 53, 54 right, 0
wrong). The two lost are the old words copied right next to the edited ones, where the
prefix points to one place and the suffix to the other: an orphan, not a guess. The
anchoring before issue 17, on the same 54 cases through the core: 35 right, 6 wrong, 13 lost.
"""

from __future__ import annotations

import argparse
import difflib
import random
import re
import statistics
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from reader.claims.anchoring import anchor, fold, fold_string, similarity
from reader.claims.model import CONTEXT
from reader.collection import Collection
from reader.sentences import sentence_spans

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
    parser.add_argument("--per-kind", type=int, default=6, help="cases of each issue-17 kind")
    parser.add_argument("--no-cli", action="store_true", help="skip the command-line run of the kinds")
    args = parser.parse_args()
    random_edits(args)
    kinds_of_issue_17(args)


def random_edits(args: argparse.Namespace) -> None:
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
            print(
                f"{name:10s} "
                + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))
                + f"  (of {total}; median {statistics.median(times[name]) * 1000:.2f} ms per claim)"
            )
    print("reader by edit:")
    for kind, counts in kinds.items():
        print(f"  {kind:22s} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))


# --------------------------------------------------------------------------- issue 17

FILLER = (
    "an analyst said the figures had been checked twice by the regional office",
    "a spokesman for the ministry declined to comment on the details of the plan",
    "which several observers had not expected to see before the end of the year",
    "according to documents seen by reporters earlier this week in the capital",
)
CJK_SUBJECTS = ["市政府", "交通局", "教育部门", "卫生委员会", "统计局", "环保组织", "当地居民", "研究人员"]
CJK_SOURCES = ["据新华社报道", "据初步估计", "记者从现场获悉", "据官方统计", "消息人士称"]
CJK_ACTIONS = [
    "周一宣布新的公交线路将于明年开通",
    "表示每天将有约五万名乘客使用这些线路",
    "对噪音和空气质量表示担忧",
    "计划在下个月公布具体方案",
    "认为这一数字可能被低估",
    "呼吁尽快召开听证会",
    "称相关费用将由财政承担",
]
_FULL_TO_ASCII = str.maketrans({"（": "(", "）": ")", "，": ",", "：": ":", "；": ";"})


@dataclass(frozen=True)
class Case:
    kind: str
    text: str  # the article's text when the claim was marked
    quote: str
    new: str  # the text after the edit
    expected: str | None  # the words the claim must stand on now; None: it must be an orphan


def _cjk_text(rng: random.Random) -> str:
    paragraphs = []
    for _ in range(4):
        sentences = []
        for _ in range(3):
            subject, source, action = rng.choice(CJK_SUBJECTS), rng.choice(CJK_SOURCES), rng.choice(CJK_ACTIONS)
            sentences.append(f"{subject}（{source}），{action}：第{rng.randrange(2, 99)}项。")
        paragraphs.append("".join(sentences))
    return "\n\n".join(paragraphs)


def _sentence(text: str, rng: random.Random, min_words: int = 8, *, vary: bool = False) -> tuple[int, int] | None:
    """A sentence of at least `min_words` words found once; with `vary`, sometimes two
    sentences, or only some words of one (a phrase, a clause)."""
    sentences = sentence_spans(text)
    spans = [(s, e) for s, e in sentences if len(text[s:e].split()) >= min_words and 60 <= e - s <= 300]
    spans = [(s, e) for s, e in spans if text.count(text[s:e]) == 1 and "\n" not in text[s:e]]
    if not spans:
        return None
    start, end = rng.choice(spans)
    roll = rng.random() if vary else 1.0
    if roll < 0.2:  # two sentences, when the next one is in the same paragraph
        following = [(s, e) for s, e in sentences if s >= end and "\n" not in text[end:e]]
        if following:
            end = following[0][1]
    elif roll < 0.45:  # some words of it: a phrase of 4 words or more
        bounds = [m.start() for m in re.finditer(r"(?<= )\S", text[start:end])]
        if len(bounds) >= 6:
            i = rng.randrange(0, len(bounds) - 4)
            j = rng.randrange(i + 4, len(bounds))
            start, end = start + bounds[i], start + bounds[j] - 1
    return (start, end) if text.count(text[start:end]) == 1 else None


def _change_word(quote: str, rng: random.Random, size: int) -> str:
    """The quote with one word (a figure if it has one) changed by about `size` characters."""
    words = quote.split(" ")
    figures = [i for i, w in enumerate(words) if any(c.isdigit() for c in w)]
    i = rng.choice(figures) if figures else rng.choice([i for i, w in enumerate(words) if len(w) >= 4] or [0])
    w = words[i]
    digits = [j for j, c in enumerate(w) if c.isdigit()]
    if digits and size == 1:
        j = digits[-1]
        w = w[:j] + str((int(w[j]) + 1) % 10) + w[j + 1 :]
    elif digits:
        w = w.replace(
            w[digits[0] : digits[-1] + 1], str(int("0" + "".join(c for c in w if c.isdigit())[:6]) * 3 + 7), 1
        )
    elif size == 1:
        w = w[:-2] + ("x" if w[-2] != "x" else "y") + w[-1]
    else:
        w = w[:1] + "".join(rng.choice("aeiou") for _ in range(size)) + w[1 + size :]
    return " ".join(words[:i] + [w] + words[i + 1 :])


def make_case(kind: str, article_text: str, rng: random.Random, others: list[str]) -> Case | None:
    if kind == "full-width/ASCII (CJK)":
        text = _cjk_text(rng)
        sentences = [m for m in re.findall(r"[^。]+。", text) if text.count(m) == 1]
        if not sentences:
            return None
        quote = rng.choice(sentences)
        quote = quote[: quote.index("，") + 1] if rng.random() < 0.5 else quote  # a clause, or all of it
        if text.count(quote) != 1:
            return None
        new = text.translate(_FULL_TO_ASCII)
        return Case(kind, text, quote, new, quote.translate(_FULL_TO_ASCII))
    varied = kind in ("inserted before", "paragraph moved", "deleted", "edited, exact copy elsewhere", "typography")
    span = _sentence(article_text, rng, 12 if kind == "long insertion inside" else 8, vary=varied)
    if span is None:
        return None
    start, end = span
    text, quote = article_text, article_text[start:end]
    before, after = text[:start], text[end:]
    if kind == "inserted before":
        note = "Editor's note: this article was updated with " + rng.choice(FILLER) + ".\n\n"
        cut = before.rfind("\n\n", 0, max(0, len(before) - 1))
        new = note + before[: cut + 2] + rng.choice(FILLER).capitalize() + ". " + before[cut + 2 :] + quote + after
        return Case(kind, text, quote, new, quote)
    if kind == "edited, exact copy elsewhere":
        edited = _change_word(quote, rng, 3)
        if edited == quote or len(quote.split()) < 8 and similarity(edited, quote) < 0.8:
            return None
        copy = "Correction: an earlier version of this article said: " + quote
        where = rng.random()
        if where < 0.4:  # at the end
            new = before + edited + after + "\n\n" + copy
        elif where < 0.7:  # at the start
            new = copy + "\n\n" + before + edited + after
        else:  # right after the paragraph
            cut = after.find("\n\n")
            cut = len(after) if cut < 0 else cut
            new = before + edited + after[:cut] + "\n\n" + copy + after[cut:]
        return Case(kind, text, quote, new, edited)
    if kind == "corrected, near-duplicate elsewhere":
        corrected = _change_word(quote, rng, 3)
        twin = _change_word(quote, rng, 1)
        if twin in (quote, corrected):
            return None
        if rng.random() < 0.5:  # the twin is new
            new = before + corrected + after + "\n\nAs the report put it in its summary: " + twin
            return Case(kind, text, quote, new, corrected)
        # The twin stood in the article already, a paragraph before, when the claim was marked.
        cut = max(0, before.rfind("\n\n"))
        old = before[:cut] + "\n\nAs the summary put it: " + twin + before[cut:]
        return Case(kind, old + quote + after, quote, old + corrected + after, corrected)
    if kind == "long insertion inside":
        words = quote.split(" ")
        i = len(words) // 2
        clause = rng.choice(FILLER)
        clause_words = clause.split(" ")[: max(5, len(words) // 2)]
        inserted = " ".join(words[:i] + ["—", *clause_words, "—"] + words[i:])
        return Case(kind, text, quote, before + inserted + after, inserted)
    if kind == "typography":
        table = {"'": "\u2019", '"': "\u201d", " - ": "\u00a0\u2013 ", "--": "\u2014"}

        def typeset(s: str) -> str:
            for a, b in table.items():
                s = s.replace(a, b)
            return s

        words = quote.split(" ")
        long = max(range(len(words)), key=lambda i: len(words[i]))
        words[long] = words[long][: len(words[long]) // 2] + "\u00ad" + words[long][len(words[long]) // 2 :]
        j = rng.randrange(1, len(words) - 1)
        shown = typeset(" ".join(words[:j]) + "\u00a0" + " ".join(words[j:]))
        new = "A line added above.\n\n" + typeset(before) + shown + typeset(after)
        return Case(kind, text, quote, new, shown)
    if kind == "paragraph moved":
        p_start = before.rfind("\n\n") + 2 if "\n\n" in before else 0
        p_end = text.find("\n\n", end)
        p_end = len(text) if p_end < 0 else p_end
        if p_start == 0 and p_end == len(text):
            return None
        paragraph = text[p_start:p_end]
        rest = (text[:p_start] + text[p_end:].lstrip("\n")).rstrip("\n")
        return Case(kind, text, quote, rest + "\n\n" + paragraph, quote)
    if kind == "rewritten":
        other = rng.choice(others)
        span2 = _sentence(other, rng)
        if span2 is None or similarity(other[span2[0] : span2[1]], quote) > 0.5:
            return None  # (the same sentence stands in two articles)
        return Case(kind, text, quote, before + other[span2[0] : span2[1]] + after, None)
    if kind == "deleted":
        return Case(
            kind,
            text,
            quote,
            before.rstrip(" ") + (" " if after[:1] not in ("\n", "") else "") + after.lstrip(" "),
            None,
        )
    raise ValueError(kind)


KINDS = [
    "inserted before",
    "edited, exact copy elsewhere",
    "corrected, near-duplicate elsewhere",
    "long insertion inside",
    "full-width/ASCII (CJK)",
    "typography",
    "paragraph moved",
    "rewritten",
    "deleted",
]


def make_cases(per_kind: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    texts = [a.text for a in Collection.load(ROOT / "articles", use_cache=False).articles if len(a.text) > 500]
    cases: list[Case] = []
    for kind in KINDS:
        made = 0
        for _ in range(per_kind * 20):
            if made == per_kind:
                break
            case = make_case(kind, rng.choice(texts), rng, texts)
            if case is None or case.text.count(case.quote) != 1:
                continue
            if case.expected is not None and truth(case.new, case.expected) is None:
                continue
            cases.append(case)
            made += 1
    return cases


def truth(text: str, expected: str) -> tuple[int, int] | None:
    """Where the expected words stand in `text`, found folded (the cleaner may have made a
    no-break space a plain one, say); None unless exactly once."""
    folded, words = fold(text), fold_string(expected)
    at = folded.text.find(words)
    if at < 0 or folded.text.find(words, at + 1) >= 0:
        return None
    return folded.start(at), folded.end(at + len(words))


def verdict(text: str, found: tuple[int, int] | None, expected: str | None) -> str:
    if expected is None:
        return "right" if found is None else "WRONG"
    where = truth(text, expected)
    if where is None:
        return "setup (the cleaner changed the words)"
    if found is None:
        return "orphan (lost)"
    if found == where:
        return "right"
    if found[0] < where[1] and found[1] > where[0]:
        return "partial"
    return "WRONG"


def through_core(case: Case) -> str:
    start = case.text.index(case.quote)
    end = start + len(case.quote)
    prefix, suffix = case.text[max(0, start - CONTEXT) : start], case.text[end : end + CONTEXT]
    a = anchor(case.new, case.quote, prefix, suffix, start, end)
    return verdict(case.new, (a.start, a.end) if a.found else None, case.expected)


def through_cli(cases: list[Case]) -> list[str]:
    """Each case an article file: annotated, rewritten, then read back as a script would."""
    import contextlib
    import io
    import json
    import os
    import tempfile

    from reader.cli import main as cli

    def run(folder: Path, *args: str) -> str:
        out = io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()):
            code = cli(["--articles", str(folder), *args])
        if code != 0:
            raise RuntimeError(f"reader {' '.join(args)}: exit {code}")
        return out.getvalue()

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["XDG_CACHE_HOME"] = str(folder / ".cache")  # a cache of its own
        for i, case in enumerate(cases):
            (folder / f"case{i:03d}.txt").write_text(f"# Case {i} of the anchoring bench\n\n{case.text}\n", "utf-8")
        ids = {row["file"]: row["id"] for row in json.loads(run(folder, "list", "--json"))}
        claim_of = {}
        for i, case in enumerate(cases):
            claim_of[i] = json.loads(run(folder, "annotate", ids[f"case{i:03d}.txt"], "--quote", case.quote))["id"]
        for i, case in enumerate(cases):
            file = folder / f"case{i:03d}.txt"
            mtime = file.stat().st_mtime_ns + 5 * 10**9
            file.write_text(f"# Case {i} of the anchoring bench\n\n{case.new}\n", "utf-8")
            os.utime(file, ns=(mtime, mtime))
        rows = {row["id"]: row for row in json.loads(run(folder, "claims", "--json"))}
        verdicts = []
        for i, case in enumerate(cases):
            text = json.loads(run(folder, "show", ids[f"case{i:03d}.txt"], "--json"))["text"]
            row = rows[claim_of[i]]
            found = None if row["start"] is None else (row["start"], row["end"])
            verdicts.append(verdict(text, found, case.expected))
        return verdicts


def kinds_of_issue_17(args: argparse.Namespace) -> None:
    cases = make_cases(args.per_kind, args.seed)
    t0 = time.perf_counter()
    core = [through_core(case) for case in cases]
    elapsed = time.perf_counter() - t0
    cli = through_cli(cases) if not args.no_cli else []
    print(f"\nissue 17 kinds: {len(cases)} cases ({elapsed / len(cases) * 1000:.2f} ms per claim through the core)")
    for name, results in (("core", core), ("command line", cli)):
        if results:
            counts = Counter(results)
            print(
                f"  {name:13s} " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())) + f"  (of {len(results)})"
            )
    print("  by kind (core | command line):")
    for kind in KINDS:
        picked = [i for i, c in enumerate(cases) if c.kind == kind]
        core_counts = Counter(core[i] for i in picked)
        cli_counts = Counter(cli[i] for i in picked) if cli else Counter()

        def show(counts: Counter) -> str:
            return ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()))

        print(f"    {kind:36s} {show(core_counts)}" + (f" | {show(cli_counts)}" if cli else ""))


if __name__ == "__main__":
    main()
