"""Automatic global measurements of a 12-lead ECG, as an electrocardiograph prints them.

Pure numpy/scipy (no Qt, no SQL): ``measure(record)`` returns the intervals, axes, per-lead
amplitudes and the median beats they were taken from; ``measurement_features`` turns them into
the fixed feature vector (``FEATURE_NAMES``) of the hybrid network.
"""

from ecgreader.measurements.features import FEATURE_NAMES, measurement_features
from ecgreader.measurements.measure import measure
from ecgreader.measurements.result import LeadAmplitudes, Measurements

__all__ = ["FEATURE_NAMES", "LeadAmplitudes", "Measurements", "measure", "measurement_features"]
