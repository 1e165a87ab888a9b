"""Time hp calls against a plain-Python floor and print a table.

Each row runs a generated config through the engine and a plain function that does
the same dict look-ups (an option list built and a default picked, or an override
read), and reports the ratio. Run: python bench/engine.py
"""

from __future__ import annotations

import sys
import tempfile
import textwrap
import time
import timeit
from pathlib import Path

import hypster

OPTIONS = '["a", "b", "c", "d"]'


def flat_body(count: int, prefix: str = "p") -> list[str]:
    """Lines of a body alternating a 4-option select and a number."""
    lines = []
    for i in range(count):
        if i % 2 == 0:
            lines.append(f'{prefix}{i} = hp.select({OPTIONS}, default="a")')
        else:
            lines.append(f"{prefix}{i} = hp.number({i}.5)")
    return lines


def plain_body(count: int, prefix: str = "p") -> list[str]:
    """Lines of the plain function doing the same look-ups."""
    lines = []
    for i in range(count):
        if i % 2 == 0:
            lines.append(f'{prefix}{i} = values.get("{prefix}{i}", {OPTIONS}[0])')
        else:
            lines.append(f'{prefix}{i} = values.get("{prefix}{i}", {i}.5)')
    return lines


def overrides_for(count: int, prefix: str = "") -> dict:
    """Override every other pair (half of the parameters)."""
    values = {}
    for i in range(count):
        if (i // 2) % 2 == 0:
            values[f"{prefix}p{i}"] = "b" if i % 2 == 0 else 0.25
    return values


def write_module(folder: Path, stem: str, source: str):
    path = folder / f"{stem}.py"
    path.write_text(source)
    namespace: dict = {"__name__": stem}
    exec(compile(source, str(path), "exec"), namespace)
    return namespace


def config_source(name: str, body: list[str]) -> str:
    inner = textwrap.indent("\n".join(body), "    ")
    return (
        f"from hypster import HP, config\n\n\n@config\ndef {name}(hp: HP):\n{inner}\n"
    )


def plain_source(name: str, body: list[str]) -> str:
    inner = textwrap.indent("\n".join(body + ["return locals()"]), "    ")
    return f"def {name}(values):\n{inner}\n"


def best(callable_, number: int) -> float:
    """Best time of one call over several repeats, in seconds."""
    return min(timeit.repeat(callable_, number=number, repeat=7)) / number


def flat_row(folder: Path, count: int) -> tuple[str, float, float]:
    module = write_module(
        folder, f"flat{count}", config_source("cfg", flat_body(count))
    )
    plain = write_module(
        folder, f"plain{count}", plain_source("plain", plain_body(count))
    )
    cfg, floor = module["cfg"], plain["plain"]
    overrides = overrides_for(count)
    number = max(10, 20000 // count)
    engine = best(lambda: cfg(overrides=overrides), number)
    baseline = best(lambda: floor(overrides), number)
    return f"flat, {count} parameters", engine, baseline


def chain_row(folder: Path) -> tuple[str, float, float]:
    # level4 is the innermost; each level propagates the next one as `inner`.
    previous = None
    plain_lines: list[str] = []
    sys.path.insert(0, str(folder))
    for level in range(4, -1, -1):
        body = flat_body(10)
        if previous is not None:
            body.append(f"inner = hp.propagate({previous})")
        source = config_source(f"level{level}", body)
        if previous is not None:
            source = f"from chain{level + 1} import {previous}\n" + source
        write_module(folder, f"chain{level}", source)
        previous = f"level{level}"
        plain_lines += plain_body(10, prefix=f"l{level}_p")
    try:
        import chain0
    finally:
        sys.path.remove(str(folder))
    plain = write_module(folder, "plain_chain", plain_source("plain", plain_lines))
    cfg, floor = chain0.level0, plain["plain"]
    engine = best(lambda: cfg(), 2000)
    baseline = best(lambda: floor({}), 2000)
    return "chain of 5 configs x 10", engine, baseline


def branch_row(folder: Path) -> tuple[str, float, float]:
    body = [f"branch = hp.select([{', '.join(str(b) for b in range(10))}], default=3)"]
    plain = ['branch = values.get("branch", [0, 1, 2, 3, 4, 5, 6, 7, 8, 9][3])']
    for b in range(10):
        keyword = "if" if b == 0 else "elif"
        body.append(f"{keyword} branch == {b}:")
        plain.append(f"{keyword} branch == {b}:")
        body += ["    " + line for line in flat_body(10, prefix=f"b{b}_p")]
        plain += ["    " + line for line in plain_body(10, prefix=f"b{b}_p")]
    module = write_module(folder, "branches", config_source("cfg", body))
    floor = write_module(folder, "plain_branches", plain_source("plain", plain))[
        "plain"
    ]
    cfg = module["cfg"]
    engine = best(lambda: cfg(selections={"branch": 7}), 2000)
    baseline = best(lambda: floor({}), 2000)
    return "10 branches x 10, one taken", engine, baseline


def decoration_time(folder: Path, count: int) -> float:
    source = config_source("cfg", flat_body(count))
    path = folder / "decorate.py"
    path.write_text(source.replace("@config\n", ""))
    namespace: dict = {}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    func = namespace["cfg"]
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        hypster.config(func)
        timings.append(time.perf_counter() - start)
    return min(timings)


def main() -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        rows = [flat_row(folder, count) for count in (10, 100, 1000)]
        rows.append(chain_row(folder))
        rows.append(branch_row(folder))
        print(f"{'case':<30} {'engine µs':>10} {'plain µs':>10} {'ratio':>7}")
        for label, engine, baseline in rows:
            print(
                f"{label:<30} {engine * 1e6:>10.1f} {baseline * 1e6:>10.1f} "
                f"{engine / baseline:>7.1f}"
            )
        milliseconds = decoration_time(folder, 1000) * 1e3
        print(f"\ndecorating 1000 parameters: {milliseconds:.1f} ms")


if __name__ == "__main__":
    main()
