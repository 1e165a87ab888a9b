"""The `%%hypster` and `%hypster` magics, run in a real IPython shell."""

import pytest
from drive import edit
from IPython.core.error import UsageError
from IPython.core.interactiveshell import InteractiveShell

from hypster import Config, load

CELL = """\
def my_config(hp):
    model = hp.select({"small": "s-1", "large": "l-2"}, default="small")
    size = hp.int(3)
"""


@pytest.fixture
def shell(capsys):
    ip = InteractiveShell.instance()
    result = ip.run_cell("%load_ext hypster")
    result.raise_error()
    capsys.readouterr()
    yield ip
    InteractiveShell.clear_instance()


def run(shell, source):
    result = shell.run_cell(source, store_history=True)
    result.raise_error()
    return result


def magics(shell):
    return shell.magics_manager.registry["HypsterMagics"]


def run_magic(shell, source):
    """Run a `%%hypster` or `%hypster` cell so that its exception propagates."""
    magic_line, _, body = source.partition("\n")
    words = magic_line.lstrip("%").split(" ", 1)
    line = words[1] if len(words) > 1 else ""
    if source.startswith("%%"):
        shell.run_cell_magic("hypster", line, body)
    else:
        shell.run_line_magic("hypster", line)


def test_cell_magic_defines_config_and_keeps_results(shell):
    run(shell, "%%hypster cfg -r res\n" + CELL)

    assert isinstance(shell.user_ns["cfg"], Config)
    assert shell.user_ns["res"] == {"model": "s-1", "size": 3}

    form = magics(shell).forms["cfg"]
    edit(form.controls["model"], index=1)

    assert shell.user_ns["res"] == {"model": "l-2", "size": 3}
    assert shell.user_ns["res"] is form.results


def test_cell_magic_works_without_importing_hp(shell):
    run(shell, "%%hypster cfg\ndef cfg(hp: HP):\n    size = hp.int(3)\n")

    assert shell.user_ns["cfg"]() == {"size": 3}


def test_cell_magic_keeps_notebook_own_hp(shell):
    shell.user_ns["HP"] = object

    run(shell, "%%hypster cfg\ndef cfg(hp: HP):\n    size = hp.int(3)\n")

    assert shell.user_ns["HP"] is object


def test_cell_magic_shows_the_form(shell, capsys):
    run(shell, "%%hypster cfg\n" + CELL)

    assert "my_config form" in capsys.readouterr().out


def test_defined_config_reads_cell_source(shell):
    run(shell, "%%hypster cfg\n" + CELL)

    assert "hp.int(3)" in shell.user_ns["cfg"].source
    assert shell.user_ns["cfg"](selections={"model": "large"}) == {
        "model": "l-2",
        "size": 3,
    }


def test_cell_magic_keeps_decorated_config(shell):
    run(shell, "from hypster import config")
    run(shell, "%%hypster cfg\n@config\n" + CELL)

    assert shell.user_ns["cfg"] is shell.user_ns["my_config"]


def test_cell_magic_passes_selections_overrides_final_vars(shell):
    run(shell, "chosen = {'model': 'large'}\nfixed = {'size': 7}")

    run(shell, "%%hypster cfg -s chosen -o fixed -f size,model -r res\n" + CELL)

    assert shell.user_ns["res"] == {"size": 7, "model": "l-2"}
    assert magics(shell).forms["cfg"].controls["size"].disabled is True


def test_cell_magic_writes_file(shell, tmp_path):
    target = tmp_path / "saved" / "my_config.py"

    run(shell, f"%%hypster cfg -w {target}\n" + CELL)

    assert target.is_file()
    assert load(target)(selections={"model": "large"})["model"] == "l-2"


def test_line_magic_shows_existing_config(shell):
    run(shell, "%%hypster cfg\n" + CELL)

    run(shell, "%hypster cfg -r res2 -f model")

    assert shell.user_ns["res2"] == {"model": "s-1"}
    assert "cfg" in magics(shell).forms


def test_line_magic_accepts_expression(shell):
    run(shell, "%%hypster cfg\n" + CELL)
    run(shell, "configs = {'a': cfg}")

    run(shell, "%hypster configs['a'] -r res")

    assert shell.user_ns["res"] == {"model": "s-1", "size": 3}


@pytest.mark.parametrize(
    ("source", "match"),
    [
        ("%%hypster\n" + CELL, "the following arguments are required: name"),
        ("%%hypster 1cfg\n" + CELL, "NAME must be a Python identifier"),
        ("%%hypster cfg -x\n" + CELL, "unrecognized arguments: -x"),
        ("%%hypster cfg -s\n" + CELL, "argument -s: expected one argument"),
        ("%%hypster cfg -s nowhere\n" + CELL, "no notebook variable named 'nowhere'"),
        ("%%hypster cfg -s not_a_dict\n" + CELL, "expected a dict"),
        ("%%hypster cfg -f a,,b\n" + CELL, "-f takes result names"),
        ("%%hypster cfg -r 2x\n" + CELL, "-r takes a variable name"),
        ("%%hypster cfg\nx = 1\n", r"exactly one config function .*found: none"),
        ("%%hypster cfg\ndef a(hp): pass\ndef b(hp): pass\n", "found: a, b"),
        ("%hypster", "missing the config expression"),
        ("%hypster not_a_dict", "is a list, not a config"),
        ("%hypster cfg -w out.py", "unrecognized arguments: -w"),
    ],
    ids=[
        "no-name",
        "bad-name",
        "unknown-flag",
        "flag-without-value",
        "missing-variable",
        "variable-not-dict",
        "empty-final-var",
        "bad-results-name",
        "no-function",
        "two-functions",
        "no-expression",
        "not-config",
        "line-write",
    ],
)
def test_wrong_arguments_give_usage_error(shell, source, match):
    run(shell, "not_a_dict = [1]")
    run(shell, "%%hypster cfg\n" + CELL)

    with pytest.raises(UsageError, match=match) as info:
        run_magic(shell, source)

    assert "usage: %" in str(info.value)
