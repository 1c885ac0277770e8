"""Bad answers are refused with a message naming the question; good ones are recorded."""

from pathlib import Path

import copier
import pytest

from .helpers import TEMPLATE_ROOT


def copy(destination: Path, **answers: str) -> None:
    copier.run_copy(
        str(TEMPLATE_ROOT),
        destination,
        data={"project_name": "Orders API", **answers},
        defaults=True,
        unsafe=True,
        quiet=True,
        vcs_ref="HEAD",
    )


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"project_name": ""}, "project_name: must not be empty"),
        ({"project_name": "   "}, "project_name: must not be empty"),
        ({"project_name": "x" * 65}, "project_name: must be at most 64 characters"),
        ({"project_name": "!!!"}, "project_name: must contain at least one letter or digit"),
        ({"project_slug": "Orders_API"}, 'project_slug: "Orders_API" must be lowercase kebab-case'),
        ({"project_slug": "orders--api"}, "project_slug"),
        ({"project_slug": "json"}, "clashes with a Python keyword or standard-library module"),
        ({"project_slug": "class"}, "clashes with a Python keyword"),
        ({"author_email": "not-an-address"}, 'author_email: "not-an-address" is not a valid'),
        ({"author_name": " "}, "author_name: must not be empty"),
        ({"description": "x" * 201}, "description: must be at most 200 characters"),
        ({"description": 'The "best" API'}, "description: must not contain double quotes"),
        ({"project_name": "Orders\\API"}, "project_name: must not contain double quotes"),
        ({"stack": "rust-axum"}, "'stack'"),
        ({"database": "oracle"}, "'database'"),
        ({"ci_provider": "jenkins"}, "'ci_provider'"),
        ({"python_version": "3.9"}, "'python_version'"),
        (
            {"architecture": "event-driven", "queue": "none"},
            "queue: an event-driven service publishes its events through a broker",
        ),
        ({"stack": "node-fastify", "node_version": "20"}, "'node_version'"),
        (
            {"stack": "node-fastify", "architecture": "event-driven"},
            "queue: an event-driven service publishes its events through a broker",
        ),
    ],
)
def test_bad_answers_are_refused_naming_the_question(
    tmp_path: Path, answers: dict[str, str], message: str
) -> None:
    with pytest.raises(ValueError, match=r"Validation error|Invalid choice") as raised:
        copy(tmp_path / "out", **answers)

    assert message in str(raised.value)
    assert not (tmp_path / "out").exists(), "nothing is written for refused answers"


def test_derived_defaults(tmp_path: Path) -> None:
    copy(tmp_path / "out", project_name="Billing Service")

    answers = (tmp_path / "out" / ".copier-answers.yml").read_text()
    assert "project_slug: billing-service" in answers
    assert (tmp_path / "out" / "src" / "billing_service" / "main.py").is_file()


def test_every_question_has_help_and_a_default() -> None:
    import yaml

    questions = {
        name: spec
        for name, spec in yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text()).items()
        if not name.startswith("_")
    }
    assert questions
    for name, spec in questions.items():
        assert spec.get("help"), f"{name} has no help text"
        assert "default" in spec, f"{name} has no default"
        assert "type" in spec, f"{name} has no type"


def test_a_stack_starts_from_defaults_it_offers(tmp_path: Path) -> None:
    # (offered_default's giving way to a value the stack offers: test_extensions.)
    copy(tmp_path / "out", stack="node-fastify")

    answers = (tmp_path / "out" / ".copier-answers.yml").read_text()
    assert "auth: jwt" in answers
    assert "node_version: '24'" in answers
    assert "python_version" not in answers
