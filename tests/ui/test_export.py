"""The export source and the browser-side files of the export box."""

import re

import form_configs as cfgs
import pytest
from drive import edit

from hypster_ui import ConfigForm, ExportBox
from hypster_ui._export import snapshot_source, static_file


def evaluate(source):
    namespace = {}
    exec(source, namespace)
    return namespace["snapshot"]


def test_export_is_snapshot_assignment():
    form = ConfigForm(cfgs.reference_config)

    source = form.export()

    assert source.startswith("snapshot = {\n")
    assert evaluate(source) == form.snapshot


def test_export_keeps_value_types():
    form = ConfigForm(cfgs.alike_config)

    for index, expected in [(0, 1), (2, True), (3, 1.0)]:
        edit(form.controls["key"], index=index)
        value = evaluate(form.export())["key"]
        assert value == expected
        assert type(value) is type(expected)


def test_export_writes_key_for_value_without_literal():
    form = ConfigForm(cfgs.opaque_config)

    source = form.export()
    snapshot = evaluate(source)

    assert snapshot == {"model": "small", "extras": ["l"]}
    results = cfgs.opaque_config(overrides=snapshot)
    assert results["model"] is cfgs.SMALL
    assert results["extras"][0] is cfgs.LARGE
    assert results == form.results


def test_export_comments_key_that_clashes_with_value():
    form = ConfigForm(cfgs.clashing_config)

    source = form.export()

    assert re.search(r"# 'pick': .*set this entry by hand", source)
    assert evaluate(source) == {}


def test_export_of_empty_snapshot():
    assert snapshot_source({}, {}) == "snapshot = {}\n"


def test_export_comments_override_without_literal():
    form = ConfigForm(cfgs.reference_config, overrides={"llm_model": cfgs.SMALL})

    source = form.export()

    assert "# 'llm_model': a Opaque value has no Python literal form" in source
    assert evaluate(source) == {
        "chunking_strategy": "paragraph",
        "llm_config.temperature": 0,
    }


def test_export_text_is_synced_string():
    form = ConfigForm(cfgs.reference_config)

    edit(form.controls["llm_model"], index=0)

    state = form._export_box.get_state()
    assert state["text"] == form.export()
    assert "'llm_model': 'claude-3-haiku-20240307'" in state["text"]


def test_export_text_keeps_last_good_state_on_error():
    form = ConfigForm(cfgs.raising_config)
    before = form.export()

    edit(form.controls["mode"], index=1)

    assert form.export() == before


@pytest.mark.parametrize("name", ["export.js", "export.css"])
def test_static_file_is_shipped_beside_package(name):
    path = static_file(name)

    assert path.is_file()
    assert path.read_text(encoding="utf-8").strip()


def test_export_module_loads_nothing_from_network():
    source = static_file("export.js").read_text(encoding="utf-8")

    assert "export default" in source
    assert not re.search(r"\bimport\b[^;]*['\"]https?:", source)
    assert "fetch(" not in source
    for message in re.findall(r"console\.\w+\(\s*\"([^\"]*)\"", source):
        assert message.startswith("hypster:"), message


def test_css_is_scoped_under_form_class():
    source = static_file("export.css").read_text(encoding="utf-8")
    without_comments = re.sub(r"/\*.*?\*/", "", source, flags=re.S)

    selectors = re.findall(r"([^{}]+)\{", without_comments)

    assert selectors
    for group in selectors:
        for selector in group.split(","):
            assert selector.strip().startswith(".hypster-form "), selector


def test_export_box_carries_module_and_styles():
    box = ExportBox(text="snapshot = {}\n")

    state = box.get_state()

    assert "export default" in state["_esm"]
    assert ".hypster-form" in state["_css"]
    assert state["text"] == "snapshot = {}\n"
