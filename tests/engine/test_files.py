# ruff: noqa: F841  (config bodies bind locals the results return)
"""save and load: standalone files, atomic writes, errors, caching."""

import json
import linecache
import os
import stat
import subprocess
import sys
import time
from math import floor
from pathlib import Path, PurePosixPath

import pytest

import hypster
from hypster import HP, Config, LoadError, SaveError, config, load, save

from .helpers import assert_same, config_source, import_file

MAIN = Path(__file__).resolve().parents[2]
MODULE_SCALE = 3


@config
def saveable(hp: HP):
    # a comment that the saved file keeps
    model = hp.select({"small": "s", "large": "l"}, default="small")
    text = hp.text("héllo ✓")
    encoded = json.dumps({"model": model})
    width = hp.int(4, min=1)


@config
def uses_module_variable(hp: HP):
    width = hp.int(4) * MODULE_SCALE


def test_save_writes_standalone_importable_file(tmp_path):
    path = tmp_path / "deep" / "er" / "saved_cfg.py"

    assert save(saveable, path) is None

    code = (
        "import sys\n"
        f"sys.path.insert(0, {str(path.parent)!r})\n"
        "import saved_cfg\n"
        "print(repr(saved_cfg.saveable(selections={'model': 'large'})))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(MAIN)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() == repr(
        {"model": "l", "text": "héllo ✓", "encoded": '{"model": "l"}', "width": 4}
    )


def test_save_keeps_text_and_utf8(tmp_path):
    path = tmp_path / "saved.py"

    save(saveable, path)

    text = path.read_bytes().decode("utf-8")
    assert "# a comment that the saved file keeps" in text
    assert "héllo ✓" in text
    assert "import json" in text
    assert "@config" in text


def test_save_twice_same_bytes(tmp_path):
    path = tmp_path / "saved.py"

    save(saveable, path)
    first = path.read_bytes()
    save(saveable, path)

    assert path.read_bytes() == first


def test_save_atomic_with_normal_mode(tmp_path):
    path = tmp_path / "saved.py"
    path.write_text("old content\n", encoding="utf-8")
    umask = os.umask(0)
    os.umask(umask)

    save(saveable, path)

    assert sorted(os.listdir(tmp_path)) == ["saved.py"]
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_save_accepts_string_path(tmp_path):
    save(saveable, str(tmp_path / "as_string.py"))

    assert (tmp_path / "as_string.py").exists()


def test_save_refuses_module_variable(tmp_path):
    with pytest.raises(SaveError, match="MODULE_SCALE"):
        save(uses_module_variable, tmp_path / "refused.py")

    assert not (tmp_path / "refused.py").exists()


def test_save_refuses_closure_variable(tmp_path):
    factor = 2

    @config
    def closes_over(hp: HP):
        width = hp.int(4) * factor

    with pytest.raises(SaveError, match="factor"):
        save(closes_over, tmp_path / "refused.py")


def test_save_adds_config_decorator(tmp_path):
    def undecorated(hp: HP):
        width = hp.int(4)

    path = tmp_path / "added.py"

    save(config(undecorated), path)

    assert "@config" in path.read_text(encoding="utf-8")
    assert load(path)(overrides={"width": 5}) == {"width": 5}


def test_save_then_load_round_trip(tmp_path):
    path = tmp_path / "round.py"
    save(saveable, path)

    loaded = load(path)

    assert isinstance(loaded, Config)
    assert loaded.name == "saveable"
    results, snapshot = saveable(return_config_snapshot=True)
    assert_same(loaded(overrides=snapshot), results)


def write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


HEAD = "from hypster import HP, config\n\n\n"


def test_load_missing_file(tmp_path):
    with pytest.raises(LoadError, match="absent.py"):
        load(tmp_path / "absent.py")


def test_load_syntax_error_names_line(tmp_path):
    path = write(tmp_path / "broken.py", HEAD + "x = 1\ndef oops(:\n    pass\n")

    with pytest.raises(LoadError, match="broken.py") as info:
        load(path)

    assert "5" in str(info.value).replace(str(tmp_path), "")


def test_load_without_config(tmp_path):
    path = write(tmp_path / "plain.py", HEAD + "x = 1\n")

    with pytest.raises(LoadError, match="plain.py"):
        load(path)


TWO_CONFIGS = (
    HEAD + "@config\ndef first(hp: HP):\n    a = hp.int(1)\n\n\n"
    "@config\ndef second(hp: HP):\n    b = hp.int(2)\n"
)


