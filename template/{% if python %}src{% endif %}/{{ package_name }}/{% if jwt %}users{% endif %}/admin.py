"""Making administrators, which no API request can do: the first one comes from here."""

from collections.abc import Callable

from sqlalchemy.ext.asyncio import AsyncSession

from ..auth.passwords import Passwords, password_problem
from ..auth.principal import Role
from .models import User
from .repository import UserRepository
from .schemas import normalized_email


class AdminCreationError(Exception):
    """The e-mail address or the password was refused; the message says why."""


async def promote_or_create_admin(
    session: AsyncSession, *, email: str, read_password: Callable[[], str]
) -> str:
    """Make the account an administrator, creating it (with a password that must meet the
    policy) when it does not exist. Returns what was done, for the command to print."""
    try:
        email = normalized_email(email)
    except ValueError as error:
        raise AdminCreationError(f"email: {error}") from None
    users = UserRepository(session)
    user = await users.by_email(email)
    if user is not None:
        # An existing account keeps its password; only its role changes.
        user.role = Role.ADMIN.value
        await session.commit()
        return f"{email} is now an administrator."

    password = read_password()
    problem = password_problem(password, email=email)
    if problem is not None:
        raise AdminCreationError(f"password: {problem}")
    password_hash = await Passwords().hash(password)
    users.add(User(email=email, password_hash=password_hash, role=Role.ADMIN.value))
    await session.commit()
    return f"Created the administrator {email}."
