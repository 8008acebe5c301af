from __future__ import annotations

from reader.cleaning.model import Draft


def take_section_label(draft: Draft) -> Draft:
    return draft


def take_title(draft: Draft) -> Draft:
    return draft


def take_subtitle(draft: Draft) -> Draft:
    return draft


def take_byline(draft: Draft) -> Draft:
    return draft


def take_source_url(draft: Draft) -> Draft:
    return draft


def split_run_in_deck(draft: Draft) -> Draft:
    return draft


def drop_lead(draft: Draft) -> Draft:
    return draft
