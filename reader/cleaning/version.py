"""The cleaner's version: a digest of its own source, so that any change invalidates caches.

Read from the files rather than from the imported modules, so that checking a cache does
not have to import (and compile the patterns of) the whole cleaner.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def cleaner_version() -> str:
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


CLEANER_VERSION = cleaner_version()
