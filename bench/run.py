"""Run every benchmark and print their tables: `python bench/run.py`.

Each benchmark runs in its own process, so the engine's numbers are not measured
with the form's modules and widgets loaded.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCHMARKS = ("engine.py", "form_speed.py")


def main() -> int:
    folder = Path(__file__).resolve().parent
    failed = 0
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        failed |= subprocess.call([sys.executable, str(folder / name)])
        print(flush=True)
    return failed


if __name__ == "__main__":
    sys.exit(main())
