"""Label-stratified splits of multi-label records, so that rare labels land on both sides."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def stratified_split(gold: dict[str, Iterable[str]], first_size: int, seed: int) -> tuple[list[str], list[str]]:
    """Split record ids into two groups of ``first_size`` and the rest.

    For each label, from the rarest up, its still-unassigned records go one by one to the side
    that holds fewer of that label (then to the emptier side), so even a 4-record label is split
    2/2. Records without any label fill the remaining places at random.
    """
    first, second = "first", "second"
    labels_of = {record_id: set(labels) for record_id, labels in gold.items()}
    ids = sorted(labels_of, key=lambda i: (len(i), i))
    if not 0 <= first_size <= len(ids):
        raise ValueError(f"first_size {first_size} is outside 0..{len(ids)}")
    rng = np.random.default_rng(seed)
    capacity = {first: first_size, second: len(ids) - first_size}
    assigned: dict[str, str] = {}
    counts: dict[str, int] = {}
    for labels in labels_of.values():
        for label in labels:
            counts[label] = counts.get(label, 0) + 1

    def place(record_id: str, label: str | None) -> None:
        taken = list(assigned.values())
        open_sides = [side for side in (first, second) if taken.count(side) < capacity[side]]

        def load(side: str) -> tuple[int, int]:
            with_label = sum(assigned[i] == side and label in labels_of[i] for i in assigned) if label else 0
            return with_label, taken.count(side)

        assigned[record_id] = min(open_sides, key=load)

    for label in sorted(counts, key=lambda key: (counts[key], key)):
        members = [i for i in ids if label in labels_of[i] and i not in assigned]
        for record_id in rng.permutation(members):
            place(str(record_id), label)
    for record_id in rng.permutation([i for i in ids if i not in assigned]):
        place(str(record_id), None)
    return (
        [i for i in ids if assigned[i] == first],
        [i for i in ids if assigned[i] == second],
    )
