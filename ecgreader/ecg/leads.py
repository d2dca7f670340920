"""The standard 12 leads, in the order every part of the product uses."""

from __future__ import annotations

STANDARD_LEADS: tuple[str, ...] = (
    "I", "II", "III", "aVR", "aVL", "aVF", "V1", "V2", "V3", "V4", "V5", "V6",
)  # fmt: skip

_CANONICAL = {name.lower(): name for name in STANDARD_LEADS}


def normalise_lead_name(name: str) -> str | None:
    """Map a lead name as files spell it (``avr``, ``AVR``, ``v1``) to its standard spelling.

    Returns None for a name that is not one of the 12 standard leads.
    """
    return _CANONICAL.get(name.strip().lower())
