import uuid

from ..core.errors import ConflictError, NotFoundError


class ItemNotFoundError(NotFoundError):
    def __init__(self, item_id: uuid.UUID) -> None:
        super().__init__(f"Item {item_id} does not exist.")


class ItemNameTakenError(ConflictError):
    def __init__(self, name: str) -> None:
        super().__init__("An item with this name already exists.", details=[("name", name)])
