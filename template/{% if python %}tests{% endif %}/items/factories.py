"""Request bodies for items; names are unique so tests never collide on the unique constraint."""

import itertools
from typing import Any

_sequence = itertools.count(1)


def item_payload(**overrides: Any) -> dict[str, Any]:
    number = next(_sequence)
    return {"name": f"Item {number}", "description": f"Description {number}"} | overrides
