"""Implementation of scripts/refresh-openapi (see there).

The shipped openapi.json is a template: the document of a default project, with the parts
only some options add (the item-enrichment endpoint of the background jobs) wrapped in
`{% if %}` blocks, found by diffing the documents of both variants line by line.
"""

import difflib
import json
import tempfile
from pathlib import Path

from tests.helpers import TEMPLATE_ROOT, generate_and_install, run

TARGET = TEMPLATE_ROOT / "template" / "{% if python %}openapi.json{% endif %}.jinja"
ANSWERS = {"project_name": "Orders API"}
# The condition (a derived-context flag), and the answers that make it true.
VARIANT = ("jobs", {"queue": "redis"})


def exported_document(scratch: Path, **answers: str) -> str:
    project = generate_and_install(scratch, **ANSWERS, **answers).path
    run(["make", "openapi"], cwd=project)
    return (project / "openapi.json").read_text(encoding="utf-8")


def merge(base: str, variant: str, condition: str) -> str:
    """One template rendering `variant` when `condition` holds and `base` otherwise."""
    old, new = base.splitlines(keepends=True), variant.splitlines(keepends=True)
    merged: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            merged += old[i1:i2]
            continue
        merged.append(f"{{% if {condition} %}}{''.join(new[j1:j2])}")
        if i2 > i1:
            merged.append(f"{{% else %}}{''.join(old[i1:i2])}")
        merged.append("{% endif %}")
    return "".join(merged)


def with_answers_as_expressions(document: str, info: dict[str, str]) -> str:
    for field, expression in (("title", "project_name"), ("description", "description")):
        rendered = f'"{field}": {json.dumps(info[field], ensure_ascii=False)},'
        assert document.count(rendered) == 1, f"info.{field} not found exactly once"
        document = document.replace(rendered, f'"{field}": {{{{ {expression} | json_string }}}},')
    return document


def main() -> None:
    condition, answers = VARIANT
    with tempfile.TemporaryDirectory() as scratch:
        base = exported_document(Path(scratch) / "base")
        variant = exported_document(Path(scratch) / "variant", **answers)
    merged = merge(base, variant, condition)
    TARGET.write_text(with_answers_as_expressions(merged, json.loads(base)["info"]), "utf-8")
    print(f"wrote {TARGET.relative_to(TEMPLATE_ROOT)}")


if __name__ == "__main__":
    main()
