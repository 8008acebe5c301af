"""The cycle collector pause: off inside, restored after, also on errors and when nested."""

from __future__ import annotations

import gc

import pytest

from reader.gcpause import cycle_collection_paused


def test_paused_inside_and_restored_after_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(ValueError), cycle_collection_paused():
        assert not gc.isenabled()
        raise ValueError
    assert gc.isenabled()


def test_nested_pauses_end_with_the_outermost() -> None:
    with cycle_collection_paused():
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_pause_leaves_a_collector_turned_off_by_others_off() -> None:
    gc.disable()
    try:
        with cycle_collection_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
