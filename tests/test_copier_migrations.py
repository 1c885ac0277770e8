"""The answer migrations copier.yml runs (copier_migrations/), on answers files' text."""

from copier_migrations.rename_answer import rename_answer

ANSWERS = """\
# Changes here will be overwritten by Copier; NEVER EDIT MANUALLY
_commit: v0.9.0
_src_path: https://github.com/example/servicecraft.git
cache: none
ci: gitlab
database: postgresql
"""


def test_a_renamed_question_keeps_its_answer_and_the_files_layout() -> None:
    renamed = rename_answer(ANSWERS, "ci", "ci_provider")

    assert renamed == ANSWERS.replace("ci: gitlab", "ci_provider: gitlab")


def test_running_it_again_changes_nothing() -> None:
    once = rename_answer(ANSWERS, "ci", "ci_provider")

    assert rename_answer(once, "ci", "ci_provider") == once


def test_only_the_whole_key_is_renamed() -> None:
    text = "cicd: yes\nci: none\n"

    assert rename_answer(text, "ci", "ci_provider") == "cicd: yes\nci_provider: none\n"
