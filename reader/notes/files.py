"""Where notes are written: a safe file name made from a title, and a write that never
replaces what it should not."""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path


class UnsafeTarget(ValueError):
    """A name that would write outside the folder asked for."""


#: Bytes a name made from a title may take (before its suffix): under every file system's 255.
_NAME_BYTES = 200

_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10))}


def safe_filename(title: str, suffix: str, limit: int = 80) -> str:
    """A file name made from a title that is safe on every OS: no separators, no `..`,
    no reserved device names, no control characters, not too long."""
    folded = unicodedata.normalize("NFKC", title)
    # Invisible format and control characters (bidi overrides, zero-width, C1) would make
    # the name shown differ from the name written.
    folded = "".join(c for c in folded if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf", "Cs"))
    name = re.sub(r'[\\/:*?"<>|\x00-\x1f\x7f]+', "-", folded)
    name = re.sub(r"\s+", " ", name).strip(" .-")
    name = name[:limit]
    while len(name.encode("utf-8")) > _NAME_BYTES:  # file systems count bytes (255 at most)
        name = name[:-1]
    name = name.rstrip(" .-")
    if not name or name.split(".")[0].lower() in _RESERVED:
        name = f"claims-{name}" if name else "claims"
    return name + suffix


def output_path(target: Path, title: str, suffix: str) -> Path:
    """Where to write: `target` itself, or when it is a folder, a safe name inside it."""
    if target.is_dir():
        path = target / safe_filename(title, suffix)
        if path.resolve().parent != target.resolve():
            raise UnsafeTarget(f"refusing to write outside {target}")
        return path
    return target


def write_new(path: Path, content: str, *, force: bool = False) -> None:
    """Write `content` to `path`, never replacing an existing file unless `force`."""
    from reader.claims.storage import atomic_write

    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as error:
        raise FileExistsError(f"{path}: cannot be checked ({error.strerror or error}); not written") from None
    if mode is not None and not stat.S_ISREG(mode):
        what = "a folder" if stat.S_ISDIR(mode) else "not a regular file (a device, pipe or socket)"
        raise FileExistsError(f"{path} is {what}; not written, even with --force")
    if mode is not None and not force:
        raise FileExistsError(f"{path} exists; not overwritten (use --force to replace it)")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, content.encode("utf-8"))