def test_load_several_configs_lists_them(tmp_path):
    path = write(tmp_path / "two.py", TWO_CONFIGS)

    with pytest.raises(LoadError, match="first") as info:
        load(path)

    assert "second" in str(info.value)


def test_load_name_picks_config(tmp_path):
    path = write(tmp_path / "two.py", TWO_CONFIGS)

    assert load(path, name="second")() == {"b": 2}
    assert load(path, name="first")() == {"a": 1}


def test_load_unknown_name_lists_configs(tmp_path):
    path = write(tmp_path / "two.py", TWO_CONFIGS)

    with pytest.raises(LoadError, match="third") as info:
        load(path, name="third")

    assert "first" in str(info.value)


INNER_NO_NAMES = (
    HEAD + "@config(inject_names=False)\n"
    "def inner(hp: HP):\n"
    '    size = hp.int(4, name="width")\n'
    '    items = [hp.text("a", name="first")]\n'
)


def test_load_keeps_inject_names_false(tmp_path):
    path = write(tmp_path / "inner.py", INNER_NO_NAMES)

    results, snapshot = load(path)(return_config_snapshot=True)

    assert results == {"size": 4, "items": ["a"]}
    assert snapshot == {"width": 4, "first": "a"}


def test_load_inject_names_false_rejects_unnamed_call(tmp_path):
    path = write(
        tmp_path / "unnamed.py",
        HEAD + "@config(inject_names=False)\ndef inner(hp: HP):\n    x = hp.int(1)\n",
    )

    with pytest.raises((SyntaxError, hypster.HypsterError), match="name"):
        load(path)()


def test_parent_load_keeps_inject_names_false(tmp_path, monkeypatch):
    write(tmp_path / "inner.py", INNER_NO_NAMES)
    monkeypatch.chdir(tmp_path)

    @config
    def parent(hp: HP):
        import hypster

        inner = hypster.load("inner.py")
        sub = hp.propagate(inner)

    results, snapshot = parent(overrides={"sub.width": 6}, return_config_snapshot=True)

    assert results == {"sub": {"size": 6, "items": ["a"]}}
    assert snapshot == {"sub.width": 6, "sub.first": "a"}


def test_load_caches_per_absolute_path(tmp_path, monkeypatch):
    path = write(tmp_path / "cached.py", INNER_NO_NAMES)
    monkeypatch.chdir(tmp_path)

    first = load(path)

    assert load(path) is first
    assert load("cached.py") is first
    assert load(str(path)) is first


def test_load_rereads_changed_file(tmp_path):
    path = write(tmp_path / "changing.py", INNER_NO_NAMES)
    first = load(path)
    write(path, INNER_NO_NAMES.replace("hp.int(4", "hp.int(7"))
    later = time.time() + 5
    os.utime(path, (later, later))

    second = load(path)

    assert second is not first
    assert second()["size"] == 7


def test_reference_parent_with_saved_child(tmp_path, monkeypatch):
    @config
    def my_config(hp: HP):
        llm_model = hp.select(
            {
                "haiku": "claude-3-haiku-20240307",
                "sonnet": "claude-3-5-sonnet-20240620",
                "gpt-4o-mini": "gpt-4o-mini",
            },
            default="gpt-4o-mini",
        )
        llm_config = {"temperature": hp.number(0), "max_tokens": hp.number(64)}

    monkeypatch.chdir(tmp_path)
    save(my_config, "my_config.py")

    @config
    def my_config_parent(hp: HP):
        import hypster

        my_config = hypster.load("my_config.py")
        my_conf = hp.propagate(my_config)
        a = hp.select(["a", "b", "c"], default="a")

    final_vars = ["my_conf", "a"]
    results, snapshot = my_config_parent(
        final_vars=final_vars,
        selections={"my_conf.llm_model": "haiku"},
        overrides={"a": "d"},
        return_config_snapshot=True,
    )

    assert_same(
        snapshot,
        {
            "my_conf.llm_model": "claude-3-haiku-20240307",
            "my_conf.llm_config.temperature": 0,
            "my_conf.llm_config.max_tokens": 64,
            "a": "d",
        },
    )
    assert_same(
        results,
        {
            "my_conf": {
                "llm_model": "claude-3-haiku-20240307",
                "llm_config": {"temperature": 0, "max_tokens": 64},
            },
            "a": "d",
        },
    )
    assert_same(my_config_parent(final_vars=final_vars, overrides=snapshot), results)


@config
def uses_imported_names(hp: HP):
    rounded = floor(hp.number(2.5))
    folder = PurePosixPath(hp.text("a")) / "b"


