"""The database away (connection refused, cut or lost) as opposed to a fault of a query: the web layer
answers the first with 503 and lets the second be the error it is, without naming the database library."""
from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

DatabaseError = DBAPIError  # what a use case raises when the database fails, away or not
__all__ = ["DatabaseError", "database_unreachable"]


def database_unreachable(error: BaseException) -> bool:
    """The database cannot be reached (connection refused, cut or lost), as opposed to a query fault."""
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DBAPIError) and error.connection_invalidated)
