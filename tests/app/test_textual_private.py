"""Textual's private parts are reached from reader/app/textual_private.py only."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import reader

READER = Path(reader.__file__).resolve().parent
THE_ONE_MODULE = READER / "app" / "textual_private.py"

# An import of (or a reference to) a private module of Textual: textual._x, textual.document._x.
PRIVATE_MODULE = re.compile(r"\btextual(?:\.\w+)*\._\w+")
# The private names of Textual's own classes that the reader uses (in textual_private.py).
KNOWN_PRIVATE = re.compile(
    r"\._(?:set_document|offset_to_line_info|bindings_ready|keymap|wrap_offsets|line_index_to_offsets"
    r"|tab_width_cache|tab_width|highlight_query|build_highlight_map|rewrap_and_refresh_virtual_size)\b"
    r"|\bdef _(?:set_document|move_page)\b"
)


def _sources() -> list[Path]:
    return [path for path in sorted(READER.rglob("*.py")) if path != THE_ONE_MODULE]


def test_no_module_but_one_imports_a_private_module_of_textual() -> None:
    found = [
        f"{path.relative_to(READER)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if PRIVATE_MODULE.search(line) and not line.lstrip().startswith("#")
    ]
    assert found == []


def test_no_module_but_one_uses_the_known_private_names_of_textual() -> None:
    found = [
        f"{path.relative_to(READER)}:{number}: {line.strip()}"
        for path in _sources()
        for number, line in enumerate(path.read_text("utf-8").splitlines(), 1)
        if KNOWN_PRIVATE.search(line)
    ]
    assert found == []


def _private_names(cls: type) -> set[str]:
    """The private names a class defines: methods, class attributes and the instance
    attributes its methods set."""
    try:
        source = inspect.getsource(cls)
    except (OSError, TypeError):
        source = ""
    names = {name for name in vars(cls) if name.startswith("_") and not name.startswith("__")}
    names |= {"_" + name for name in re.findall(r"\bself\._([a-z]\w*)\s*(?::[^=\n]*)?=[^=]", source)}
    return names


def test_no_widget_but_those_in_the_one_module_touches_a_private_name_of_its_textual_bases() -> None:
    # Any class of reader.app built on Textual's: the private names of its Textual base
    # classes (methods, class and instance attributes) are neither used nor overridden.
    import reader.app

    touched = []
    for info in pkgutil.walk_packages(reader.app.__path__, "reader.app."):
        if info.name == "reader.app.textual_private":
            continue
        module = importlib.import_module(info.name)
        for cls in vars(module).values():
            if not inspect.isclass(cls) or cls.__module__ != module.__name__:
                continue
            bases = [base for base in cls.__mro__ if base.__module__.split(".")[0] in ("textual", "rich")]
            if not bases:
                continue
            theirs = set().union(*(_private_names(base) for base in bases))
            source = inspect.getsource(cls)
            ours = {"_" + name for name in re.findall(r"\._([a-z]\w*)", source)}
            ours |= {"_" + name for name in re.findall(r"\bdef _([a-z]\w*)", source)}
            ours |= {"_" + name for name in re.findall(r"^    _([a-z]\w*)\s*[:=]", source, re.MULTILINE)}
            touched += [f"{module.__name__}.{cls.__name__}: {name}" for name in sorted(ours & theirs)]
    assert touched == []
