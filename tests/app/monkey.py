"""A monkey for the app: random keys and mouse actions from its bindings, with checks.

Shared by `tests/app/test_monkey.py` (CI) and `bench/bench_monkey.py` (longer runs,
several seeds). Everything happens in a folder the caller gives: the articles (the
bundled ones plus odd files), the store inside it, exports beside it.

Speed: the events go in as a terminal's would (posted to the app, mouse clicks as
down/up pairs the app turns into clicks), and after each action the monkey runs the
event loop until nothing is ready to run (`settle`): every message handled, and what it
posted, and the screen updates whose time has come. `Pilot.pause` waits for the process
to be idle in 20 ms slices, and `Pilot.click` pauses four times: ~0.1 s and ~0.5 s an
action, which held the monkey to 600 actions in CI. Nothing is left out for speed: the
store's files are read after every action.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import shutil
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from unittest import mock

import textual.screen
from textual import events
from textual.app import _character_to_key
from textual.keys import REPLACED_KEYS, _get_unicode_name_from_key
from textual.widgets._footer import FooterKey

from reader.app.app import ReaderApp
from reader.claims.location import default_store_path
from reader.claims.storage import LAYOUT, shard_dir
from reader.claims.store import ClaimStore
from reader.collection import Collection

ROOT = Path(__file__).resolve().parent.parent.parent
BUNDLED = ROOT / "articles"
SIZE = (120, 40)
# Seconds between two screen updates (layout and paint; Textual's default is 1/60 s, a
# frame after nearly every action, a large share of its time): a frame every quarter second
# is a fast typist on a slow terminal. Keys still reach a stale layout, as they do there.
FRAME = 0.25
FULL_CHECK_EVERY = 100  # also open the store as the app does, and compare it with the app's claims
PAUSE_EVERY = 100  # also a Pilot pause (waits for the process to be idle, repaints)

# Keys from the app's bindings (`grep -rn 'Binding(' reader/app`), plus editing and
# movement keys. Left out: q and ctrl+q (quit; tried at the end), ctrl+c (quit), ctrl+p
# (the command palette runs whatever typed text matches, Quit included), and mouse presses on
# the footer keys of those (`send_mouse`).
BOUND = [
    "right_square_bracket",
    "left_square_bracket",
    "ctrl+k",
    "ctrl+b",
    "tab",
    "question_mark",
    "f1",
    "c",
    "u",
    "ctrl+r",
    "x",
    "ctrl+s",
    "ctrl+y",
    "y",
    "n",
    "escape",
    "j",
    "k",
    "space",
    "g",
    "G",
    "slash",
    "N",
    "s",
    "h",
    "v",
    "shift+left",
    "shift+right",
    "t",
    "e",
    "d",
    "Y",
    "ctrl+g",
    "a",
    "f",
]
OTHER = [
    "enter",
    "escape",
    "tab",
    "shift+tab",
    "up",
    "down",
    "left",
    "right",
    "pageup",
    "pagedown",
    "home",
    "end",
    "backspace",
    "delete",
]
TYPED = list("abz019 .,-/") + ["é", "漢", "😀", "[", "]"]
FORBIDDEN = {"q", "ctrl+q", "ctrl+c", "ctrl+p"}


def make_collection(folder: Path) -> Path:
    """The bundled articles plus odd files, in `folder/articles`."""
    target = folder / "articles"
    shutil.copytree(BUNDLED, target)
    (target / "binary.txt").write_bytes(bytes(range(256)) * 8)
    (target / "empty.txt").write_text("", encoding="utf-8")
    (target / "markup.txt").write_text(
        "Markup [bold]x[/] and [red]y title\n\n"
        "The text has [bold]x[/] and \x1b[31mred\x1b[0m escapes, \x1b]0;title\x07 a title "
        "and [link=http://x]link[/link]. It said 83 percent of firms agreed to it.\n\n"
        "A second paragraph, long enough that the cleaner keeps it as the body of an article.\n",
        encoding="utf-8",
    )
    (target / "cjk.txt").write_text(
        "漢字の記事\n\n"
        + "これは日本語のテキストです。政府は八十三パーセントと発表した。" * 20
        + "\n\n"
        + "中文段落，政府表示百分之八十三的企业同意。" * 20
        + "\n",
        encoding="utf-8",
    )
    (target / "latin1.txt").write_bytes(
        (
            "Café résumé naïve title\n\n"
            + "Le ministère a déclaré à Zürich que 83 % des entreprises étaient d'accord. " * 10
            + "\n"
        ).encode("latin-1")
    )
    return target


@dataclass
class Result:
    seed: int
    actions: int = 0
    seconds: float = 0.0
    checks: int = 0  # store checks (one after every action, one at the end)
    full_checks: int = 0  # of which the store was also opened and compared with the app
    claims: int = 0
    most_claims: int = 0  # the most claims seen in the store at a check
    kinds: Counter = field(default_factory=Counter)  # actions by kind
    log: list[str] = field(default_factory=list)  # the actions, in order

    @property
    def rate(self) -> float:
        return self.actions / self.seconds if self.seconds else 0.0


class StoreCheck:
    """Reads the store's files after every step: each is valid JSON of the right shape,
    every claim belongs to an article of the collection, no claim is stored twice, and no
    temporary file of a save is left. A file's JSON is parsed again only when its bytes
    changed (the bytes are read every time)."""

    def __init__(self, store_path: Path, article_ids: set[str]) -> None:
        self.head = store_path
        self.folder = shard_dir(store_path)
        self.article_ids = article_ids
        self._seen: dict[str, tuple[bytes, list[str]]] = {}  # file name -> (bytes, claim ids)

    def __call__(self) -> set[str]:
        """The ids of the claims on disk."""
        parent = self.head.parent
        names = os.listdir(parent) if parent.is_dir() else []
        shards = sorted(os.listdir(self.folder)) if self.folder.name in names else []
        leftovers = [n for n in names + shards if n.endswith(".tmp")]
        assert not leftovers, f"a save left temporary files: {leftovers}"
        ids: list[str] = []
        if self.head.name in names:
            raw = (self.head).read_bytes()
            if self._seen.get("") is None or self._seen[""][0] != raw:
                head = json.loads(raw)  # raises on half-written JSON
                assert isinstance(head, dict) and head.get("layout") == LAYOUT, head
                self._seen[""] = (raw, [])
        for name in shards:
            if not name.endswith(".json"):
                continue
            raw = (self.folder / name).read_bytes()
            seen = self._seen.get(name)
            if seen is None or seen[0] != raw:
                seen = (raw, self._claim_ids(name, json.loads(raw)))
                self._seen[name] = seen
            ids += seen[1]
        for name in set(self._seen) - set(shards) - {""}:
            del self._seen[name]
        assert len(ids) == len(set(ids)), f"a claim stored twice: {sorted(i for i in ids if ids.count(i) > 1)}"
        return set(ids)

    def _claim_ids(self, name: str, table: object) -> list[str]:
        assert isinstance(table, dict), f"{name}: not a table"
        strays = []
        for record in table.values():
            assert isinstance(record, dict) and isinstance(record.get("id"), str), f"{name}: {record!r}"
            if record.get("article") not in self.article_ids:
                strays.append((record["id"], record.get("article")))
        assert not strays, f"claims of no article in {name}: {strays}"
        return [record["id"] for record in table.values()]


def check_store(store_path: Path, article_ids: set[str]) -> set[str]:
    """The store opened read-only as the app opens it; every claim belongs to an article.
    The ids of its claims."""
    if not store_path.exists():
        return set()
    with ClaimStore.open(store_path, read_only=True) as store:
        claims = store.all()
    strays = [c for c in claims if c.article not in article_ids]
    assert not strays, f"claims of no article: {[(c.id, c.article) for c in strays]}"
    return {c.id for c in claims}


def choose(rng: random.Random) -> tuple:
    roll = rng.random()
    if roll < 0.04:  # a whole claim (random keys alone rarely get one through the prompt)
        return ("mark", rng.choice(("", "econ", "x", "漢字", "a b")))
    if roll < 0.50:
        return ("press", rng.choice(BOUND))
    if roll < 0.68:
        return ("press", rng.choice(OTHER))
    if roll < 0.82:
        return ("press", rng.choice(TYPED))
    if roll < 0.88:  # a fast typist: keys that arrive before the app handled the first
        return (
            "burst",
            *(rng.choice(BOUND + OTHER + TYPED) for _ in range(rng.randint(2, 6))),
        )
    x, y = rng.randrange(SIZE[0]), rng.randrange(SIZE[1])
    if roll < 0.93:
        return ("click", x, y, rng.choice((1, 1, 1, 2, 3)))
    if roll < 0.96:
        return ("drag", x, y, rng.randrange(SIZE[0]), rng.randrange(SIZE[1]))
    return ("scroll", x, y, rng.choice(("up", "down")))


def send_key(app, key: str) -> None:
    """Post a key event as the terminal driver does (and as `Pilot.press`, without its waits)."""
    if len(key) == 1 and not key.isalnum():
        key = _character_to_key(key)
    original = REPLACED_KEYS.get(key, key)
    try:
        char = unicodedata.lookup(_get_unicode_name_from_key(original))
    except KeyError:
        char = key if len(key) == 1 else None
    event = events.Key(key, char)
    event.set_sender(app)
    app.post_message(event)


def send_mouse(app, kind: type[events.MouseEvent], x: int, y: int, button: int = 1) -> None:
    """Post a mouse event as the terminal driver does: the app finds the widget, keeps
    the pointer's place, and turns a down and up on the same widget into a click."""
    if kind is events.MouseDown and _forbidden_footer_key(app, x, y):
        y -= 1  # a press on the footer's Quit or palette key is that key: left out, as they are
    event = kind(None, x, y, 0, 0, button, False, False, False, screen_x=x, screen_y=y)
    event.set_sender(app)
    app.post_message(event)


