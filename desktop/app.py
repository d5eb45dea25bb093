"""Composition root: settings → engine → services → Qt.

The only module that knows every layer. The CLI and the Qt application both get their
services from :func:`open_services`; heavy imports (SQLAlchemy, psycopg, Qt) happen here
lazily so that the login window can appear quickly.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from desktop import settings
from desktop.domain.errors import ReviewDeskError
from desktop.domain.permissions import SYSTEM
from desktop.domain.procedures import Procedure, load_procedures
from desktop.services.admin import AdminService
from desktop.services.attachments import FileAttachmentStore
from desktop.services.context import Clock, ServiceContext, SystemClock
from desktop.services.new_case import CaseCreationService
from desktop.services.queue import QueueService
from desktop.services.review import ReviewService

if TYPE_CHECKING:
    from desktop.services.ports import UnitOfWorkFactory


@dataclass
class Services:
    """Every use case of the application, sharing one context."""

    ctx: ServiceContext
    queue: QueueService
    review: ReviewService
    admin: AdminService
    cases: CaseCreationService
    database_label: str

    def close(self) -> None:
        dispose = getattr(self.ctx.uow, "dispose", None)
        if dispose is not None:
            dispose()


def load_default_procedures() -> dict[str, Procedure]:
    return load_procedures(settings.procedures_dir())


def services_for(uow: UnitOfWorkFactory, procedures: dict[str, Procedure],
                 clock: Clock | None = None, database_label: str = "",
                 attachments: FileAttachmentStore | None = None) -> Services:
    ctx = ServiceContext(uow=uow, procedures=procedures, clock=clock or SystemClock(),
                         attachments=attachments)
    return Services(ctx, QueueService(ctx), ReviewService(ctx), AdminService(ctx),
                    CaseCreationService(ctx), database_label)


def open_services(url: str | None = None, *, clock: Clock | None = None,
                  pool_size: int = 5) -> Services:
    """Services on the database at *url* (see :func:`desktop.settings.database_url`)."""
    from desktop.persistence.database import open_database

    url = settings.database_url(url)
    database = open_database(url, pool_size=pool_size)
    store = FileAttachmentStore(settings.attachments_dir(database.sqlite_path))
    return services_for(database, load_default_procedures(), clock, database.label, store)


def init_database(url: str | None = None) -> tuple[str | None, str]:
    """Create or upgrade the schema to the newest revision (``review-desk init``)."""
    from desktop.persistence.database import upgrade_database

    return upgrade_database(settings.database_url(url))


def demo_database_path() -> str:
    return str(settings.data_dir() / "demo.sqlite3")


def prepare_demo(url: str, cases: int = 300) -> None:
    """Create, upgrade and (when empty) seed the demo database; prints progress."""
    from desktop.services.demo_seed import seed_demo

    init_database(url)
    services = open_services(url)
    try:
        if services.admin.stats(SYSTEM).total == 0:
            print(f"デモ用データベースを作成しています: {url}", flush=True)
            seed_demo(services, cases=cases,
                      progress=lambda done, total: print(f"  {done}/{total}", flush=True))
    finally:
        services.close()


def main(argv: list[str] | None = None) -> int:
    """Start the desktop application (``make run`` passes ``--demo``)."""
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="review-desk-app", description="Review Desk (審査デスク)")
    parser.add_argument("--db", help="SQLAlchemy URL or SQLite file")
    parser.add_argument("--demo", action="store_true",
                        help="open (creating and seeding if needed) the demo database")
    args = parser.parse_args(argv)

    from desktop.qt.platform_check import platform_problem

    problem = platform_problem()
    if problem:
        print(problem, file=sys.stderr)
        return 2
    url = args.db or (demo_database_path() if args.demo else settings.database_url())
    try:
        if args.demo:
            prepare_demo(url)
    except ReviewDeskError as error:
        print(f"review-desk: {error.message(settings.language())}", file=sys.stderr)
        return 1
    from desktop.qt.application import run

    return run(lambda: open_services(url), demo=args.demo)


if __name__ == "__main__":
    raise SystemExit(main())
