"""Each reader's own case order, derived from the study seed and the reader.

The order is a sort on a SHA-256 of (seed, reader, case), so it is the same on every
workstation, Python and numpy version, and survives restarts; two readers get unrelated orders.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence


def reader_order(study_seed: int, reader_id: int, case_ids: Sequence[int]) -> list[int]:
    def key(case_id: int) -> bytes:
        return hashlib.sha256(f"{study_seed}:{reader_id}:{case_id}".encode()).digest()

    return sorted(case_ids, key=key)
