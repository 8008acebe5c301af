"""Calls that exist on one platform only have a fallback."""

from __future__ import annotations

import os

import pytest

from reader.collection import pool


def test_workers_are_counted_without_sched_getaffinity(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delattr(os, "sched_getaffinity", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 3)
    assert pool.worker_count(pool.POOL_THRESHOLD) == 3
    assert pool.worker_count(1) == 1
