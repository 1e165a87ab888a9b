# ruff: noqa: F841  (config bodies bind locals the results return)
"""The error family: classes, paths first, offending values, how to fix."""

import pytest

import hypster
from hypster import (
    HP,
    ConfigSyntaxError,
    HypsterError,
    LoadError,
    ParameterError,
    SaveError,
    SourceError,
    UnknownParameterError,
    config,
)


@pytest.mark.parametrize(
    "error_class",
    [ParameterError, UnknownParameterError, SourceError, SaveError, LoadError],
)
def test_errors_derive_from_hypster_error(error_class):
    assert issubclass(error_class, HypsterError)
    assert issubclass(error_class, ValueError)


def test_config_syntax_error_is_syntax_error():
    assert issubclass(ConfigSyntaxError, SyntaxError)


@config
def optim(hp: HP):
    lr = hp.number(0.01, min=0)
    steps = hp.int(10)


@config
def trainer(hp: HP):
    opt = hp.propagate(optim)


def test_nested_error_message_starts_with_full_path():
    with pytest.raises(ParameterError, match="opt.lr") as info:
        trainer(overrides={"opt.lr": -1.5})

    assert info.value.path == "opt.lr"
    assert str(info.value).startswith("opt.lr")
    assert "-1.5" in str(info.value)


def test_type_error_message_shows_value():
    with pytest.raises(ParameterError, match="steps") as info:
        trainer(overrides={"opt.steps": 2.5})

    assert str(info.value).startswith("opt.steps")
    assert "2.5" in str(info.value)


def test_hypster_error_caught_as_value_error():
    with pytest.raises(ValueError, match="steps"):
        trainer(overrides={"opt.steps": "ten"})


def test_unknown_parameter_error_path_attribute():
    with pytest.raises(UnknownParameterError, match="opt.steeps") as info:
        trainer(overrides={"opt.steeps": 3})

    assert list(info.value.unknown) == ["opt.steeps"]
    assert hasattr(info.value, "path")


@config
def reads_missing_key(hp: HP):
    table = {"a": 1}
    key = hp.text("b")
    value = table[key]


def test_user_exception_is_not_wrapped():
    with pytest.raises(KeyError, match="b") as info:
        reads_missing_key()

    assert type(info.value) is KeyError


def test_errors_exported_from_package():
    for name in [
        "HypsterError",
        "ParameterError",
        "UnknownParameterError",
        "ConfigSyntaxError",
        "SourceError",
        "SaveError",
        "LoadError",
    ]:
        assert name in hypster.__all__
