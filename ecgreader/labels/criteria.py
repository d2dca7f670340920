"""What each finding means in a study: the criteria readers apply when they tick it.

Readers differ less when they read to the same written criteria. The defaults are the textbook
ones for the ten findings of the default vocabulary: the AHA/ACCF/HRS recommendations on
intraventricular conduction, hypertrophy and ischaemia (Surawicz et al. 2009; Hancock et al.
2009; Rautaharju et al. 2009) and the Fourth Universal Definition of Myocardial Infarction
(Thygesen et al. 2018). At the standard 10 mm/mV, 1 mm of the paper is 0.1 mV and, at 25 mm/s,
40 ms. A study's coordinator may replace any of them (``StudySettings.finding_criteria``).
"""

from __future__ import annotations

import json

from ecgreader.labels.vocabulary import Vocabulary

TEXTBOOK_CRITERIA = {
    "CRBBB": (
        "QRS ≥ 120 ms; rsr', rsR' or rSR' in V1 or V2 (R' usually wider than the first R); "
        "S wave in I and V6 longer than the R wave or > 40 ms; R-peak time in V5/V6 normal."
    ),
    "IRBBB": (
        "The right bundle branch block pattern (rsr' in V1/V2, S wider than R or > 40 ms in I and V6) "
        "with QRS 110–119 ms."
    ),
    "CLBBB": (
        "QRS ≥ 120 ms; broad notched or slurred R in I, aVL, V5, V6; no q wave in I, V5, V6; "
        "R-peak time > 60 ms in V5/V6; ST and T usually opposite to the QRS."
    ),
    "LAFB": ("Frontal QRS axis −45° to −90°; qR in aVL with R-peak time ≥ 45 ms; rS in II, III and aVF; QRS < 120 ms."),
    "IAVB": "PR interval > 200 ms, the same before every conducted beat, each P wave followed by a QRS.",
    "LVH": (
        "Voltage: Sokolow–Lyon SV1 + RV5 or RV6 ≥ 3.5 mV, or R in aVL ≥ 1.1 mV; Cornell R aVL + S V3 "
        "> 2.8 mV (men), > 2.0 mV (women). Supporting: left axis, QRS prolongation, strain-type ST-T "
        "(Romhilt–Estes score ≥ 5)."
    ),
    "LAE": (
        "P wave ≥ 120 ms in II, often notched with peaks ≥ 40 ms apart, or a terminal negative P in V1 "
        "≥ 1 mm deep and ≥ 40 ms long."
    ),
    "STE": (
        "New ST elevation at the J point in two contiguous leads: ≥ 1 mm in any lead but V2–V3; in V2–V3 "
        "≥ 2 mm in men ≥ 40 years, ≥ 2.5 mm in men < 40 years, ≥ 1.5 mm in women."
    ),
    "ISCH": (
        "New horizontal or downsloping ST depression ≥ 0.5 mm in two contiguous leads, and/or T inversion "
        "> 1 mm in two contiguous leads with a prominent R wave or R/S > 1."
    ),
    "QWAVE": (
        "Any Q wave in V2–V3 > 20 ms or a QS complex in V2–V3; or a Q wave ≥ 40 ms and ≥ 1 mm deep (or QS) "
        "in two contiguous leads of I, aVL; II, III, aVF; or V4–V6; or R > 40 ms with R/S > 1 in V1–V2 "
        "and an upright T (posterior)."
    ),
}


def finding_criteria(vocabulary: Vocabulary, overrides: str | None) -> dict[str, str]:
    """The criteria of each finding of ``vocabulary`` (key → text, in vocabulary order).

    ``overrides`` is the study's JSON object of key → criteria (None: the textbook defaults
    only); a finding with neither gets "". Raises ValueError naming the problem in it.
    """
    criteria = {key: TEXTBOOK_CRITERIA.get(key, "") for key in vocabulary.keys}
    if overrides is None:
        return criteria
    try:
        given = json.loads(overrides)
    except json.JSONDecodeError as error:
        raise ValueError(f"the study's finding criteria are not JSON ({error})") from error
    if not isinstance(given, dict) or not all(isinstance(text, str) for text in given.values()):
        raise ValueError('the study\'s finding criteria must be a JSON object of {"label key": "criteria"}')
    unknown = sorted(set(given) - set(criteria))
    if unknown:
        raise ValueError(f"the study's finding criteria name labels not in its vocabulary: {', '.join(unknown)}")
    criteria.update({key: text.strip() for key, text in given.items()})
    return criteria