def _forbidden_footer_key(app, x: int, y: int) -> bool:
    try:
        widget, _ = app.get_widget_at(x, y)
    except Exception:  # noqa: BLE001 - no widget there (NoWidget), or no screen yet
        return False
    return isinstance(widget, FooterKey) and widget.key in FORBIDDEN


async def settle(app, limit: int = 1_000_000) -> None:
    """Run the event loop until no task or callback is ready to run: the messages posted
    so far are handled, and those they posted, and whatever timers were due. Timers not
    yet due (the cursor's blink, the next screen update) are not waited for."""
    loop = asyncio.get_running_loop()
    ready = loop._ready  # asyncio's default loop: the callbacks to run next
    for _ in range(limit):
        await asyncio.sleep(0)
        if not ready or app._exception is not None:
            return
    raise AssertionError(f"the app was still busy after {limit} turns of the event loop")


async def act(app, action: tuple) -> None:
    """One action, then the app settles."""
    kind = action[0]
    if kind == "press":
        assert action[1] not in FORBIDDEN
        send_key(app, action[1])
    elif kind == "burst":
        for key in action[1:]:
            assert key not in FORBIDDEN
            send_key(app, key)
    elif kind == "mark":  # out of any dialog, the next sentence, a tag, no note
        for key in ("escape", "escape", "j", "h", *action[1], "enter"):
            send_key(app, key)
            await settle(app)
    elif kind == "click":
        _, x, y, times = action
        for _ in range(times):  # within the app's time for a double click: a chain
            send_mouse(app, events.MouseDown, x, y)
            send_mouse(app, events.MouseUp, x, y)
    elif kind == "drag":
        _, x, y, x2, y2 = action
        send_mouse(app, events.MouseDown, x, y)
        for step in (1, 2, 3):
            await settle(app)
            send_mouse(
                app,
                events.MouseMove,
                x + (x2 - x) * step // 3,
                y + (y2 - y) * step // 3,
            )
        send_mouse(app, events.MouseUp, x2, y2)
    else:
        _, x, y, direction = action
        send_mouse(
            app,
            events.MouseScrollUp if direction == "up" else events.MouseScrollDown,
            x,
            y,
            0,
        )
    await settle(app)


