"""The matrices really cover what they claim to."""

from itertools import combinations, product

import pytest

from .matrix import (
    AXES,
    CHECK_MATRIX,
    INTEGRATION_MATRIX,
    RENDER_MATRIX,
    each_value,
    is_valid,
    pairwise,
)


def test_axes_come_from_the_questionnaire() -> None:
    assert {"stack", "database", "ci_provider", "python_version"} <= set(AXES)
    assert AXES["database"][0] == "postgresql", "the default comes first"


def test_pairwise_is_smaller_than_the_full_product_when_it_can_be() -> None:
    axes = {name: [f"{name}{index}" for index in range(3)] for name in "abcd"}
    assert len(pairwise(axes)) < 3**4


def test_a_single_axis_still_renders_every_value() -> None:
    assert pairwise({"a": ["1", "2"]}) == [{"a": "1"}, {"a": "2"}]


def test_integration_matrix_covers_every_value_starting_with_the_defaults() -> None:
    assert INTEGRATION_MATRIX[0] == {name: values[0] for name, values in AXES.items()}
    for name, values in AXES.items():
        assert {combination[name] for combination in INTEGRATION_MATRIX} == set(values)
    assert len(each_value(AXES)) == max(len(values) for values in AXES.values())


@pytest.mark.parametrize("question", ["auth", "architecture"])
def test_integration_matrix_runs_every_value_on_the_default_database(question: str) -> None:
    on_postgresql = {c[question] for c in INTEGRATION_MATRIX if c["database"] == "postgresql"}
    assert on_postgresql == set(AXES[question])


def test_integration_and_check_tiers_together_cover_every_auth_and_database() -> None:
    covered = {(c["auth"], c["database"]) for c in INTEGRATION_MATRIX + CHECK_MATRIX}
    assert covered == set(product(AXES["auth"], AXES["database"]))
    assert not any(c in INTEGRATION_MATRIX for c in CHECK_MATRIX), "no combination runs twice"


def test_no_matrix_holds_answers_the_questionnaire_refuses_together() -> None:
    for combination in RENDER_MATRIX + INTEGRATION_MATRIX + CHECK_MATRIX:
        assert is_valid(combination), combination
    assert not is_valid({"architecture": "event-driven", "queue": "none"})


def test_render_matrix_covers_every_pair_of_values_the_questionnaire_allows() -> None:
    for first, second in combinations(sorted(AXES), 2):
        covered = {(c[first], c[second]) for c in RENDER_MATRIX}
        allowed = {
            pair
            for pair in product(AXES[first], AXES[second])
            if is_valid({first: pair[0], second: pair[1]})
        }
        assert covered == allowed, (first, second)


def test_every_broker_carries_enqueued_jobs_and_events_in_the_integration_tier() -> None:
    brokers = set(AXES["queue"]) - {"none"}
    events = {c["queue"] for c in INTEGRATION_MATRIX if c["architecture"] == "event-driven"}
    jobs = {
        c["queue"]
        for c in INTEGRATION_MATRIX
        if c["architecture"] != "event-driven" and c["queue"] != "none"
    }
    assert events == brokers
    assert jobs == brokers
