"""The snapshot contract, checked on generated config spaces and calls.

Each example builds a config space (every parameter kind, option keys of several
types, nested configs through hp.propagate, branches on earlier selects), writes it
as source to a file, imports it, and draws a valid call. A small model of the
precedence rules computes the expected snapshot and results; then both lines of the
contract must hold with type-exact comparison:

    cfg.explore(overrides=snapshot, final_vars=F).snapshot == snapshot
    cfg(overrides=snapshot, final_vars=F) == results
"""

from __future__ import annotations

import itertools
import math
import tempfile
from dataclasses import dataclass, field

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hypster import ParameterError

from .helpers import HEADER, assert_same, import_file, write_file

TEXT_ALPHABET = "ab é✓.'\"\\\n"

KEYS = st.one_of(
    st.integers(-2, 2),
    st.booleans(),
    st.sampled_from([0.0, 1.0, 0.5, -2.0]),
    st.sampled_from(["a", "b", "0", "1", "x.y", "True", ""]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.floats(-10, 10, allow_nan=False, allow_infinity=False),
    st.text(TEXT_ALPHABET, max_size=4),
)
VALUES = st.one_of(
    SCALARS,
    st.lists(SCALARS, max_size=3),
    st.tuples(SCALARS, SCALARS),
    st.dictionaries(st.text("ab", max_size=2), SCALARS, max_size=2),
)
SELECT_KINDS = ("select", "multi_select")
LIST_KINDS = ("multi_number", "multi_int", "multi_text", "multi_bool")
KINDS = (*SELECT_KINDS, "number", "int", "text", "bool", *LIST_KINDS)


def same(first, second):
    return type(first) is type(second) and first == second


@dataclass
class Param:
    kind: str
    wrap: str
    name: str = ""
    options: object = None
    default: object = None
    low: object = None
    high: object = None
    child: Level | None = None
    given_overrides: dict = field(default_factory=dict)
    given_selections: dict = field(default_factory=dict)

    @property
    def path(self):
        return self.name if self.wrap == "plain" else f"{self.name}.v"

    @property
    def accessor(self):
        return self.name if self.wrap == "plain" else f'{self.name}["v"]'

    def pairs(self):
        if isinstance(self.options, dict):
            return list(self.options.items())
        return [(key, key) for key in self.options]


@dataclass
class Branch:
    on: Param
    value: object
    then: list
    otherwise: list


@dataclass
class Level:
    function: str
    items: list


def unique_by_type(items):
    kept = []
    for item in items:
        if not any(same(item, other) for other in kept):
            kept.append(item)
    return kept


@st.composite
def select_options(draw):
    keys = draw(st.lists(KEYS, min_size=1, max_size=4))
    if draw(st.booleans()):
        return unique_by_type(keys)
    return {key: draw(VALUES) for key in keys}


def number_strategy(kind, low, high):
    if kind == "int":
        return st.integers(
            -20 if low is None else math.ceil(low),
            20 if high is None else math.floor(high),
        )
    floats = st.floats(
        -20.0 if low is None else low,
        20.0 if high is None else high,
        allow_nan=False,
    )
    return st.one_of(number_strategy("int", low, high), floats)


LIST_ITEMS = {
    "multi_number": st.one_of(st.integers(-5, 5), st.floats(-5, 5)),
    "multi_int": st.integers(-5, 5),
    "multi_text": st.text(TEXT_ALPHABET, max_size=3),
    "multi_bool": st.booleans(),
}


def override_strategy(param):
    """Return a strategy for valid override values of `param`."""
    if param.kind in SELECT_KINDS:
        pairs = param.pairs()
        item = st.one_of(
            st.sampled_from([value for _, value in pairs]),
            st.sampled_from([key for key, _ in pairs]),
            SCALARS,
        )
        return item if param.kind == "select" else st.lists(item, max_size=3)
    if param.kind in ("int", "number"):
        return number_strategy(param.kind, param.low, param.high)
    if param.kind == "text":
        return st.text(TEXT_ALPHABET, max_size=4)
    if param.kind == "bool":
        return st.booleans()
    return st.lists(LIST_ITEMS[param.kind], max_size=3)


def selection_strategy(param):
    keys = [key for key, _ in param.pairs()]
    if param.kind == "select":
        return st.sampled_from(keys)
    return st.permutations(keys).flatmap(
        lambda ordered: st.integers(0, len(ordered)).map(lambda n: ordered[:n])
    )


@st.composite
def parameter(draw, kind, depth):
    wrap = draw(st.sampled_from(["plain", "dict", "keyword"]))
    param = Param(kind=kind, wrap=wrap)
    if kind in SELECT_KINDS:
        param.options = draw(select_options())
        keys = [key for key, _ in param.pairs()]
        if kind == "select":
            param.default = draw(st.one_of(st.none(), st.sampled_from(keys)))
        else:
            param.default = draw(st.one_of(st.none(), selection_strategy(param)))
    elif kind in ("int", "number"):
        param.low = draw(st.one_of(st.none(), st.integers(-5, 0)))
        param.high = draw(st.one_of(st.none(), st.integers(1, 9)))
        if kind == "number" and param.high is not None and draw(st.booleans()):
            param.high += 0.5
        param.default = draw(number_strategy(kind, param.low, param.high))
    elif kind == "propagate":
        param.child = draw(level(depth - 1))
    else:
        param.default = draw(override_strategy(param))
    return param


@st.composite
def block(draw, depth, visible_selects, budget):
    items = []
    visible = list(visible_selects)
    for _ in range(draw(st.integers(1, budget))):
        choices = ["param"] * 3
        if visible:
            choices.append("branch")
        if depth > 0:
            choices.append("propagate")
        item_kind = draw(st.sampled_from(choices))
        if item_kind == "branch":
            on = draw(st.sampled_from(visible))
            value = draw(st.sampled_from([value for _, value in on.pairs()]))
            then = draw(block(depth, visible, 2))
            otherwise = draw(st.one_of(st.just([]), block(depth, visible, 2)))
            items.append(Branch(on, value, then, otherwise))
        elif item_kind == "propagate":
            items.append(draw(parameter("propagate", depth)))
        else:
            param = draw(parameter(draw(st.sampled_from(KINDS)), depth))
            items.append(param)
            if param.kind == "select":
                visible.append(param)
    return items


@st.composite
def level(draw, depth):
    return Level(function="", items=draw(block(depth, [], 4)))


def walk_params(items):
    for item in items:
        if isinstance(item, Branch):
            yield from walk_params(item.then)
            yield from walk_params(item.otherwise)
        else:
            yield item


def assign_names(top):
    """Name every parameter `p<n>` within its level and every level `level_<n>`."""
    numbers = itertools.count()
    levels = []

    def visit(current):
        current.function = f"level_{next(numbers)}"
        for index, param in enumerate(walk_params(current.items)):
            param.name = f"p{index}"
            if param.child is not None:
                visit(param.child)
        levels.append(current)

    visit(top)
    return levels


def subtree_params(current, prefix=""):
    """Yield (path relative to `current`, param) for every parameter below it."""
    for param in walk_params(current.items):
        if param.child is None:
            yield prefix + param.path, param
        else:
            yield from subtree_params(param.child, f"{prefix}{param.path}.")


def call_text(param):
    if param.kind == "propagate":
        text = f"hp.propagate({param.child.function}"
        if param.given_selections:
            text += f", selections={param.given_selections!r}"
        if param.given_overrides:
            text += f", overrides={param.given_overrides!r}"
        return text + ")"
    if param.kind in SELECT_KINDS:
        if param.default is None:
            return f"hp.{param.kind}({param.options!r})"
        return f"hp.{param.kind}({param.options!r}, default={param.default!r})"
    text = f"hp.{param.kind}({param.default!r}"
    if param.low is not None:
        text += f", min={param.low!r}"
    if param.high is not None:
        text += f", max={param.high!r}"
    return text + ")"


def render_items(items, indent):
    lines = []
    pad = " " * indent
    for item in items:
        if isinstance(item, Branch):
            lines.append(f"{pad}if {item.on.accessor} == {item.value!r}:")
            lines.extend(render_items(item.then, indent + 4))
            if item.otherwise:
                lines.append(f"{pad}else:")
                lines.extend(render_items(item.otherwise, indent + 4))
        elif item.wrap == "plain":
            lines.append(f"{pad}{item.name} = {call_text(item)}")
        elif item.wrap == "dict":
            lines.append(f'{pad}{item.name} = {{"v": {call_text(item)}}}')
        else:
            lines.append(f"{pad}{item.name} = dict(v={call_text(item)})")
    return lines


def render(levels):
    parts = [HEADER]
    for current in levels:
        body = "\n".join(render_items(current.items, 4))
        parts.append(f"\n\n@config\ndef {current.function}(hp: HP):\n{body}\n")
    return "".join(parts)


class MissingChoice(Exception):
    """A reached select without default that the drawn call does not choose."""


class Model:
    """Compute the expected snapshot and results of one call from the space."""

    def __init__(self, selections, overrides, *, preferred=None, lenient=False):
        self.selections = selections
        self.overrides = overrides
        self.preferred = preferred or {}
        self.lenient = lenient
        self.snapshot = {}
        self.sources = {}

    def run(self, current, prefix, given):
        results = {}
        self.block(current.items, prefix, given, results)
        return results

    def block(self, items, prefix, given, results):
        for item in items:
            if isinstance(item, Branch):
                taken = self.value_of(item.on, results) == item.value
                self.block(
                    item.then if taken else item.otherwise, prefix, given, results
                )
            elif item.kind == "propagate":
                child_prefix = f"{prefix}{item.path}."
                layer = (
                    {child_prefix + k: v for k, v in item.given_overrides.items()},
                    {child_prefix + k: v for k, v in item.given_selections.items()},
                )
                child = self.run(item.child, child_prefix, [*given, layer])
                results[item.name] = self.wrap(item, child)
            else:
                source, value = self.resolve(item, prefix + item.path, given)
                self.snapshot[prefix + item.path] = value
                self.sources[prefix + item.path] = source
                results[item.name] = self.wrap(item, value)

    @staticmethod
    def wrap(param, value):
        return value if param.wrap == "plain" else {"v": value}

    @staticmethod
    def value_of(param, results):
        value = results[param.name]
        return value if param.wrap == "plain" else value["v"]

    def resolve(self, param, path, given):
        """Return the source and the value of the parameter at `path`."""
        if path in self.overrides:
            return "override", self.from_override(param, self.overrides[path])
        if path in self.selections:
            return "selection", self.from_selection(param, self.selections[path])

        preferred = self.preferred.get(path)
        if preferred is not None and preferred.fits:
            if param.kind in SELECT_KINDS:
                return "preferred", self.from_selection(param, preferred.value)
            return "preferred", preferred.value

        for overrides, selections in given:
            if path in overrides:
                return "propagate", self.from_override(param, overrides[path])
            if path in selections:
                return "propagate", self.from_selection(param, selections[path])

        if param.kind not in SELECT_KINDS:
            return "default", param.default
        default = param.default
        if param.kind == "multi_select" and default is None:
            default = []
        if default is None and self.lenient:
            return "default", param.pairs()[0][1]
        if default is None:
            raise MissingChoice(path)
        return "default", self.from_selection(param, default)

    @staticmethod
    def from_selection(param, selection):
        pairs = param.pairs()

        def value(key):
            return next(v for k, v in pairs if same(k, key))

        if param.kind == "select":
            return value(selection)
        return [value(key) for key in selection]

    @staticmethod
    def from_override(param, override):
        if param.kind not in SELECT_KINDS:
            return override
        pairs = param.pairs()

        def resolve(item):
            for _, value in pairs:
                if same(value, item):
                    return value
            for key, value in pairs:
                if same(key, item):
                    return value
            return item

        if param.kind == "select":
            return resolve(override)
        return [resolve(item) for item in override]


@dataclass
class Intent:
    kind: str
    value: object


@dataclass
class Preferred:
    value: object
    fits: bool


UNFIT = {
    "select": "no such key",
    "multi_select": ["no such key"],
    "number": "1.5",
    "int": 2.0,
    "text": 5,
    "bool": 1,
    "multi_number": [True],
    "multi_int": "1",
    "multi_text": ["a", None],
    "multi_bool": [0],
}


@st.composite
def preferred_for(draw, param):
    """Draw a preferred value that fits `param`, one that does not, or None."""
    choice = draw(st.sampled_from(["none", "fits", "fits", "unfit"]))
    if choice == "none":
        return None
    if choice == "unfit":
        return Preferred(UNFIT[param.kind], fits=False)
    if param.kind in SELECT_KINDS:
        return Preferred(draw(selection_strategy(param)), fits=True)
    return Preferred(draw(override_strategy(param)), fits=True)


@st.composite
def intent_for(draw, param, must_choose):
    kinds = ["override"]
    if param.kind in SELECT_KINDS:
        kinds.append("selection")
    if not must_choose:
        kinds.append("none")
    kind = draw(st.sampled_from(kinds))
    if kind == "none":
        return None
    if kind == "selection":
        return Intent(kind, draw(selection_strategy(param)))
    return Intent(kind, draw(override_strategy(param)))


def draw_given_values(data, levels):
    """Draw the selections and overrides that bodies pass to hp.propagate."""
    for current in levels:
        for param in walk_params(current.items):
            if param.child is None:
                continue
            for path, target in subtree_params(param.child):
                intent = data.draw(intent_for(target, must_choose=False))
                if intent is None:
                    continue
                if intent.kind == "selection":
                    param.given_selections[path] = intent.value
                else:
                    param.given_overrides[path] = intent.value


def draw_call(data, top):
    """Draw call-time values for the parameters that the call itself reaches."""
    intents = {
        path: data.draw(
            intent_for(
                param, must_choose=param.kind == "select" and param.default is None
            )
        )
        for path, param in subtree_params(top)
    }
    selections, overrides = {}, {}
    for _ in range(len(intents) + 2):
        model = Model(selections, overrides, lenient=True)
        model.run(top, "", [])
        reached = [path for path in model.snapshot if intents.get(path)]
        new_selections = {
            p: intents[p].value for p in reached if intents[p].kind == "selection"
        }
        new_overrides = {
            p: intents[p].value for p in reached if intents[p].kind == "override"
        }
        if (new_selections, new_overrides) == (selections, overrides):
            break
        selections, overrides = new_selections, new_overrides
    return selections, overrides


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(top=level(depth=2), data=st.data())
def test_snapshot_contract(top, data):
    levels = assign_names(top)
    draw_given_values(data, levels)
    selections, overrides = draw_call(data, top)
    model = Model(selections, overrides)
    expected_results = model.run(top, "", [])
    bound = list(expected_results)
    final_vars = data.draw(
        st.one_of(
            st.none(),
            st.permutations(bound).flatmap(
                lambda names: st.integers(0, len(names)).map(lambda n: names[:n])
            ),
        )
    )
    if final_vars is not None:
        expected_results = {name: expected_results[name] for name in final_vars}

    with tempfile.TemporaryDirectory() as directory:
        path = write_file(directory, render(levels), stem="space")
        module = import_file(path)
        cfg = getattr(module, top.function)

        results, snapshot = cfg(
            selections=selections,
            overrides=overrides,
            final_vars=final_vars,
            return_config_snapshot=True,
        )
        replayed_snapshot = cfg.explore(
            overrides=snapshot, final_vars=final_vars
        ).snapshot
        replayed_results = cfg(overrides=snapshot, final_vars=final_vars)

    assert_same(snapshot, model.snapshot, "snapshot")
    assert_same(results, expected_results, "results")
    assert_same(replayed_snapshot, snapshot, "replayed snapshot")
    assert_same(replayed_results, results, "replayed results")


def propagated_paths(current, prefix=""):
    """Return the full paths that any hp.propagate call in the space sets."""
    paths = set()
    for param in walk_params(current.items):
        if param.child is None:
            continue
        child_prefix = f"{prefix}{param.path}."
        given = [*param.given_overrides, *param.given_selections]
        paths.update(child_prefix + path for path in given)
        paths.update(propagated_paths(param.child, child_prefix))
    return paths


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(top=level(depth=2), data=st.data())
def test_explore_with_preferred_matches_model(top, data):
    levels = assign_names(top)
    draw_given_values(data, levels)
    selections, overrides = draw_call(data, top)
    preferred = {}
    for path, param in subtree_params(top):
        drawn = data.draw(preferred_for(param))
        if drawn is not None:
            preferred[path] = drawn
    model = Model(selections, overrides, preferred=preferred)
    try:
        expected_results = model.run(top, "", [])
    except MissingChoice:
        expected_results = None

    with tempfile.TemporaryDirectory() as directory:
        path = write_file(directory, render(levels), stem="space")
        cfg = getattr(import_file(path), top.function)
        exploration = cfg.explore(
            selections=selections,
            overrides=overrides,
            preferred={path: entry.value for path, entry in preferred.items()},
            strict=False,
            catch=True,
        )

    if expected_results is None:
        assert isinstance(exploration.error, ParameterError)
        return
    assert exploration.error is None
    assert_same(exploration.snapshot, model.snapshot, "snapshot")
    assert_same(exploration.results, expected_results, "results")
    sources = {record.path: record.source for record in exploration.parameters}
    assert sources == model.sources
    propagated = propagated_paths(top)
    for path, entry in preferred.items():
        if path in propagated:
            continue
        if path not in model.snapshot:
            expected_reason = "not reached"
        elif model.sources[path] in ("override", "selection"):
            expected_reason = "set by a selection or override"
        elif not entry.fits:
            expected_reason = "does not fit"
        else:
            assert path not in exploration.ignored
            continue
        assert exploration.ignored[path].startswith(expected_reason), path
