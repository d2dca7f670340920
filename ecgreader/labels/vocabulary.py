"""A study's label vocabulary: the findings readers tick and the network predicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ecgreader.labels.csv_table import TableFileError, read_table, read_utf8_text

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
        """Read a vocabulary from a CSV with columns ``key,finding`` (or a JSON list of them).

        Raises FileNotFoundError, or ValueError naming the file (and line or item) and the problem.
        """
        path = Path(path)
        labels = _labels_from_json(path) if path.suffix.lower() == ".json" else _labels_from_csv(path)
        try:
            return cls(labels)
        except ValueError as error:
            raise ValueError(f"{path}: not a label vocabulary ({error})") from error


def _labels_from_csv(path: Path) -> tuple[Label, ...]:
    table = read_table(path)
    if not {"key", "finding"} <= set(table.columns):
        raise ValueError(f"{path}: not a label vocabulary (expected a CSV with the columns key,finding)")
    blank = next((row.line for row in table.rows if not row.cells["key"]), None)
    if blank is not None:
        raise TableFileError(path, "blank key", blank)
    return tuple(Label(row.cells["key"], row.cells["finding"]) for row in table.rows)


def _labels_from_json(path: Path) -> tuple[Label, ...]:
    try:
        items = json.loads(read_utf8_text(path))
    except json.JSONDecodeError as error:
        raise ValueError(f"{path}: not JSON ({error})") from error
    if not isinstance(items, list):
        raise ValueError(f'{path}: expected a JSON list of {{"key": …, "finding": …}} objects')
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not all(isinstance(item.get(field), str) for field in ("key", "finding")):
            raise ValueError(f'{path}: item {number} is not an object with text fields "key" and "finding"')
    return tuple(Label(item["key"].strip(), item["finding"].strip()) for item in items)


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
