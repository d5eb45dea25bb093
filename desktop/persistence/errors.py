"""Turning driver failures into messages a person can act on."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import exc

from desktop.domain.errors import ReviewDeskError


class DatabaseUnavailable(ReviewDeskError):
    """The database cannot be reached or refused the connection; nothing was saved."""

    code = "database_unavailable"


#: SQLite errors that mean "the file cannot be used", not "our SQL is wrong".
_SQLITE_UNAVAILABLE = ("unable to open", "disk i/o", "readonly", "locked", "busy", "malformed",
                       "not a database")


def is_unavailable(error: BaseException) -> bool:
    """A lost or refused connection (retry later), as opposed to a bug in a statement."""
    if not isinstance(error, exc.OperationalError | exc.InterfaceError):
        return False
    if error.connection_invalidated or isinstance(error, exc.InterfaceError):
        return True
    orig = error.orig
    if type(orig).__module__.startswith("sqlite3"):
        text = str(orig).lower()
        return any(marker in text for marker in _SQLITE_UNAVAILABLE)
    # psycopg raises OperationalError for connection problems, and other classes
    # (ProgrammingError, DataError …) for statement problems.
    return True


@contextmanager
def translate_errors(label: str) -> Iterator[None]:
    try:
        yield
    except (exc.OperationalError, exc.InterfaceError) as error:
        if not is_unavailable(error):
            raise
        detail = str(error.orig or error).strip().splitlines()[0][:300]
        raise DatabaseUnavailable(
            f"データベース（{label}）に接続できません。ネットワークとサーバーを確認して再試行してください"
            f"（この操作は保存されていません）: {detail}",
            f"cannot reach the database ({label}); check the network and server and retry "
            f"(this action was not saved): {detail}",
            database=label,
        ) from error
