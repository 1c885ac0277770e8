"""Rename a recorded answer in .copier-answers.yml, keeping its value and the file's layout.

    python rename_answer.py OLD NEW [ANSWERS_FILE]

Run by copier (`_migrations` in copier.yml) in the service being updated, before the new
template version renders: without it, a renamed question would be asked afresh and, with
`--defaults`, silently take its default instead of the service's answer.
"""

import re
import sys
from pathlib import Path


def rename_answer(text: str, old: str, new: str) -> str:
    """The answers file's text with the top-level key `old` renamed to `new`.

    A file already using `new` is returned unchanged (migrations may run again).
    """
    if re.search(rf"^{re.escape(new)}:", text, flags=re.MULTILINE):
        return text
    return re.sub(rf"^{re.escape(old)}:", f"{new}:", text, count=1, flags=re.MULTILINE)


def main(arguments: list[str]) -> None:
    if len(arguments) not in (2, 3):
        sys.exit(__doc__)
    old, new = arguments[0], arguments[1]
    path = Path(arguments[2] if len(arguments) == 3 else ".copier-answers.yml")
    path.write_text(rename_answer(path.read_text(encoding="utf-8"), old, new), encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1:])
