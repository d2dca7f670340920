"""Whether a record's amplitudes are true millivolts, told from the signal itself.

LUDB 1.0.1 as distributed scales every lead of every record to exactly 1 mV peak to peak (its
headers carry a different gain per lead chosen to that end): its paper is not at 10 mm/mV and
no voltage criterion (Sokolow-Lyon, Cornell) may be judged or computed on it. The check looks
at the signal rather than at the data set's name, so any source that rescaled its leads the same
way, or whose values cannot be millivolts at all, is caught at intake whatever its format.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from ecgreader.ecg.leads import STANDARD_LEADS
from ecgreader.ecg.record import FLAT_LINE_MV, Record

# Recorded leads whose peak-to-peak amplitudes differ by less than this fraction of their median
# were rescaled lead by lead. LUDB's leads agree to within one ADC count (under 0.2 % at its
# gains of 600 to 2,300 counts/mV); true voltages of a 12-lead ECG differ by tens of percent
# (over 50 % in every CinC 2021, Chapman and vendor-format sample the project holds).
EQUAL_PEAK_TO_PEAK_TOLERANCE = 0.01
# Fewer recorded, non-flat leads than this cannot show that a source rescaled its leads.
MIN_LEADS_TO_COMPARE = 6
# A median lead peak-to-peak outside this range is not an ECG in millivolts: under 0.1 mV
# is below the lowest low-voltage ECG (limb leads < 0.5 mV, chest leads < 1 mV); over 20 mV is
# several times the largest QRS complexes (left ventricular hypertrophy reaches 5-6 mV), as
# when microvolts or raw ADC counts are read as millivolts.
PLAUSIBLE_MEDIAN_PEAK_TO_PEAK_MV = (0.1, 20.0)
# What an uncalibrated amplitude means for a reader, said wherever such a record is shown.
NOT_CALIBRATED_CONSEQUENCE = (
    "the paper is not at a true mm/mV gain and no voltage criterion (Sokolow-Lyon, Cornell) can be judged"
)


def amplitude_problem(record: Record) -> str | None:
    """Why ``record``'s amplitudes are not true millivolts, or None when they can be.

    Flat leads (under ``FLAT_LINE_MV``: lead off) and leads derived from others are left out of
    the comparison, since a source rescales only what it recorded.
    """
    if record.zscored:
        return "each lead was z-scored by its source"
    peak_to_peak = np.ptp(record.signal.astype(np.float64), axis=1)
    recorded = [
        float(peak_to_peak[index])
        for index, lead in enumerate(STANDARD_LEADS)
        if lead not in record.derived_leads and peak_to_peak[index] >= FLAT_LINE_MV
    ]
    if not recorded:
        return None  # every lead flat: make_record refuses such records before they get here
    median = float(np.median(recorded))
    if (
        len(recorded) >= MIN_LEADS_TO_COMPARE
        and (max(recorded) - min(recorded)) <= EQUAL_PEAK_TO_PEAK_TOLERANCE * median
    ):
        return f"every lead is scaled to the same peak-to-peak amplitude ({median:.3f} mV)"
    low, high = PLAUSIBLE_MEDIAN_PEAK_TO_PEAK_MV
    if not low <= median <= high:
        return f"the median lead peak to peak, {median:.3g} mV, is outside the {low:g}-{high:g} mV of a real ECG"
    return None


def with_amplitude_assessed(record: Record) -> Record:
    """``record``, marked not amplitude-calibrated where ``amplitude_problem`` finds a reason."""
    if record.amplitude_calibrated and amplitude_problem(record) is not None:
        return replace(record, amplitude_calibrated=False)
    return record
