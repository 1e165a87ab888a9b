"""Configs that the form tests drive; defined in a file so `@config` reads them."""

# Config bodies bind locals that become the results, which pyflakes reads as unused.
# ruff: noqa: F841

from hypster import HP, config

#: One entry per run of `counted_config`, so tests can count runs.
RUNS: list[str] = []


class LLMModel:
    """Stand-in for the reference's model class, equal when its parts are."""

    def __init__(self, chunking, model, config):
        self.chunking = chunking
        self.model = model
        self.config = config

    def __eq__(self, other):
        return (
            self.chunking == other.chunking
            and self.model == other.model
            and self.config == other.config
        )


@config
def reference_config(hp: HP):
    chunking_strategy = hp.select(
        ["paragraph", "semantic", "fixed"], default="paragraph"
    )

    llm_model = hp.select(
        {
            "haiku": "claude-3-haiku-20240307",
            "sonnet": "claude-3-5-sonnet-20240620",
            "gpt-4o-mini": "gpt-4o-mini",
        },
        default="gpt-4o-mini",
    )

    llm_config = {"temperature": hp.number(0), "max_tokens": 64}

    model = LLMModel(chunking_strategy, llm_model, llm_config)


@config
def head(hp: HP):
    act = hp.select(["relu", "gelu"], default="relu")


@config
def network(hp: HP):
    opt = {"lr": hp.number(0.1)}
    top = hp.propagate(head)


@config
def family_config(hp: HP):
    family = hp.select(["cnn", "rnn"], default="cnn")
    if family == "cnn":
        block = hp.select(["conv3", "conv5"], default="conv3")
        depth = hp.int(4, min=1, max=10)
    else:
        block = hp.select(["lstm", "gru"], default="lstm")
        depth = hp.int(2, min=1, max=3)


@config
def counted_config(hp: HP):
    RUNS.append("run")
    mode = hp.select(["fast", "slow"], default="fast")
    prompt = hp.text("hello")


@config
def raising_config(hp: HP):
    mode = hp.select(["ok", "broken"], default="ok")
    if mode == "broken":
        raise ValueError("the broken branch is not supported")
    size = hp.int(3)


@config
def field_config(hp: HP):
    tokens = hp.int(200000, min=1)
    temperature = hp.number(1, min=0)
    stops = hp.multi_text(["###"])
    ratio = hp.number(0.5, min=0, max=1)
    steps = hp.int(5, max=8)


@config
def kinds_config(hp: HP):
    choice = hp.select(["a", "b"])
    tags = hp.multi_select(["x", "y", "z"], default=["z", "x"])
    enabled = hp.bool(True)
    name = hp.text("short")
    notes = hp.text("line one\nline two")
    weights = hp.multi_number([0.5, 1.5])
    sizes = hp.multi_int([1, 2])
    words = hp.multi_text(["a", "b"])
    flags = hp.multi_bool([True, False])


@config
def alike_config(hp: HP):
    key = hp.select([1, "1", True, 1.0], default=True)


@config
def inner(hp: HP):
    depth = hp.int(2)


@config
def middle(hp: HP):
    width = hp.int(8)
    core = hp.propagate(inner)


@config
def outer(hp: HP):
    name = hp.text("run")
    block = hp.propagate(middle)
    seed = hp.int(0)


class Opaque:
    """An option value with no Python literal form."""

    def __init__(self, label):
        self.label = label

    def __eq__(self, other):
        return isinstance(other, Opaque) and other.label == self.label

    __hash__ = None


SMALL = Opaque("small")
LARGE = Opaque("large")


@config
def opaque_config(hp: HP):
    model = hp.select({"small": SMALL, "large": LARGE}, default="small")
    extras = hp.multi_select({"s": SMALL, "l": LARGE}, default=["l"])


@config
def clashing_config(hp: HP):
    # Key "b" of the first option equals the value of the second option.
    pick = hp.select({"b": SMALL, "a": "b"}, default="b")


@config
def computed_config(hp: HP):
    limit = hp.int(10, min=1, max=100)
    value = hp.int(5, min=0, max=limit)
    size = hp.select(list(range(limit % 4 + 2)), default=0)


@config
def bounds_config(hp: HP):
    capped = hp.bool(True)
    count = hp.int(5, min=0, max=10 if capped else None)


@config
def unchosen_config(hp: HP):
    retries = hp.int(1)
    backend = hp.select(["local", "remote"])
    timeout = hp.number(2.5)
