"""Which conformance tests prove which clause of docs/contract.md.

    python -m scripts.contract_coverage           # print the coverage table
    python -m scripts.contract_coverage --write   # update it in docs/contract.md

tests/test_contract_doc.py fails when docs/contract.md's table is stale, when a test names
a clause the contract does not have, or when the contract lists a clause twice.
"""

import argparse
import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONTRACT = ROOT / "docs" / "contract.md"
CONFORMANCE = ROOT / "tests" / "conformance"
START = "<!-- conformance-coverage:start -->"
END = "<!-- conformance-coverage:end -->"
_CLAUSE_ROW = re.compile(r"^\| `([A-Z0-9-]+)` \|", re.MULTILINE)


def clauses() -> list[str]:
    """Clause IDs in the order the contract defines them."""
    return _CLAUSE_ROW.findall(CONTRACT.read_text(encoding="utf-8").split(START)[0])


def marked_tests_by_clause() -> dict[str, list[str]]:
    """Clause ID -> conformance tests marked `@contract("ID")`, read from the source."""
    found: dict[str, list[str]] = {}
    for module in sorted(CONFORMANCE.glob("test_*.py")):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test_"):
                continue
            for decorator in node.decorator_list:
                if (
                    isinstance(decorator, ast.Call)
                    and isinstance(decorator.func, ast.Name)
                    and decorator.func.id == "contract"
                ):
                    clause = ast.literal_eval(decorator.args[0])
                    found.setdefault(clause, []).append(f"{module.stem}::{node.name}")
    return found


def coverage_table() -> str:
    covered = marked_tests_by_clause()
    rows = ["| Clause | Conformance tests |", "| --- | --- |"]
    for clause in clauses():
        tests = covered.get(clause)
        cell = "<br>".join(f"`{test}`" for test in tests) if tests else "**no test**"
        rows.append(f"| `{clause}` | {cell} |")
    return "\n".join(rows)


def document_with_table() -> str:
    text = CONTRACT.read_text(encoding="utf-8")
    before, _, rest = text.partition(START)
    _, _, after = rest.partition(END)
    return f"{before}{START}\n{coverage_table()}\n{END}{after}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="update docs/contract.md")
    if parser.parse_args().write:
        CONTRACT.write_text(document_with_table(), encoding="utf-8")
    else:
        print(coverage_table())


if __name__ == "__main__":
    main()
