"""One unit of work's database transaction: a Core connection, the ORM only on demand.

A unit of work begins on a plain :class:`~sqlalchemy.engine.Connection`. An ORM
:class:`~sqlalchemy.orm.Session` joins that connection's transaction the first time a
repository asks for one. The claim ("next case", on every click of every workstation)
runs on the driver and never needs it. A Session costs about as much client CPU
as the claim's own statement: setting up and tearing down its transaction bookkeeping,
and routing the commit through it. Repositories that read or write ORM objects share
one Session for the whole transaction, so they see each other's pending changes.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection
from sqlalchemy.orm import Session


class Transaction:
    """The connection of one unit of work, inside its transaction, with the Session that
    joins it when needed and notes that last as long as the transaction does.

    After a commit or a rollback the next use begins a new transaction (on SQLite through
    the engine's BEGIN hook, so a write unit of work takes the write lock again): the
    driver's statements bypass SQLAlchemy's own autobegin.
    """

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.dialect: str = connection.dialect.name
        self._session: Session | None = None
        self._notes: dict[str, dict[str, Any]] = {}

    @property
    def connection(self) -> Connection:
        """The unit of work's connection, in a transaction."""
        if not self._connection.in_transaction():
            self._connection.begin()
        return self._connection

    @property
    def session(self) -> Session:
        """The ORM Session on this transaction (made on first use in each transaction)."""
        if self._session is None:
            # "rollback_only": the Session never commits the connection's transaction
            # (the unit of work does, after a flush), and a rollback through it rolls
            # that transaction back.
            self._session = Session(bind=self.connection, expire_on_commit=False,
                                    join_transaction_mode="rollback_only")
        return self._session

    def notes(self, key: str) -> dict[str, Any]:
        """A dictionary under *key* that is emptied when the transaction ends (for what a
        repository learned in it, such as an audit stream's head)."""
        return self._notes.setdefault(key, {})

    def commit(self) -> None:
        """Flush the Session's pending objects, if any, and commit."""
        self._notes.clear()
        if self._session is not None:
            self._session.flush()
        self._connection.commit()
        self._end_session()

    def rollback(self) -> None:
        """Abandon everything done in the transaction, the Session's objects included."""
        self._notes.clear()
        try:
            self._connection.rollback()
        finally:
            self._end_session()

    def close(self) -> None:
        """Give the connection back to the pool (rolled back if still in a transaction)."""
        self._notes.clear()
        try:
            self._end_session()
        finally:
            self._connection.close()

    def _end_session(self) -> None:
        # Repositories hand out plain objects, so nothing outlives the transaction's
        # Session; the next one joins the next transaction.
        session, self._session = self._session, None
        if session is not None:
            session.close()


class TransactionBound:
    """Base of the repositories: the unit of work's :class:`Transaction`, its dialect's
    name, and ``_s``, the ORM Session (made on first use)."""

    def __init__(self, tx: Transaction) -> None:
        self._tx = tx
        self._dialect = tx.dialect

    @property
    def _s(self) -> Session:
        return self._tx.session
