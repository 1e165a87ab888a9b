"""Static renderings of a form: the text and HTML shown where no kernel is live.

GitHub and nbconvert cannot run the widget, so a displayed form also carries these
renderings of the values it showed at display time. They hold no memory addresses
or widget ids, so a notebook's saved output stays the same from run to run.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from ._controls import option_labels
from ._values import same_sequence, same_value, short_repr


def describe_value(record: Any) -> str:
    """Render a record's value, with its key for a select whose key differs.

    The key is written as its dropdown label, so keys that print alike (`1` and
    `"1"`) read differently here too.
    """
    if record.kind == "select" and record.key is None:
        # An override that is no option has no key, yet it is the value used.
        if record.source == "override":
            return short_repr(record.value)
        return "(not chosen)"
    value = short_repr(record.value)
    if record.kind == "select" and not same_sequence(
        record.options, record.option_values
    ):
        return f"{_key_label(record)} = {value}"
    return value


def _key_label(record: Any) -> str:
    labels = option_labels(record.options)
    for option, label in zip(record.options, labels, strict=True):
        if same_value(option, record.key):
            return label
    return str(record.key)


def form_text(
    name: str, records: Sequence[Any], error: str | None, notes: Sequence[str]
) -> str:
    """Render the form as plain text: one `path: value` line per parameter."""
    lines = [f"{name} form"]
    for record in records:
        mark = "  (locked)" if record.source == "override" else ""
        lines.append(f"  {record.path}: {describe_value(record)}{mark}")
    if not records:
        lines.append("  (no parameters reached)")
    if error:
        lines.append(f"  error: {error}")
    lines.extend(f"  note: {note}" for note in notes)
    return "\n".join(lines)


def form_html(
    name: str, records: Sequence[Any], error: str | None, notes: Sequence[str]
) -> str:
    """Render the form as an HTML table of paths and values, with no element ids."""
    rows = []
    for record in records:
        mark = " (locked)" if record.source == "override" else ""
        rows.append(
            "<tr>"
            f"<td><code>{html.escape(record.path)}</code></td>"
            f"<td><code>{html.escape(describe_value(record))}</code>{mark}</td>"
            "</tr>"
        )
    parts = [
        '<div class="hypster-form-static">',
        f"<strong>{html.escape(name)} form</strong>",
        "<table>",
        "<tr><th>parameter</th><th>value</th></tr>",
        *rows,
        "</table>",
    ]
    if error:
        parts.append(f"<p><strong>error:</strong> {html.escape(error)}</p>")
    parts.extend(f"<p>note: {html.escape(note)}</p>" for note in notes)
    parts.append("</div>")
    return "\n".join(parts)
