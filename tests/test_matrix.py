"""The matrices really cover what they claim to."""

from itertools import combinations, product

import pytest

from .matrix import (
    CHECK_MATRIX,
    INTEGRATION_MATRIX,
    RENDER_MATRIX,
    STACK_AXES,
    Combination,
    each_value,
    is_valid,
    pairwise,
)

STACKS = pytest.mark.parametrize("stack", list(STACK_AXES))


def of_stack(matrix: list[Combination], stack: str) -> list[Combination]:
    return [combination for combination in matrix if combination["stack"] == stack]


def test_axes_come_from_the_questionnaire() -> None:
    python, node = STACK_AXES["python-fastapi"], STACK_AXES["node-fastify"]
    assert {"stack", "database", "ci_provider", "python_version"} <= set(python)
    assert "node_version" not in python, "asked only when the stack is node-fastify"
    assert python["database"][0] == "postgresql", "the default comes first"
    assert python["auth"][0] == "jwt"
    # A value a stack has not built is disabled for it, and a default it lacks moves on.
    assert node["database"] == python["database"], "every database is built for Node"
    assert node["cache"] == python["cache"]
    assert node["auth"] == python["auth"], "every auth built for Node, the default (jwt) first"
    assert node["node_version"][0] == "24"
    assert "python_version" not in node


def test_pairwise_is_smaller_than_the_full_product_when_it_can_be() -> None:
    axes = {name: [f"{name}{index}" for index in range(3)] for name in "abcd"}
    assert len(pairwise(axes)) < 3**4


def test_a_single_axis_still_renders_every_value() -> None:
    assert pairwise({"a": ["1", "2"]}) == [{"a": "1"}, {"a": "2"}]


@STACKS
def test_integration_matrix_covers_every_value_starting_with_the_defaults(stack: str) -> None:
    axes, matrix = STACK_AXES[stack], of_stack(INTEGRATION_MATRIX, stack)
    assert matrix[0] == {name: values[0] for name, values in axes.items()}
    for name, values in axes.items():
        assert {combination[name] for combination in matrix} == set(values)
    assert len(each_value(axes)) == max(len(values) for values in axes.values())


def test_every_combination_answers_exactly_its_stacks_questions() -> None:
    for combination in RENDER_MATRIX + INTEGRATION_MATRIX + CHECK_MATRIX:
        assert set(combination) == set(STACK_AXES[combination["stack"]]), combination


@STACKS
@pytest.mark.parametrize("question", ["auth", "architecture"])
def test_integration_matrix_runs_every_value_on_the_default_database(
    stack: str, question: str
) -> None:
    matrix = of_stack(INTEGRATION_MATRIX, stack)
    on_postgresql = {c[question] for c in matrix if c["database"] == "postgresql"}
    assert on_postgresql == set(STACK_AXES[stack][question])


@STACKS
def test_integration_and_check_tiers_together_cover_every_auth_and_database(stack: str) -> None:
    axes = STACK_AXES[stack]
    matrix = of_stack(INTEGRATION_MATRIX + CHECK_MATRIX, stack)
    covered = {(c["auth"], c["database"]) for c in matrix}
    assert covered == set(product(axes["auth"], axes["database"]))
    assert not any(c in INTEGRATION_MATRIX for c in CHECK_MATRIX), "no combination runs twice"


def test_no_matrix_holds_answers_the_questionnaire_refuses_together() -> None:
    for combination in RENDER_MATRIX + INTEGRATION_MATRIX + CHECK_MATRIX:
        assert is_valid(combination), combination
    assert not is_valid({"architecture": "event-driven", "queue": "none"})


@STACKS
def test_render_matrix_covers_every_pair_of_values_the_questionnaire_allows(stack: str) -> None:
    axes, matrix = STACK_AXES[stack], of_stack(RENDER_MATRIX, stack)
    for first, second in combinations(sorted(axes), 2):
        covered = {(c[first], c[second]) for c in matrix}
        allowed = {
            pair
            for pair in product(axes[first], axes[second])
            if is_valid({first: pair[0], second: pair[1]})
        }
        assert covered == allowed, (first, second)


@STACKS
def test_every_broker_carries_enqueued_jobs_and_events_in_the_integration_tier(
    stack: str,
) -> None:
    matrix = of_stack(INTEGRATION_MATRIX, stack)
    brokers = set(STACK_AXES[stack]["queue"]) - {"none"}
    events = {c["queue"] for c in matrix if c["architecture"] == "event-driven"}
    jobs = {
        c["queue"] for c in matrix if c["architecture"] != "event-driven" and c["queue"] != "none"
    }
    event_driven = "event-driven" in STACK_AXES[stack]["architecture"]
    assert events == (brokers if event_driven else set())
    assert jobs == brokers
