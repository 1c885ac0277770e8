"""Implementation of scripts/refresh-openapi (see there)."""

import json
import tempfile
from pathlib import Path

from tests.helpers import TEMPLATE_ROOT, generate_and_install, run

TARGET = TEMPLATE_ROOT / "template" / "{% if python %}openapi.json{% endif %}.jinja"
ANSWERS = {"project_name": "Orders API"}


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        project = generate_and_install(Path(scratch) / "project", **ANSWERS).path
        run(["make", "openapi"], cwd=project)
        document = (project / "openapi.json").read_text(encoding="utf-8")

    info = json.loads(document)["info"]
    for field, expression in (("title", "project_name"), ("description", "description")):
        rendered = f'"{field}": {json.dumps(info[field], ensure_ascii=False)},'
        assert document.count(rendered) == 1, f"info.{field} not found exactly once"
        document = document.replace(rendered, f'"{field}": {{{{ {expression} | json_string }}}},')
    TARGET.write_text(document, encoding="utf-8")
    print(f"wrote {TARGET.relative_to(TEMPLATE_ROOT)}")


if __name__ == "__main__":
    main()
