"""Extract the Python examples of a Markdown page and run them as one script.

A page's examples are its fenced blocks whose info string starts with `python`.
A block fenced as `python notest` is shown but never run (use it only for code
that needs a live notebook, such as displaying a form). A `text` block that follows
a Python block, with only blank lines between them, is that block's expected
output: what the block prints must match it line for line, ignoring trailing
spaces.

Run `python docblocks.py PAGE.md` to execute a page in the working directory. The
blocks run in order in one namespace, as one script would. The command prints one
line per failure, naming the page and the Markdown line where the block starts, and
exits with status 1 if any block failed.
"""

from __future__ import annotations

import builtins
import contextlib
import io
import linecache
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Block:
    """One fenced Python block of a page and the output the page shows for it."""

    #: Line number of the block's first code line in the Markdown file.
    line: int
    code: str
    run: bool
    expected: str | None = None


def extract_blocks(text: str) -> list[Block]:
    """Return the Python blocks of a Markdown text, each with its expected output."""
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    last_python: Block | None = None
    while index < len(lines):
        line = lines[index]
        if not line.startswith("```"):
            if line.strip():
                last_python = None
            index += 1
            continue
        words = line[3:].split()
        end = index + 1
        while end < len(lines) and not lines[end].startswith("```"):
            end += 1
        body = "\n".join(lines[index + 1 : end]) + "\n"
        if words and words[0] == "python":
            last_python = Block(index + 2, body, run="notest" not in words[1:])
            blocks.append(last_python)
        elif words and words[0] == "text" and last_python is not None:
            last_python.expected = body
            last_python = None
        else:
            last_python = None
        index = end + 1
    return blocks


def _normalized(output: str) -> list[str]:
    lines = [line.rstrip() for line in output.splitlines()]
    while lines and not lines[-1]:
        lines.pop()
    return lines


def run_page(path: Path, label: str) -> list[str]:
    """Run the page's blocks in order in one namespace; return the failures.

    Each block is compiled so that its line numbers are the Markdown file's line
    numbers, under the file name `label`. The text compiled so far is also put in
    `linecache`, as IPython does for notebook cells, so that `@config` can read the
    source of the functions a block defines.
    """
    blocks = extract_blocks(path.read_text(encoding="utf-8"))
    namespace: dict = {"__name__": "__main__", "__builtins__": builtins}
    source_lines: list[str] = []
    failures: list[str] = []
    for block in blocks:
        if not block.run:
            continue
        padding = block.line - 1 - len(source_lines)
        source_lines.extend(["\n"] * padding)
        source_lines.extend(block.code.splitlines(keepends=True))
        linecache.cache[label] = (
            sum(map(len, source_lines)),
            None,
            list(source_lines),
            label,
        )
        output = io.StringIO()
        try:
            code = compile("\n" * (block.line - 1) + block.code, label, "exec")
            with contextlib.redirect_stdout(output):
                exec(code, namespace)
        except BaseException:  # noqa: BLE001 - report any failure of the example
            failures.append(
                f"{label}:{block.line}: the block raised\n{traceback.format_exc()}"
            )
            break
        if block.expected is not None:
            shown = _normalized(block.expected)
            printed = _normalized(output.getvalue())
            if shown != printed:
                failures.append(
                    f"{label}:{block.line}: the block printed\n"
                    + "\n".join(printed)
                    + "\nbut the page shows\n"
                    + "\n".join(shown)
                )
    return failures


def page_label(path: Path) -> str:
    """Return the page's path from the folder holding `docs/`, such as `docs/x.md`."""
    for parent in path.parents:
        if parent.name == "docs":
            return path.relative_to(parent.parent).as_posix()
    return path.as_posix()


def main(arguments: list[str]) -> int:
    """Run each page named in `arguments`; print failures; return the exit status."""
    status = 0
    for argument in arguments:
        path = Path(argument).resolve()
        label = page_label(path)
        failures = run_page(path, label)
        for failure in failures:
            print(failure)
        if failures:
            status = 1
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