async def run_monkey(folder: Path, seed: int, actions: int, frame: float = FRAME, prepare=None) -> Result:
    """Drive a ReaderApp on a fresh collection in `folder` with `actions` random actions.

    Raises (AssertionError or the app's own exception) on the first failure; the result's
    log then holds the actions up to it (`result` is filled as it goes, see `last_result`).
    """
    articles = make_collection(folder)
    store_path = default_store_path(articles)
    assert folder in store_path.parents, store_path  # never a real user's store
    article_ids = set(Collection.load(articles).ids)
    if prepare is not None:  # claims in the store before the app starts (hostile ones, say)
        prepare(articles, store_path)
    check = StoreCheck(store_path, article_ids)
    rng = random.Random(seed)
    result = Result(seed)
    global last_result
    last_result = result
    app = ReaderApp(articles, store_path)
    app.animation_level = "none"  # scrolling jumps: no waiting for animations
    started = time.perf_counter()
    with mock.patch.object(textual.screen, "UPDATE_PERIOD", frame):
        await _drive(app, rng, actions, result, check, store_path, article_ids)
    result.seconds = time.perf_counter() - started
    assert app._exception is None, app._exception
    leftovers = [p for p in store_path.parent.rglob(".*.tmp")]
    assert not leftovers, f"temporary files left: {leftovers}"
    result.claims = len(check())
    result.checks += 1
    assert check_store(store_path, article_ids) == check()
    with ClaimStore.open(store_path) as store:  # opens cleanly, for writing (no stale lock)
        assert not store.read_only, store.read_only_reason
    return result


