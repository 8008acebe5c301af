"""The core never imports Textual or the app (the import-linter contract in pyproject.toml)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "KEPT" in result.stdout


def test_the_readme_test_command_is_what_ci_runs() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    command = next(line for line in ci.splitlines() if line.startswith("python3 -m venv"))
    assert command in readme


def test_every_core_module_is_under_the_contract_that_keeps_it_free_of_textual() -> None:
    """A new core package or module must be listed, or the contract silently skips it."""
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    contract = next(
        c for c in config["tool"]["importlinter"]["contracts"] if c["name"].startswith("The core knows nothing")
    )
    listed = set(contract["source_modules"])
    edges = {"reader.app", "reader.cli", "reader.__main__", "reader.bundled"}
    package = ROOT / "reader"
    found = {
        "reader." + (p.stem if p.is_file() else p.name)
        for p in package.iterdir()
        if (p.suffix == ".py" and p.stem != "__init__") or (p.is_dir() and (p / "__init__.py").exists())
    }
    assert found - edges - listed == set()
