"""Implementation of scripts/refresh-openapi (see there).

Each stack's shipped openapi.json includes one document per `auth` value it offers (the
API differs most between them), each a template: the document of a project with that value,
with the parts only some options add (the item-enrichment endpoint of the background
jobs, the inventory module of a modular monolith) wrapped in `{% if %}` blocks, found by
diffing each variant's document against the base document line by line. The result is
checked: rendered with every option on, it must be the document of a project with every
option on.
"""

import difflib
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import jinja2

from tests.helpers import TEMPLATE_ROOT, generate_and_install, run
from tests.matrix import STACK_AXES

ANSWERS = {"project_name": "Orders API"}
# Per stack: its derived-context flag, and each condition (a flag) with the answers that
# make it true, in the order their additions appear in a document with all of them. A
# stack lists only the options it offers.
STACKS: dict[str, tuple[str, dict[str, dict[str, str]]]] = {
    "python-fastapi": (
        "python",
        {"jobs": {"queue": "redis"}, "modular_monolith": {"architecture": "modular-monolith"}},
    ),
    "node-fastify": (
        "node",
        {"jobs": {"queue": "redis"}, "modular_monolith": {"architecture": "modular-monolith"}},
    ),
}


def exported_document(scratch: Path, **answers: str) -> str:
    project = generate_and_install(scratch, **ANSWERS, **answers).path
    run(["make", "openapi"], cwd=project)
    return (project / "openapi.json").read_text(encoding="utf-8")


Edit = tuple[str, int, list[str]]  # condition, end of the replaced base lines, new lines


def merge(base: str, variants: dict[str, str]) -> str:
    """One template rendering `base`, plus each variant's changes when its condition holds.

    Variants may insert at the same place (in the order given) but not change the same
    base lines: the options whose additions interact would need a combined variant.
    """
    old = base.splitlines(keepends=True)
    edits: defaultdict[int, list[Edit]] = defaultdict(list)
    changed: dict[int, str] = {}
    for condition, variant in variants.items():
        new = variant.splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag == "equal":
                continue
            for index in range(i1, i2):
                if changed.setdefault(index, condition) != condition:
                    raise ValueError(f"{condition} and {changed[index]} change line {index + 1}")
            edits[i1].append((condition, i2, new[j1:j2]))
    merged: list[str] = []
    index = 0
    while index <= len(old):
        replaced_until = index
        for condition, end, new_lines in edits.get(index, []):
            merged.append(f"{{% if {condition} %}}{''.join(new_lines)}")
            if end > index:
                merged.append(f"{{% else %}}{''.join(old[index:end])}")
                replaced_until = end
            merged.append("{% endif %}")
        if replaced_until > index:
            index = replaced_until
            continue
        merged += old[index : index + 1]
        index += 1
    return "".join(merged)


def rendered(template: str, **flags: bool) -> str:
    environment = jinja2.Environment(keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(template).render(**flags)


def with_answers_as_expressions(document: str, info: dict[str, str]) -> str:
    for field, expression in (("title", "project_name"), ("description", "description")):
        rendered = f'"{field}": {json.dumps(info[field], ensure_ascii=False)},'
        assert document.count(rendered) == 1, f"info.{field} not found exactly once"
        document = document.replace(rendered, f'"{field}": {{{{ {expression} | json_string }}}},')
    return document


def refresh(stack: str, flag: str, variants_answers: dict[str, dict[str, str]]) -> None:
    target = TEMPLATE_ROOT / "template" / f"{{% if {flag} %}}openapi.json{{% endif %}}.jinja"
    documents_dir = TEMPLATE_ROOT / "partials" / stack / "openapi"
    # No newline of its own: the included document ends with one.
    include = f"{{% include 'partials/{stack}/openapi/' ~ auth ~ '.json.jinja' %}}"
    target.write_text(include, "utf-8")
    documents = {auth: documents_dir / f"{auth}.json.jinja" for auth in STACK_AXES[stack]["auth"]}
    documents_dir.mkdir(parents=True, exist_ok=True)
    for stale in set(documents_dir.glob("*.json.jinja")) - set(documents.values()):
        stale.unlink()
    for document in documents.values():
        if not document.exists():  # a new auth value: any content lets the project render
            document.write_text("{}\n", "utf-8")
    every_option = {
        name: value for answers in variants_answers.values() for name, value in answers.items()
    }
    for auth, document in documents.items():
        with tempfile.TemporaryDirectory() as scratch:
            fixed = {"stack": stack, "auth": auth}
            base = exported_document(Path(scratch) / "base", **fixed)
            variants = {
                condition: exported_document(Path(scratch) / condition, **fixed, **answers)
                for condition, answers in variants_answers.items()
            }
            combined = exported_document(Path(scratch) / "combined", **fixed, **every_option)
        merged = merge(base, variants)
        for condition, variant in variants.items():
            flags = {name: name == condition for name in variants_answers}
            assert rendered(merged, **flags) == variant
        assert rendered(merged, **dict.fromkeys(variants_answers, True)) == combined, (
            f"{stack}, {auth}: the variants' changes do not combine; add a combined variant"
        )
        document.write_text(with_answers_as_expressions(merged, json.loads(base)["info"]), "utf-8")
        print(f"wrote {document.relative_to(TEMPLATE_ROOT)}")


def main() -> None:
    for stack, (flag, variants) in STACKS.items():
        refresh(stack, flag, variants)


if __name__ == "__main__":
    main()
