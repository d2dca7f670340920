"""Bulk lookups of readers, read labels and ratings, shared by the report rows and ``study verify``.

Column queries, one per table, rather than an ORM object per read: a large study's 200,000
ratings then load in well under a second (bench/report.py).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ecgreader.store.schema import LabelDefinition, Reader, ReaderGroup, ReadLabel, ReadRating


def readers_with_groups(session: Session) -> dict[int, tuple[str, str]]:
    """Reader id → (name, group)."""
    query = select(Reader.id, Reader.name, ReaderGroup.name).join(ReaderGroup, Reader.group_id == ReaderGroup.id)
    return {reader_id: (name, group) for reader_id, name, group in session.execute(query)}


def label_keys_by_read(session: Session) -> dict[int, list[str]]:
    """Read id → the keys of the labels ticked (present) in it."""
    keys: dict[int, list[str]] = {}
    query = select(ReadLabel.read_id, LabelDefinition.key).join(
        LabelDefinition, LabelDefinition.id == ReadLabel.label_id
    )
    for read_id, key in session.execute(query):
        keys.setdefault(read_id, []).append(key)
    return keys


def ratings_by_read(session: Session) -> dict[int, dict[str, float]]:
    """Read id → label key → rating (empty in present/absent studies)."""
    ratings: dict[int, dict[str, float]] = {}
    query = select(ReadRating.read_id, LabelDefinition.key, ReadRating.rating).join(
        LabelDefinition, LabelDefinition.id == ReadRating.label_id
    )
    for read_id, key, rating in session.execute(query):
        ratings.setdefault(read_id, {})[key] = rating
    return ratings
