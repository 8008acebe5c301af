from __future__ import annotations

from reader.cleaning.model import Draft


def remove_captions(draft: Draft) -> Draft:
    return draft


def join_hyphenated_lines(draft: Draft) -> Draft:
    return draft


def join_broken_paragraphs(draft: Draft) -> Draft:
    return draft


def repair_split_compounds(draft: Draft) -> Draft:
    return draft


def mark_subheadings(draft: Draft) -> Draft:
    return draft
