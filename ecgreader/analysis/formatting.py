"""How a metric is written for a person: one place, so that the dashboard, the report and the
model card write the same value the same way. An undefined value (a zero denominator) reads
"undefined", never 0 or "nan"."""

from __future__ import annotations

UNDEFINED = "undefined"


def format_number(value: float | None, digits: int = 3) -> str:
    """``value`` with ``digits`` decimals, e.g. "0.750"."""
    return UNDEFINED if value is None else f"{value:.{digits}f}"


def format_with_ci(value: float | None, low: float | None, high: float | None) -> str:
    """A metric and its 95 % CI, e.g. "0.750 (0.500–0.900)"; the value alone where the CI is undefined."""
    if value is None:
        return UNDEFINED
    if low is None or high is None:
        return format_number(value)
    return f"{format_number(value)} ({format_number(low)}–{format_number(high)})"


def format_difference(value: float | None, low: float | None, high: float | None) -> str:
    """A signed difference and its CI, e.g. "+0.125 (-0.050 to 0.300)"; "to" keeps minus signs legible."""
    if value is None:
        return UNDEFINED
    return f"{value:+.3f} ({format_number(low)} to {format_number(high)})"
