"""What a start from a warm cache imports: not the process pool's modules, not
`importlib.resources` when a folder is given, not `tomllib` without a config file. Each is
imported where it is needed (see the tests of those paths); this checks they stay out of
the start, in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from reader.collection import Collection

# What the app's start runs before Textual: the command line, the config, the scan.
START = """
import json, sys
from pathlib import Path
from reader.cli import articles_folder
from reader.app.loading import Library
from reader.config import load_config

config, problems = load_config()
library = Library(articles_folder(Path(sys.argv[1])))
library.scan()
print(json.dumps({"pending": library.pending, "articles": len(library.summaries), "modules": sorted(sys.modules)}))
"""

LAZY = ("multiprocessing", "concurrent.futures.process", "importlib.resources", "tomllib", "textual")


def start(articles: Path) -> dict:
    done = subprocess.run([sys.executable, "-c", START, str(articles)], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


def test_a_start_from_the_cache_imports_no_pool_resources_or_toml(articles_dir: Path) -> None:
    loaded = Collection.load(articles_dir)  # the cache warm, as at a second start
    seen = start(articles_dir)
    assert seen["pending"] == 0 and seen["articles"] == len(loaded.ids)
    assert [m for m in seen["modules"] if m in LAZY] == []


def test_the_lazily_imported_paths_still_work(tmp_path: Path, articles_dir: Path, monkeypatch) -> None:
    # A pool (multiprocessing, concurrent.futures), the bundled collection
    # (importlib.resources) and a config file (tomllib), in a fresh interpreter.
    config = tmp_path / "xdg_config_home" / "reader" / "config.toml"
    config.parent.mkdir(parents=True, exist_ok=True)
    config.write_text('theme = "nord"\n', "utf-8")
    script = """
import sys
from pathlib import Path
from reader.cli import articles_folder
from reader.collection import Collection
from reader.config import load_config

config, problems = load_config()
assert config.theme == "nord" and problems == [], (config, problems)
bundled = articles_folder(None)
assert bundled.name == "bundled" and bundled.is_dir(), bundled
pooled = Collection.load(Path(sys.argv[1]), use_cache=False, workers=2)
alone = Collection.load(Path(sys.argv[1]), use_cache=False, workers=1)
assert pooled.articles == alone.articles and pooled.articles
print("ok")
"""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # no ./articles here: the bundled collection is the default
    done = subprocess.run([sys.executable, "-c", script, str(articles_dir)], check=True, capture_output=True, text=True)
    assert done.stdout.strip() == "ok"


# What the first screen does without (issue 16): each is imported where it is first
# needed (claims placed, signals shown, a dialog or an export opened, a file cleaned,
# the store opened after the first paint). The main screen is the first screen itself.
HEAVY = (
    "edlib",
    "sentencex",
    "pygments",
    "trafilatura",
    "charset_normalizer",
    "lxml",
    "reader.claims.anchoring",
    "reader.claims.board",
    "reader.claims.figures",
    "reader.signals",
    "reader.notes",
    "reader.app.screens",
    "reader.cleaning.removed",
    "reader.claims.store",
    "reader.claims.storage",
    "tinydb",
)
FIRST_SCREEN = ("reader.app.screens", "reader.app.screens.main", "reader.app.screens.dialog")


def test_importing_the_app_leaves_the_heavy_modules_out() -> None:
    script = "import json, sys\nimport reader.app.app\nprint(json.dumps(sorted(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True, text=True)
    modules = json.loads(done.stdout)
    heavy = [m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY) and m not in FIRST_SCREEN]
    assert heavy == []
