"""Implementation of scripts/refresh-openapi (see there).

The shipped openapi.json includes one document per `auth` value (the API differs most
between them), each a template: the document of a project with that value, with the parts
only some options add (the item-enrichment endpoint of the background jobs) wrapped in
`{% if %}` blocks, found by diffing the documents of both variants line by line.
"""

import difflib
import json
import tempfile
from pathlib import Path

import yaml

from tests.helpers import TEMPLATE_ROOT, generate_and_install, run

TARGET = TEMPLATE_ROOT / "template" / "{% if python %}openapi.json{% endif %}.jinja"
DOCUMENTS = TEMPLATE_ROOT / "partials" / "python-fastapi" / "openapi"
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


def auth_values() -> list[str]:
    questionnaire = yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text(encoding="utf-8"))
    return [str(value) for value in questionnaire["auth"]["choices"].values()]


def main() -> None:
    condition, answers = VARIANT
    # No newline of its own: the included document ends with one.
    TARGET.write_text(
        "{% include 'partials/python-fastapi/openapi/' ~ auth ~ '.json.jinja' %}", "utf-8"
    )
    documents = {auth: DOCUMENTS / f"{auth}.json.jinja" for auth in auth_values()}
    DOCUMENTS.mkdir(parents=True, exist_ok=True)
    for stale in set(DOCUMENTS.glob("*.json.jinja")) - set(documents.values()):
        stale.unlink()
    for document in documents.values():
        if not document.exists():  # a new auth value: any content lets the project render
            document.write_text("{}\n", "utf-8")
    for auth, document in documents.items():
        with tempfile.TemporaryDirectory() as scratch:
            base = exported_document(Path(scratch) / "base", auth=auth)
            variant = exported_document(Path(scratch) / "variant", auth=auth, **answers)
        merged = merge(base, variant, condition)
        document.write_text(with_answers_as_expressions(merged, json.loads(base)["info"]), "utf-8")
        print(f"wrote {document.relative_to(TEMPLATE_ROOT)}")


if __name__ == "__main__":
    main()
