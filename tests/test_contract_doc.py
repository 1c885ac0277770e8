"""docs/contract.md and the conformance suite agree: every test names a real clause, and
the coverage table (regenerate: `python -m scripts.contract_coverage --write`) is current."""

from scripts.contract_coverage import CONTRACT, clauses, document_with_table, marked_tests_by_clause


def test_clause_ids_are_unique() -> None:
    ids = clauses()
    assert len(ids) > 20
    assert len(ids) == len(set(ids)), "a clause is defined twice"


def test_conformance_tests_name_existing_clauses() -> None:
    unknown = set(marked_tests_by_clause()) - set(clauses())
    assert not unknown, f"tests name clauses the contract does not define: {unknown}"


def test_coverage_table_in_the_contract_is_current() -> None:
    assert CONTRACT.read_text(encoding="utf-8") == document_with_table(), (
        "docs/contract.md is stale: run `.venv/bin/python -m scripts.contract_coverage --write`"
    )
