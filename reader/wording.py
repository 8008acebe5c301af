"""Counts in words, as every message and status line says them: "1 claim", "2 claims"."""

from __future__ import annotations


def counted(number: int, noun: str, plural: str = "") -> str:
    """`number` and `noun`, in the plural (`plural`, else `noun` + "s") unless it is one."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"
