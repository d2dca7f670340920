"""Reading speed of the hospital ECG formats: the median time to read each shared sample file
with ``read_record`` after import (target <= 50 ms, so that a 1,000-case study from hospital
files is read within a minute), next to a WFDB record of the same size read in the same process
(the format studies were made of until now), and the reference decoders where they exist.
For SCP-ECG it then times our default-Huffman decoder against the ECGDataKit path it falls back
to (the reader before our decoder), both to a Record, and checks they agree to the last bit.

    python bench/formats.py [--repeats 21]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

from ecgreader.config import require_data_dir
from ecgreader.ecg.formats import detect_format, find_record_paths, read_record, write_wfdb
from ecgreader.ecg.formats.scp_ecg import read_scp_ecg, read_scp_ecg_with_ecgdatakit

TARGET_MS = 50.0


def median_ms(read: Callable[[], object], repeats: int) -> float:
    read()  # warm: imports and caches
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def reference_decoders() -> dict[str, tuple[set[str] | None, Callable[[Path], object]]]:
    """Other decoders of the same files, for scale, with the formats they read (None: all):
    ECGDataKit, and sierraecg for Philips XML where it is installed."""
    from ecgdatakit.parsing.parser import FileParser

    decoders: dict[str, tuple[set[str] | None, Callable[[Path], object]]] = {"ECGDataKit": (None, FileParser.parse)}
    try:
        import sierraecg

        decoders["sierraecg"] = ({"philips"}, lambda path: sierraecg.read_file(str(path)))
    except ImportError:
        pass
    return decoders


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=21)
    args = parser.parse_args()
    samples = find_record_paths([require_data_dir() / "formats"])
    decoders = reference_decoders()
    warnings.simplefilter("ignore")  # pydicom's notes on one sample's UIDs, through ECGDataKit
    print(f"{'file':<44} {'format':<8} {'shape':>10} {'read':>9} {'WFDB same size':>15} ", end="")
    print(" ".join(f"{name:>11}" for name in decoders))
    slowest = 0.0
    with tempfile.TemporaryDirectory() as folder:
        for path in samples:
            kind, record = detect_format(path), read_record(path)
            ours = median_ms(lambda path=path: read_record(path), args.repeats)
            header = write_wfdb(record, folder, "baseline")
            baseline = median_ms(lambda header=header: read_record(header), args.repeats)
            others = [
                f"{median_ms(lambda path=path, read=read: read(path), max(3, args.repeats // 4)):>8.1f} ms"
                if kinds is None or kind in kinds
                else f"{'-':>11}"
                for kinds, read in decoders.values()
            ]
            shape = f"{record.signal.shape[0]}x{record.signal.shape[1]}"
            print(f"{path.name[:44]:<44} {kind:<8} {shape:>10} {ours:>6.1f} ms {baseline:>12.1f} ms ", end="")
            print(" ".join(others))
            slowest = max(slowest, ours)
    verdict = "meets" if slowest <= TARGET_MS else "misses"
    print(f"slowest read {slowest:.1f} ms: {verdict} the {TARGET_MS:g} ms target")
    compare_scp_decoders([path for path in samples if detect_format(path) == "scp"], args.repeats)


def compare_scp_decoders(paths: list[Path], repeats: int) -> None:
    """SCP-ECG to a Record with our decoder and with the ECGDataKit path, in this process."""
    print(f"\n{'SCP-ECG to a Record':<44} {'own':>9} {'ECGDataKit path':>15} {'speed-up':>9}  same Record")
    for path in paths:
        ours = median_ms(lambda path=path: read_scp_ecg(path), repeats)
        theirs = median_ms(lambda path=path: read_scp_ecg_with_ecgdatakit(path), max(3, repeats // 4))
        a, b = read_scp_ecg(path), read_scp_ecg_with_ecgdatakit(path)
        same = a.signal.tobytes() == b.signal.tobytes() and (a.fs, a.age, a.sex) == (b.fs, b.age, b.sex)
        print(
            f"{path.name[:44]:<44} {ours:>6.1f} ms {theirs:>12.1f} ms {theirs / ours:>8.1f}x  {'yes' if same else 'NO'}"
        )


if __name__ == "__main__":
    main()
