"""Changes to claims that can be undone, and that are never lost when the store can't save.

Every change (create, edit, delete, a tag renamed on many claims) is a `Step`: pairs of
(before, after) claims, None standing for "not there". Undo applies a step backwards, redo
forwards. A step the store refuses (read-only, changed by another program, disk full)
waits in `pending`, in order, and is shown as if saved (`claims_for`, `all_claims` lay the
pending steps over what is stored); `flush` saves the pending steps once writing works
again. Nothing here knows about the app: it is plain Python over a `ClaimStore`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from reader.claims.errors import StoreConflict, StoreError
from reader.claims.model import Claim
from reader.claims.tags import normalise_tags

if TYPE_CHECKING:  # the store (and TinyDB) is imported by whoever opens one, not here
    from reader.claims.store import ClaimStore

Pair = tuple["Claim | None", "Claim | None"]


@dataclass(frozen=True)
class Step:
    """One user action on claims: what each touched claim was before and is after."""

    label: str  # "mark", "tags", "note", "delete", "re-attach", "rename tag"
    pairs: tuple[Pair, ...]

    def inverse(self) -> Step:
        return Step(self.label, tuple((after, before) for before, after in reversed(self.pairs)))

    @property
    def claims(self) -> list[Claim]:
        """The claims as they are after the step (the removed ones as they were)."""
        return [after or before for before, after in self.pairs if (after or before) is not None]  # type: ignore[misc]


def create(claim: Claim) -> Step:
    return Step("mark", ((None, claim),))


def edit(before: Claim, after: Claim, label: str = "edit") -> Step:
    return Step(label, ((before, after),))


def delete(claim: Claim) -> Step:
    return Step("delete", ((claim, None),))


def rename_tag(claims: Iterable[Claim], old: str, new: str) -> Step:
    """Every claim tagged `old` tagged `new` instead (merged where it has both), as
    `ClaimStore.rename_tag` does, but as one step that can be undone."""
    new_tags = normalise_tags([new])
    if not new_tags:
        raise ValueError("the new tag name is empty")
    pairs = []
    for claim in claims:
        if old in claim.tags:
            tags = tuple(dict.fromkeys(new_tags[0] if t == old else t for t in claim.tags))
            pairs.append((claim, replace(claim, tags=tags)))
    return Step("rename tag", tuple(pairs))


class History:
    """Undo and redo over a claim store, with the steps it could not save yet kept pending.

    `store` may be None (a store that could not be read at all): then every step is
    pending, and `unavailable` says why.
    """

    def __init__(self, store: ClaimStore | None, unavailable: str = "") -> None:
        self.store = store
        self.unavailable = unavailable
        self.undo_stack: list[Step] = []
        self.redo_stack: list[Step] = []
        self.pending: list[Step] = []
        self.last_error = ""
        self.conflict = False  # the last flush met claims another program changed meanwhile

    # -- doing and undoing ---------------------------------------------------------------

    def do(self, step: Step) -> bool:
        """Apply a new step; True when it was saved, False when it waits in `pending`."""
        self.undo_stack.append(step)
        self.redo_stack.clear()
        return self._apply(step)

    def undo(self) -> tuple[Step | None, bool]:
        """Undo the last step: (the step undone or None, whether that was saved)."""
        if not self.undo_stack:
            return None, True
        step = self.undo_stack.pop()
        self.redo_stack.append(step)
        return step, self._apply(step.inverse())

    def redo(self) -> tuple[Step | None, bool]:
        if not self.redo_stack:
            return None, True
        step = self.redo_stack.pop()
        self.undo_stack.append(step)
        return step, self._apply(step)

    def _apply(self, step: Step) -> bool:
        self.pending.append(step)
        return self.flush()

    def flush(self) -> bool:
        """Save the pending steps in order; True when none is left. On failure the step
        that failed and those after it stay pending and `last_error` says why."""
        while self.pending:
            try:
                self._write(self.pending[0])
            except (StoreError, OSError) as error:
                self.last_error = _reason(error)
                self.conflict = isinstance(error, StoreConflict)
                return False
            self.pending.pop(0)
        self.last_error = ""
        self.conflict = False
        return True

    def _write(self, step: Step) -> None:
        store = self.store
        if store is None:
            raise StoreError(self.unavailable or "no claim store is open")
        # One save for the whole step (all or nothing). Pairs already written are skipped;
        # a claim another program changed since this step read it (a `reader tag rename`
        # while this app was read-only, say) raises StoreConflict instead of being undone.
        store.apply(list(step.pairs))

    # -- a conflict: another program changed claims that waiting changes also change ------

    def keep_mine(self) -> bool:
        """Settle a conflict for the waiting changes: each claim they change is taken from
        what the store holds now, so they are written over the other change (the user's
        choice, never done unasked). True when all are saved."""
        store = self.store
        if store is None:
            return self.flush()
        seen: set[str] = set()
        rebased = []
        for step in self.pending:
            pairs = []
            for before, after in step.pairs:
                claim = after or before
                if claim is not None and claim.id not in seen:
                    seen.add(claim.id)
                    before = _stored(store, claim.id)  # (later steps start from this one's result)
                pairs.append((before, after))
            rebased.append(Step(step.label, tuple(pairs)))
        self.pending = rebased
        # Undoing what came before would meet the other change again: that history ends here.
        self.undo_stack.clear()
        self.redo_stack.clear()
        return self.flush()

    def keep_theirs(self) -> list[Step]:
        """Settle a conflict by dropping the waiting changes: the store's claims are shown
        and kept. Returns the steps dropped (what the user gave up, to say so)."""
        dropped, self.pending = self.pending, []
        self.undo_stack.clear()
        self.redo_stack.clear()
        self.last_error = ""
        self.conflict = False
        return dropped

    # -- what is shown -------------------------------------------------------------------

    def _overlay(self, claims: list[Claim], keep) -> list[Claim]:
        if not self.pending:
            return claims
        by_id = {c.id: c for c in claims}
        for step in self.pending:
            for before, after in step.pairs:
                claim = after or before
                if claim is None or not keep(claim):
                    continue
                if after is None:
                    by_id.pop(claim.id, None)
                else:
                    by_id[claim.id] = after
        return list(by_id.values())

    def claims_for(self, article_id: str) -> list[Claim]:
        """The article's claims: stored, with the pending steps laid over them."""
        stored = self._read(lambda s: s.for_article(article_id))
        claims = self._overlay(stored, lambda c: c.article == article_id)
        return sorted(claims, key=lambda c: (c.start, c.end, c.created))

    def all_claims(self) -> list[Claim]:
        claims = self._overlay(self._read(lambda s: s.all()), lambda c: True)
        return sorted(claims, key=lambda c: (c.file, c.article, c.start, c.created))

    def counts(self) -> Counter[str]:
        if not self.pending and self.store is not None:
            return self.store.counts()
        return Counter(c.article for c in self.all_claims())

    def tags(self) -> Counter[str]:
        if not self.pending and self.store is not None:
            return self.store.tags()
        return Counter(t for c in self.all_claims() for t in c.tags)

    def _read(self, query) -> list[Claim]:
        if self.store is None:
            return []
        return query(self.store)

    @property
    def unsaved(self) -> list[Claim]:
        """Claims whose latest change is not stored yet (for copying them out by hand)."""
        latest: dict[str, Claim] = {}
        for step in self.pending:
            for claim in step.claims:
                latest[claim.id] = claim
        return list(latest.values())


def _stored(store: ClaimStore, claim_id: str) -> Claim | None:
    try:
        return store.get(claim_id)
    except KeyError:
        return None


def _reason(error: BaseException) -> str:
    if isinstance(error, OSError) and not isinstance(error, StoreError):
        where = f"{error.filename}: " if error.filename else ""
        return f"{where}{error.strerror or error}"
    return str(error)


__all__ = ["History", "Step", "create", "delete", "edit", "rename_tag"]
