"""Compiles the cleaner with mypyc when it can; everything else is in pyproject.toml.

The cleaner is plain, fully typed Python, and mypyc turns it into a C extension that
runs it 1.6-1.8 times as fast, unchanged. Compiling is optional in every way: with
READER_PURE_PYTHON=1 set, or without a C compiler, the package installs as pure Python
and behaves the same. `reader.cleaning` itself decides at import which to run (see its
`__init__`), so a source edited after the build is never shadowed by a stale binary.
"""

from __future__ import annotations

import os
import runpy
from pathlib import Path

from setuptools import setup
from setuptools.command.build_ext import build_ext

CLEANING = Path("reader", "cleaning")
# The package's __init__ chooses between compiled and source modules, and `version`
# digests the sources: both must stay Python. `html` only hands pages to trafilatura:
# compiling it gains nothing, and would make mypy read trafilatura and lxml.
NOT_COMPILED = {"__init__.py", "version.py", "html.py"}
# Written beside the binaries: the cleaner version they were compiled from.
BUILT_FROM = "_native.version"


def _sources() -> list[str]:
    return sorted(str(p) for p in CLEANING.glob("*.py") if p.name not in NOT_COMPILED)


def _extensions() -> list:
    if os.environ.get("READER_PURE_PYTHON"):
        return []
    try:
        from mypyc.build import mypycify
    except ImportError:  # a build without the build requirements: stay pure Python
        return []
    extensions = mypycify(_sources(), group_name="reader.cleaning._native", debug_level="0")
    for extension in extensions:
        # A failed compile warns and leaves the pure-Python package, never a failed install.
        extension.optional = True
    return extensions


class BuildExt(build_ext):
    """Records the cleaner version beside the binaries, once all of them were built."""

    def run(self) -> None:
        self._built: set[str] = set()
        super().run()
        names = {extension.name for extension in self.extensions}
        if not names or self._built != names:
            return
        version = runpy.run_path(str(CLEANING / "version.py"))["cleaner_version"]()
        target = Path(self.get_ext_fullpath("reader.cleaning._native__mypyc")).parent
        (target / BUILT_FROM).write_text(version + "\n", encoding="utf-8")

    def build_extension(self, ext) -> None:  # type: ignore[no-untyped-def]
        super().build_extension(ext)
        self._built.add(ext.name)


setup(ext_modules=_extensions(), cmdclass={"build_ext": BuildExt})
