"""Drive widgets the way the browser does, and count what the kernel sends back."""

import json

import ipywidgets


def edit(widget, **state):
    """Hand `widget` the comm message a browser sends when a person edits it."""
    widget._handle_msg(
        {
            "content": {
                "data": {"method": "update", "state": state, "buffer_paths": []}
            },
            "buffers": [],
        }
    )


class Outbox:
    """Messages that widgets send to the browser while recording is on."""

    def __init__(self):
        self.messages = []

    def clear(self):
        self.messages.clear()

    @property
    def count(self):
        return len(self.messages)

    @property
    def size(self):
        return sum(len(json.dumps(msg, default=str)) for _, msg in self.messages)

    def updates(self):
        """Return (widget class name, state keys) for each `update` message."""
        return [
            (type(widget).__name__, sorted(msg["state"]))
            for widget, msg in self.messages
            if msg["method"] == "update"
        ]


def record_sends(monkeypatch):
    """Patch `Widget._send` so every message to the browser lands in an Outbox."""
    outbox = Outbox()
    original = ipywidgets.Widget._send

    def send(widget, msg, buffers=None):
        outbox.messages.append((widget, msg))
        return original(widget, msg, buffers)

    monkeypatch.setattr(ipywidgets.Widget, "_send", send)
    return outbox
