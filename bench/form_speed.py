"""Time the notebook form on flat configs of 100 and 1000 parameters; print a table.

For each size: build time, time of one dropdown change at the first and at the last
parameter, config runs per build and per change, widgets created, and messages and
bytes sent to the browser per change. A change is compared with one call of the same
config through the engine (`cfg()`), and with `cfg.explore(...)`, the form's only
door into the engine. Widgets run on the `comm` package's dummy comm (no kernel), so
message sending costs only building the message, not serialising or the network.

Run: python bench/form_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

import ipywidgets

from hypster_ui import ConfigForm

SIZES = (100, 1000)


def write_flat_config(folder: Path, count: int):
    """Write and import a flat config: selects, numbers and bounded ints in turn.

    The first and last parameters are selects, so a dropdown change can be timed at
    both ends of the form.
    """
    lines = [
        "from hypster import HP, config",
        "",
        "RUNS = []",
        "",
        "",
        "@config",
        "def flat(hp: HP):",
        "    RUNS.append(1)",
    ]
    for i in range(count):
        if i % 3 == 0 or i == count - 1:
            lines.append(f'    p{i} = hp.select(["a", "b", "c"], default="a")')
        elif i % 3 == 1:
            lines.append(f"    p{i} = hp.number({i}.5)")
        else:
            lines.append(f"    p{i} = hp.int({i}, min=0, max={10 * count})")
    path = folder / f"flat_{count}.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    spec = importlib.util.spec_from_file_location(f"flat_{count}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def browser_edit(widget: ipywidgets.Widget, **state) -> None:
    """Hand a widget the comm message that a browser sends for a person's edit."""
    widget._handle_msg(
        {
            "content": {
                "data": {"method": "update", "state": state, "buffer_paths": []}
            },
            "buffers": [],
        }
    )


class Outbox:
    """Counts messages and bytes that widgets send while installed."""

    def __init__(self) -> None:
        self.count = 0
        self.size = 0
        self._original = ipywidgets.Widget._send

    def __enter__(self) -> Outbox:
        outbox = self
        original = self._original

        def send(widget, msg, buffers=None):
            outbox.count += 1
            outbox.size += len(json.dumps(msg, default=str))
            return original(widget, msg, buffers)

        ipywidgets.Widget._send = send
        return self

    def __exit__(self, *exc_info) -> None:
        ipywidgets.Widget._send = self._original


def median_time(action, repeat: int) -> float:
    """Return the median wall time of `action()` in seconds over `repeat` runs."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def live_widgets() -> int:
    return len(ipywidgets.widgets.widget._instances)


def measure(folder: Path, count: int, repeat: int) -> dict:
    """Measure one form size and return its row of figures."""
    module = write_flat_config(folder, count)
    cfg = module.flat
    row: dict = {"size": count}

    row["call"] = median_time(cfg, repeat * 5)
    row["explore"] = median_time(
        lambda: cfg.explore(catch=True, strict=False, preferred={}), repeat * 5
    )

    builds = []
    form = None
    for _ in range(5):
        if form is not None:
            # Closed forms leave no widgets behind to slow the next build down.
            form.close()
        module.RUNS.clear()
        before = live_widgets()
        start = time.perf_counter()
        form = ConfigForm(cfg)
        builds.append(time.perf_counter() - start)
        row["build_runs"] = len(module.RUNS)
        row["widgets"] = live_widgets() - before
    # The fastest build is the least disturbed by other work on the machine.
    row["build"] = min(builds)

    for where, path in (("first", "p0"), ("last", f"p{count - 1}")):
        control = form.controls[path]
        indexes = iter([1, 0] * repeat)
        module.RUNS.clear()
        with Outbox() as outbox:
            row[f"change_{where}"] = median_time(
                lambda control=control, indexes=indexes: browser_edit(
                    control, index=next(indexes)
                ),
                repeat,
            )
        row[f"runs_{where}"] = len(module.RUNS) / repeat
        row[f"messages_{where}"] = outbox.count / repeat
        row[f"bytes_{where}"] = outbox.size / repeat
    form.close()
    return row


def print_table(rows: list[dict]) -> None:
    """Print the figures as a Markdown table; per-change columns read first/last."""
    ms = 1000.0
    header = (
        "| params | cfg() ms | explore ms | build ms | change first ms | "
        "change last ms | runs/build | runs/change | widgets | msgs/change | "
        "bytes/change |"
    )
    print(header)
    print("|---" * 11 + "|")

    for row in rows:
        runs = f"{row['runs_first']:g}/{row['runs_last']:g}"
        messages = f"{row['messages_first']:g}/{row['messages_last']:g}"
        size = f"{row['bytes_first']:.0f}/{row['bytes_last']:.0f}"
        print(
            f"| {row['size']} | {row['call'] * ms:.3f} | {row['explore'] * ms:.3f} | "
            f"{row['build'] * ms:.1f} | {row['change_first'] * ms:.3f} | "
            f"{row['change_last'] * ms:.3f} | {row['build_runs']} | {runs} | "
            f"{row['widgets']} | {messages} | {size} |"
        )


def print_ratios(rows: list[dict]) -> None:
    """Print each size's change cost against the engine, then large against small."""
    for row in rows:
        change = max(row["change_first"], row["change_last"])
        print(
            f"{row['size']} params: change / cfg() = {change / row['call']:.2f} "
            f"(target <= 3), change / explore = {change / row['explore']:.2f}"
        )

    small, large = rows[0], rows[-1]
    build_ratio = large["build"] / small["build"]
    change_ratio = max(large["change_first"], large["change_last"]) / max(
        small["change_first"], small["change_last"]
    )
    print(
        f"{large['size']} vs {small['size']} params: build x{build_ratio:.1f}, "
        f"change x{change_ratio:.1f} (target <= 12)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--repeat", type=int, default=40, help="timed edits per measurement"
    )
    args = parser.parse_args()
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}, "
        f"ipywidgets {ipywidgets.__version__}, median of {args.repeat} edits"
    )
    print()
    with tempfile.TemporaryDirectory() as folder:
        sys.path.insert(0, folder)
        rows = [measure(Path(folder), size, args.repeat) for size in SIZES]
    print_table(rows)
    print()
    print_ratios(rows)


if __name__ == "__main__":
    main()