def test_save_rebuilds_imports_of_functions_and_classes(tmp_path):
    path = tmp_path / "imports.py"

    save(uses_imported_names, path)

    text = path.read_text(encoding="utf-8")
    assert "floor" in text.split("@config")[0]
    assert "PurePosixPath" in text.split("@config")[0]
    assert load(path)() == {"rounded": 2, "folder": PurePosixPath("a/b")}


@config(inject_names=False)
def named_explicitly(hp: HP):
    width = hp.int(4, name="w")


def test_save_keeps_inject_names_false(tmp_path):
    path = tmp_path / "explicit.py"

    save(named_explicitly, path)

    assert "@config(inject_names=False)" in path.read_text(encoding="utf-8")
    assert load(path)(overrides={"w": 5}) == {"width": 5}


def test_save_of_loaded_config_same_bytes(tmp_path):
    first = tmp_path / "first.py"
    second = tmp_path / "second.py"
    save(saveable, first)

    save(load(first), second)

    assert second.read_bytes() == first.read_bytes()


def test_propagate_missing_file_is_load_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)

    @config
    def parent(hp: HP):
        sub = hp.propagate("not_there.py")

    with pytest.raises(LoadError, match="not_there.py"):
        parent()


def test_load_naming_error_names_line(tmp_path):
    path = write(
        tmp_path / "unnamed_list.py",
        HEAD + "@config\ndef cfg(hp: HP):\n    xs = [hp.int(1)]\n",
    )

    with pytest.raises((SyntaxError, LoadError), match="hp.int") as info:
        load(path)

    if isinstance(info.value, SyntaxError):
        assert (info.value.filename, info.value.lineno) == (str(path), 6)
    else:
        assert "6" in str(info.value).replace(str(tmp_path), "")


def run_saved_file(path):
    code = (
        "import runpy\n"
        f"namespace = runpy.run_path({str(path)!r})\n"
        "print(repr(namespace['cfg']()))\n"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=path.parent,
        env={**os.environ, "PYTHONPATH": str(MAIN)},
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(
    ("header", "use", "name"),
    [
        pytest.param(
            "def helper(value):\n    return value + 1\n",
            "helper(hp.int(1))",
            "helper",
            id="cell-function",
        ),
        pytest.param(
            "class Box:\n    def __init__(self, value):\n        self.value = value\n",
            "Box(hp.int(1)).value",
            "Box",
            id="cell-class",
        ),
        pytest.param(
            "@config\ndef helper(hp: HP):\n    y = hp.int(1)\n",
            'hp.propagate(helper)["y"]',
            "helper",
            id="cell-config",
        ),
    ],
)
def test_save_notebook_names_refused_or_carried(tmp_path, header, use, name):
    cell = config_source(f"x = {use}", header=header)
    filename = "<hypster-test-save-cell>"
    linecache.cache[filename] = (len(cell), None, cell.splitlines(True), filename)
    namespace = {"__name__": "__main__"}
    path = tmp_path / "out" / "saved_helper.py"
    try:
        exec(compile(cell, filename, "exec"), namespace)
        save(namespace["cfg"], path)
    except SaveError as error:
        assert name in str(error)
        return
    finally:
        del linecache.cache[filename]

    completed = run_saved_file(path)
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.strip() in ("{'x': 1}", "{'x': 2}")


def test_save_uses_source_read_at_decoration(tmp_path):
    source = config_source("x = hp.int(1)")
    config_path = tmp_path / "edited_later.py"
    config_path.write_text(source, encoding="utf-8")
    cfg = import_file(config_path).cfg
    config_path.write_text(source.replace("hp.int(1)", "hp.int(99)"), encoding="utf-8")
    later = time.time() + 5
    os.utime(config_path, (later, later))
    saved = tmp_path / "saved_copy.py"

    save(cfg, saved)

    assert cfg() == {"x": 1}
    assert "hp.int(1)" in saved.read_text(encoding="utf-8")
    assert load(saved)() == {"x": 1}


def test_load_rereads_quick_same_size_rewrite(tmp_path):
    path = write(tmp_path / "quick.py", INNER_NO_NAMES)
    first = load(path)

    write(path, INNER_NO_NAMES.replace("hp.int(4", "hp.int(5"))

    assert load(path)()["size"] == 5
    assert first()["size"] == 4


def test_load_after_save_over_same_path(tmp_path):
    path = tmp_path / "replaced.py"
    save(saveable, path)
    first = load(path)

    save(named_explicitly, path)

    assert load(path).name == "named_explicitly"
    assert first.name == "saveable"
