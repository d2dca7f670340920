"""How each source's diagnostic terms map onto the default vocabulary. Data, not logic.

The tables below implement, per vocabulary key, these source terms:

- CRBBB: SNOMED 713427006, 59118001; SCP CRBBB; LUDB "Complete right bundle branch block"
- IRBBB: SNOMED 713426002; SCP IRBBB; LUDB "Incomplete right bundle branch block"
- CLBBB: SNOMED 733534002, 164909002; SCP CLBBB; LUDB "Complete left bundle branch block"
- LAFB: SNOMED 445118002; SCP LAFB; LUDB "Left anterior hemiblock"
- IAVB: SNOMED 270492004; SCP 1AVB; LUDB "I degree av block"
- LVH: SNOMED 164873001; SCP LVH; LUDB "Left ventricular hypertrophy"
- LAE: SNOMED 67741000119109, 446813000, 253352002; SCP LAO/LAE;
  LUDB "Left atrial hypertrophy", "Left atrial overload"
- STE: SNOMED 164931005; SCP STE_, INJ*; LUDB "Stemi: …"
- ISCH: SNOMED 429622005, 59931005, 164861001, 426434006; SCP ISC_, ISC*, STD_, INVT;
  LUDB "Ischemia: …", "Undefined ischemia/scar/supp.nstemi: …"
- QWAVE: SNOMED 164917005, 164867002; SCP QWAVE, IMI, AMI, ASMI, ALMI, ILMI, LMI, PMI, IPMI,
  IPLMI; LUDB "Scar formation: …"

Decisions on ambiguous terms (each is tested in tests/test_labels.py):

1. SNOMED 59118001 "right bundle branch block" and 164909002 "left bundle branch block" do not
   say complete or incomplete. The challenge scores them as equivalent to the complete forms, and
   incomplete blocks have codes of their own, so they map to CRBBB / CLBBB.
2. SNOMED 426434006 "anterior ischemia" is an ischaemia statement read from the ECG: ISCH.
   Not mapped: 164930006 "ST interval abnormal" and 164934002 "T wave abnormal" (non-specific,
   they say neither elevation nor depression), 57054005 "acute myocardial infarction" and
   413444003 "acute myocardial ischemia" (they may present as STE or as ISCH; a code that could be
   either is not forced into one).
3. LUDB "Left ventricular overload" is a repolarisation (strain) statement, not the voltage
   criterion: not LVH. (In LUDB 1.0.1 all 11 such records also carry "Left ventricular
   hypertrophy", so the gold standard is the same either way.)
4. LUDB "Iii degree av-block" and "Incomplete left bundle branch block" are outside the ten;
   phrases match whole lines (case-insensitive), so "I degree av block" never matches them.
5. LUDB "Undefined ischemia/scar/supp.nstemi" goes to ISCH as the table says; a record with
   "Scar formation" is QWAVE in addition, never instead.
6. PTB-XL: every SCP statement listed for a record counts, whatever its likelihood value
   (PTB-XL gives likelihood 0 to statements made without a stated certainty).
"""

from __future__ import annotations

# A trailing "*" matches any code with that prefix; a trailing ":" matches any LUDB line
# that starts with that phrase (the wall of the heart follows it).
SNOMED_CODES: dict[str, tuple[str, ...]] = {
    "CRBBB": ("713427006", "59118001"),
    "IRBBB": ("713426002",),
    "CLBBB": ("733534002", "164909002"),
    "LAFB": ("445118002",),
    "IAVB": ("270492004",),
    "LVH": ("164873001",),
    "LAE": ("67741000119109", "446813000", "253352002"),
    "STE": ("164931005",),
    "ISCH": ("429622005", "59931005", "164861001", "426434006"),
    "QWAVE": ("164917005", "164867002"),
}

PTBXL_SCP_CODES: dict[str, tuple[str, ...]] = {
    "CRBBB": ("CRBBB",),
    "IRBBB": ("IRBBB",),
    "CLBBB": ("CLBBB",),
    "LAFB": ("LAFB",),
    "IAVB": ("1AVB",),
    "LVH": ("LVH",),
    "LAE": ("LAO/LAE",),
    "STE": ("STE_", "INJ*"),
    "ISCH": ("ISC*", "STD_", "INVT"),
    "QWAVE": (
        "QWAVE",
        "IMI",
        "AMI",
        "ASMI",
        "ALMI",
        "ILMI",
        "LMI",
        "PMI",
        "IPMI",
        "IPLMI",
    ),  # fmt: skip
}

LUDB_PHRASES: dict[str, tuple[str, ...]] = {
    "CRBBB": ("Complete right bundle branch block",),
    "IRBBB": ("Incomplete right bundle branch block",),
    "CLBBB": ("Complete left bundle branch block",),
    "LAFB": ("Left anterior hemiblock",),
    "IAVB": ("I degree av block",),
    "LVH": ("Left ventricular hypertrophy",),
    "LAE": ("Left atrial hypertrophy", "Left atrial overload"),
    "STE": ("Stemi:",),
    "ISCH": ("Ischemia:", "Undefined ischemia/scar/supp.nstemi:"),
    "QWAVE": ("Scar formation:",),
}
