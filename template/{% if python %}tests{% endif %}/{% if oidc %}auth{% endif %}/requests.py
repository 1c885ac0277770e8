"""What the auth tests send: the endpoint naming the caller, and bearer headers."""

ME = "/api/v1/users/me"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