async def _drive(app, rng, actions, result, check, store_path, article_ids) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        for number in range(1, actions + 1):
            action = choose(rng)
            result.log.append(repr(action))
            result.kinds[action[0]] += 1
            await act(app, action)
            result.actions = number
            assert app._exception is None, app._exception
            assert app.return_code is None, f"the app quit after action {number}: {action}"
            on_disk = check()
            result.checks += 1
            result.claims = len(on_disk)
            result.most_claims = max(result.most_claims, result.claims)
            if number % PAUSE_EVERY == 0:
                await pilot.pause()
            if number % FULL_CHECK_EVERY == 0 or number == actions:
                await app.workers.wait_for_complete()
                assert check_store(store_path, article_ids) == check(), "the store opens to other claims"
                if not app.history.pending and app.store_session.store is not None:
                    # What the app shows as saved is what is on disk.
                    assert {c.id for c in app.history.all_claims()} == check(), "the app and the disk differ"
                result.full_checks += 1
        # Quit: close modals first, then q (twice if it warns of unsaved changes).
        for _ in range(5):
            if len(app.screen_stack) <= 1:
                break
            await pilot.press("escape")
        if len(app.screen_stack) > 1:
            app.pop_screen()  # a modal that escape does not close: say so in the log
            result.log.append("(popped a modal escape did not close)")
        await pilot.press("escape", "escape")  # the find bar, the claims panel
        if len(app.screen_stack) == 1:
            app.main_screen.text_view.focus()  # not an input, where q is a letter
        await pilot.pause()
        await pilot.press("q")
        if app.return_code is None:
            await pilot.press("q")
        assert app.return_code is not None, "q did not quit"


last_result: Result | None = None


def no_system_clipboard(*_args) -> None:
    """Stands in for pyperclip.copy: the monkey never touches the user's clipboard."""
    import pyperclip

    raise pyperclip.PyperclipException("no clipboard in the monkey test")
