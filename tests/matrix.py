"""Option combinations to test, computed from copier.yml so a new choice joins by itself.

Each stack has its own axes: the questions asked with it (`when`), and of each question the
values it offers (the choices its validators do not disable). The matrices below are built
per stack, by the same rules, and concatenated.

- `RENDER_MATRIX`: a pairwise (all-pairs) covering set over every choice question: each
  pair of values of any two questions appears in at least one combination.
- `INTEGRATION_MATRIX`: each value of every choice question in at least one combination,
  defaults first, and each `auth` and each `architecture` value on the default database
  (PostgreSQL); these are installed, checked and run against real servers.
- `CHECK_MATRIX`: the pairs of an `auth` and a `database` value the integration tier does
  not run, with defaults otherwise; these are installed and `make check`ed.
"""

from itertools import combinations, product
from typing import Any

import yaml
from jinja2 import Environment, StrictUndefined

from extensions.servicecraft import ServicecraftFilters

from .helpers import TEMPLATE_ROOT

Combination = dict[str, str]
Answer = tuple[str, str]

# Answers that copier.yml's validators refuse together (an event-driven service needs a
# broker); no matrix holds such a pair.
INCOMPATIBLE: list[tuple[Answer, Answer]] = [(("architecture", "event-driven"), ("queue", "none"))]


def is_valid(combination: Combination) -> bool:
    return not any(
        combination.get(first[0]) == first[1] and combination.get(second[0]) == second[1]
        for first, second in INCOMPATIBLE
    )


def repaired(combination: Combination, axes: dict[str, list[str]]) -> Combination:
    """The combination, with the second answer of each incompatible pair replaced by the
    first value of its question that is compatible."""
    result = dict(combination)
    for _, (question, _) in INCOMPATIBLE:
        if not is_valid(result):
            result[question] = next(
                value for value in axes[question] if is_valid(result | {question: value})
            )
    assert is_valid(result), result
    return result


def _render(expression: Any, stack: str) -> str:
    """A templated setting of copier.yml, rendered as Copier would once `stack` is known."""
    environment = Environment(extensions=[ServicecraftFilters], undefined=StrictUndefined)
    return environment.from_string(str(expression)).render(stack=stack).strip()


def stack_axes() -> dict[str, dict[str, list[str]]]:
    """Stack -> question -> the values it offers, the default first, for every question
    with choices that is asked with that stack."""
    questionnaire = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text(encoding="utf-8"))
    questions = {
        name: spec
        for name, spec in questionnaire.items()
        if not name.startswith("_") and isinstance(spec, dict) and "choices" in spec
    }
    result: dict[str, dict[str, list[str]]] = {}
    for stack in questions["stack"]["choices"].values():
        axes: dict[str, list[str]] = {}
        for name, spec in questions.items():
            if name == "stack":
                axes[name] = [stack]
                continue
            if "when" in spec and _render(spec["when"], stack) != "True":
                continue
            choices: Any = spec["choices"]
            offered = []
            for choice in choices.values() if isinstance(choices, dict) else choices:
                if isinstance(choice, dict):
                    if _render(choice.get("validator", ""), stack):
                        continue  # disabled for this stack
                    choice = choice["value"]
                offered.append(str(choice))
            default = _render(spec.get("default", offered[0]), stack)
            axes[name] = [default, *(value for value in offered if value != default)]
        result[stack] = axes
    return result


def _pairs(combination: Combination) -> set[tuple[tuple[str, str], tuple[str, str]]]:
    return set(combinations(sorted(combination.items()), 2))


def pairwise(axes: dict[str, list[str]]) -> list[Combination]:
    """A small all-pairs covering set, built greedily and deterministically."""
    if len(axes) < 2:
        return each_value(axes)
    uncovered = {
        ((first, first_value), (second, second_value))
        for first, second in combinations(sorted(axes), 2)
        for first_value in axes[first]
        for second_value in axes[second]
        if is_valid({first: first_value, second: second_value})
    }
    result: list[Combination] = []
    while uncovered:
        (first, first_value), (second, second_value) = min(uncovered)
        combination = {first: first_value, second: second_value}
        for name in sorted(axes):
            if name not in combination:
                combination[name] = max(
                    (value for value in axes[name] if is_valid({**combination, name: value})),
                    key=lambda value, name=name: len(
                        _pairs({**combination, name: value}) & uncovered
                    ),
                )
        result.append(combination)
        uncovered -= _pairs(combination)
    return result


def each_value(axes: dict[str, list[str]]) -> list[Combination]:
    """As few combinations as cover every value once; the first is all defaults."""
    size = max(len(values) for values in axes.values())
    return [repaired({name: values[index % len(values)] for name, values in axes.items()}, axes)
            for index in range(size)]  # fmt: skip


def with_each_on_default(
    matrix: list[Combination], axes: dict[str, list[str]], name: str, anchor: str
) -> list[Combination]:
    """The matrix, plus an all-defaults combination for each value of `name` that it
    never pairs with the default value of `anchor`."""
    paired = {combination[name] for combination in matrix if combination[anchor] == axes[anchor][0]}
    defaults = {axis: values[0] for axis, values in axes.items()}
    return matrix + [
        repaired(defaults | {name: value}, axes) for value in axes[name] if value not in paired
    ]


def missing_pairs(
    matrix: list[Combination], axes: dict[str, list[str]], first: str, second: str
) -> list[Combination]:
    """All-defaults combinations for each pair of `first` and `second` values the matrix lacks."""
    present = {(combination[first], combination[second]) for combination in matrix}
    defaults = {axis: values[0] for axis, values in axes.items()}
    return [
        defaults | {first: one, second: other}
        for one, other in product(axes[first], axes[second])
        if (one, other) not in present and is_valid({first: one, second: other})
    ]


def identifier(combination: Combination) -> str:
    return "-".join(combination[name] for name in sorted(combination))


def integration_matrix(axes: dict[str, list[str]]) -> list[Combination]:
    # Authentication is where the database matters most (accounts, refresh tokens, owners);
    # each architecture style must also pass on the default database (PostgreSQL).
    matrix = with_each_on_default(
        with_each_on_default(each_value(axes), axes, "auth", "database"),
        axes,
        "architecture",
        "database",
    )
    # Every broker carries both kinds of traffic somewhere: the jobs an API enqueues, and an
    # event-driven service's events (the outbox, relay and redelivery tests).
    matrix += [
        combination
        for combination in missing_pairs(matrix, axes, "architecture", "queue")
        if combination["architecture"] == "event-driven"
    ]
    matrix += [
        {axis: values[0] for axis, values in axes.items()} | {"queue": queue}
        for queue in axes["queue"][1:]
        if not any(
            combination["queue"] == queue and combination["architecture"] != "event-driven"
            for combination in matrix
        )
    ]
    return matrix


STACK_AXES = stack_axes()
RENDER_MATRIX = [combination for axes in STACK_AXES.values() for combination in pairwise(axes)]
INTEGRATION_MATRIX = [
    combination for axes in STACK_AXES.values() for combination in integration_matrix(axes)
]
CHECK_MATRIX = [
    combination
    for stack, axes in STACK_AXES.items()
    for combination in missing_pairs(
        [c for c in INTEGRATION_MATRIX if c["stack"] == stack], axes, "auth", "database"
    )
]


def axes_of(combination: Combination) -> dict[str, list[str]]:
    """The axes of the combination's stack."""
    return STACK_AXES[combination["stack"]]
