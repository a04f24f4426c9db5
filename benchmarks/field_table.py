"""What deriving the patient field table from the schema costs a command, per fresh process.

    .venv/bin/python benchmarks/field_table.py [RUNS]

Each run is a new interpreter that has already located the schemas folder (as every
command that reads the collection has, for the cache key), then times: reading and parsing
`patient.schema.json` (`load_schema`; `check` pays it anyway to validate the profile, so it
is new only for `show` and `compare`, which parse rules) and deriving the fields and units
from it (`fields.table()`, what every command that parses a rule now pays once).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

PROBE = """
import json, time
from trialcmp.resources import load_schema, schemas_dir
from trialcmp.schema import PATIENT_SCHEMA
import trialcmp.eligibility.fields as fields
schemas_dir()
t0 = time.perf_counter()
load_schema(PATIENT_SCHEMA)
t1 = time.perf_counter()
fields.table()
t2 = time.perf_counter()
print(json.dumps({"load_schema(patient)": t1 - t0, "fields.table()": t2 - t1}))
"""


def main(runs: int) -> None:
    rows = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(runs)
    ]
    for key in rows[0]:
        ms = sorted(row[key] * 1000 for row in rows)
        print(f"{key:22s} median {statistics.median(ms):.3f} ms, min {ms[0]:.3f} ms ({runs} runs)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
