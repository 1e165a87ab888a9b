"""How a form shows up: its repr, its static text and HTML, and one view per call."""

import re

import form_configs as cfgs
import pytest
from drive import edit
from IPython.core.interactiveshell import InteractiveShell

from hypster_ui import ConfigForm

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def test_repr_is_stable():
    form = ConfigForm(cfgs.reference_config)

    assert repr(form) == "ConfigForm(reference_config, 3 parameters)"


def test_bundle_has_text_html_and_widget_view():
    form = ConfigForm(cfgs.reference_config)

    bundle = form._repr_mimebundle_()

    assert bundle["text/plain"] == (
        "reference_config form\n"
        "  chunking_strategy: 'paragraph'\n"
        "  llm_model: gpt-4o-mini = 'gpt-4o-mini'\n"
        "  llm_config.temperature: 0"
    )
    assert "<table>" in bundle["text/html"]
    assert "llm_config.temperature" in bundle["text/html"]
    assert bundle[WIDGET_VIEW]["model_id"] == form.model_id


def test_static_renderings_hold_no_ids_or_addresses():
    form = ConfigForm(cfgs.opaque_config)

    bundle = form._repr_mimebundle_()

    for mime in ("text/plain", "text/html"):
        assert form.model_id not in bundle[mime]
        assert not re.search(r"0x[0-9a-f]{6,}", bundle[mime])
        assert " id=" not in bundle[mime]
    assert "model: small = <Opaque>" in bundle["text/plain"]


def test_static_renderings_follow_edits():
    form = ConfigForm(cfgs.reference_config)

    edit(form.controls["llm_model"], index=0)

    assert (
        "llm_model: haiku = 'claude-3-haiku-20240307'"
        in (form._repr_mimebundle_()["text/plain"])
    )


def test_static_renderings_show_error_and_lock():
    form = ConfigForm(cfgs.raising_config, overrides={"mode": "broken"})

    text = form._repr_mimebundle_()["text/plain"]

    assert "mode: 'broken'  (locked)" in text
    assert "error: ValueError: the broken branch is not supported" in text


@pytest.fixture
def shell(capsys):
    ip = InteractiveShell.instance()
    ip.run_cell("from hypster_ui import interact\nimport form_configs")
    capsys.readouterr()
    yield ip
    InteractiveShell.clear_instance()


def test_interact_on_last_line_shows_one_form(shell, capsys):
    shell.run_cell("interact(form_configs.reference_config)", store_history=True)

    output = capsys.readouterr().out
    assert output.count("reference_config form") == 1


def test_interact_assigned_then_shown_again(shell, capsys):
    shell.run_cell("form = interact(form_configs.reference_config)", store_history=True)
    shell.run_cell("form", store_history=True)

    output = capsys.readouterr().out
    assert output.count("reference_config form") == 2


def test_interact_returns_the_shown_form(shell, capsys):
    shell.run_cell("form = interact(form_configs.network)", store_history=True)

    form = shell.user_ns["form"]
    assert isinstance(form, ConfigForm)
    assert form.results == {"opt": {"lr": 0.1}, "top": {"act": "relu"}}
