"""A study's label vocabulary: the findings readers tick and the network predicts."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

NONE_OF_THE_LISTED = "none of the listed"


@dataclass(frozen=True)
class Label:
    key: str  # short, stable identifier used in files and reports, e.g. "CRBBB"
    finding: str  # what the reader sees, e.g. "complete right bundle branch block"


@dataclass(frozen=True)
class Vocabulary:
    """An ordered set of labels; the order is the order of checkboxes and model outputs."""

    labels: tuple[Label, ...]

    def __post_init__(self) -> None:
        if not self.labels:
            raise ValueError("a vocabulary needs at least one label")
        keys = [label.key for label in self.labels]
        duplicated = sorted({key for key in keys if keys.count(key) > 1})
        if duplicated:
            raise ValueError(f"duplicated label keys: {', '.join(duplicated)}")
        blank = [label for label in self.labels if not label.key.strip()]
        if blank:
            raise ValueError("label keys must not be blank")

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(label.key for label in self.labels)

    def __len__(self) -> int:
        return len(self.labels)

    def __iter__(self):
        return iter(self.labels)

    def index(self, key: str) -> int:
        return self.keys.index(key)

    def to_json(self) -> str:
        return json.dumps([{"key": label.key, "finding": label.finding} for label in self.labels])

    @classmethod
    def from_json(cls, text: str) -> Vocabulary:
        return cls(tuple(Label(item["key"], item["finding"]) for item in json.loads(text)))

    @classmethod
    def from_file(cls, path: str | Path) -> Vocabulary:
        """Read a vocabulary from a CSV with columns ``key,finding`` (or a JSON list of them)."""
        path = Path(path)
        if not path.exists():
            raise FileNotFoundError(f"{path}: file missing")
        try:
            if path.suffix.lower() == ".json":
                return cls.from_json(path.read_text())
            with path.open(newline="") as handle:
                rows = list(csv.DictReader(handle))
            if not rows or not {"key", "finding"} <= set(rows[0]):
                raise ValueError("expected a CSV with the columns key,finding")
            return cls(tuple(Label(row["key"].strip(), row["finding"].strip()) for row in rows))
        except (ValueError, KeyError, TypeError) as error:
            raise ValueError(f"{path}: not a label vocabulary ({error})") from error


DEFAULT_VOCABULARY = Vocabulary(
    (
        Label("CRBBB", "complete right bundle branch block"),
        Label("IRBBB", "incomplete right bundle branch block"),
        Label("CLBBB", "complete left bundle branch block"),
        Label("LAFB", "left anterior fascicular block"),
        Label("IAVB", "first-degree AV block"),
        Label("LVH", "left ventricular hypertrophy"),
        Label("LAE", "left atrial enlargement/abnormality"),
        Label("STE", "ST elevation / acute injury"),
        Label("ISCH", "ischaemic ST depression / T inversion"),
        Label("QWAVE", "pathological Q waves / infarct scar"),
    )
)
