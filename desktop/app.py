"""Composition root: settings → engine → services → Qt.

The only module that knows every layer. The CLI and the Qt application both get their
services from :func:`open_services`; heavy imports (SQLAlchemy, psycopg, Qt) happen here
lazily so that the login window can appear quickly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from desktop import settings

if TYPE_CHECKING:  # imported where used: the login dialog must not wait for them
    from desktop.domain.procedures import Procedure
    from desktop.services.admin import AdminService
    from desktop.services.attachments import FileAttachmentStore
    from desktop.services.case_documents import CaseDocumentsService
    from desktop.services.case_export import CaseExportService
    from desktop.services.case_search import CaseSearchService
    from desktop.services.context import Clock, ServiceContext
    from desktop.services.dashboard import DashboardService
    from desktop.services.enclosure import EnclosureService
    from desktop.services.field_marks import FieldMarkService
    from desktop.services.intake import IntakeService
    from desktop.services.new_case import CaseCreationService
    from desktop.services.notice_batch import NoticeService
    from desktop.services.ports import UnitOfWorkFactory
    from desktop.services.queue import QueueService
    from desktop.services.reports import ReportService
    from desktop.services.resubmission import ResubmissionService
    from desktop.services.review import ReviewService
    from desktop.services.scan_intake import ScanIntakeService
    from desktop.services.workstation_settings import WorkstationSettingsService


@dataclass
class Services:
    """Every use case of the application, sharing one context."""

    ctx: ServiceContext
    queue: QueueService
    review: ReviewService
    admin: AdminService
    cases: CaseCreationService
    database_label: str
    intake: IntakeService = field(init=False)

    def __post_init__(self) -> None:
        self.intake = intake_service(self.ctx)

    @cached_property
    def notices(self) -> NoticeService:
        """Notice batches, reprints, print log (built on first use: see notice_service)."""
        return notice_service(self.ctx)

    @cached_property
    def enclosure(self) -> EnclosureService:
        from desktop.services.enclosure import EnclosureService

        return EnclosureService(self.ctx, self.notices.uow)

    @cached_property
    def workstation(self) -> WorkstationSettingsService:
        """Settings every workstation follows (the idle lock)."""
        from desktop.services.workstation_settings import WorkstationSettingsService

        return WorkstationSettingsService(self.ctx)

    @cached_property
    def case_search(self) -> CaseSearchService:
        """Filters, search and keyset pages of the case table; saved views."""
        from desktop.services.case_search import CaseSearchService

        return CaseSearchService(self.ctx)

    @cached_property
    def documents(self) -> CaseDocumentsService:
        """Attachments, resubmission diffs and duplicate links for the case view."""
        from desktop.services.case_documents import CaseDocumentsService

        return CaseDocumentsService(self.ctx)

    @cached_property
    def field_marks(self) -> FieldMarkService:
        from desktop.services.field_marks import FieldMarkService

        return FieldMarkService(self.ctx)

    @cached_property
    def resubmission(self) -> ResubmissionService:
        from desktop.services.resubmission import ResubmissionService

        return ResubmissionService(self.ctx)

    @cached_property
    def reports(self) -> ReportService:
        """Monthly contract reports (write them with report_xlsx / notices.report_pdf)."""
        from desktop.services.reports import ReportService

        return ReportService(self.ctx)

    @cached_property
    def export(self) -> CaseExportService:
        """CSV export of case lists for the city."""
        from desktop.services.case_export import CaseExportService

        return CaseExportService(self.ctx)

    @cached_property
    def dashboard(self) -> DashboardService:
        """Supervisors' live figures and actions (reads the trigger-kept summary tables)."""
        from desktop.persistence.dashboard_uow import dashboard_uow_factory
        from desktop.services.dashboard import DashboardService

        return DashboardService(self.ctx, dashboard_uow_factory(self.ctx.uow))

    @cached_property
    def scans(self) -> ScanIntakeService:
        """Scanned paper applications waiting to be keyed in (the attachment store)."""
        from desktop.services.scan_intake import ScanIntakeService

        return ScanIntakeService(self.ctx, self.ctx.attachments)

    def close(self) -> None:
        dispose = getattr(self.ctx.uow, "dispose", None)
        if dispose is not None:
            dispose()


def intake_service(ctx: ServiceContext) -> IntakeService:
    """Intake with the profiles in ``resources/intake`` and, when there is an attachment
    store, the archive of imported files inside it (``<attachments>/intake-archive``,
    or ``$REVIEW_DESK_INTAKE_ARCHIVE``)."""
    import os
    from pathlib import Path

    from desktop.intake.profiles import ProfileSet
    from desktop.services.intake import IntakeService

    archive_env = os.environ.get("REVIEW_DESK_INTAKE_ARCHIVE")
    archive = Path(archive_env) if archive_env else (
        ctx.attachments.root / "intake-archive" if ctx.attachments else None)
    profiles = ProfileSet(ctx.procedures, settings.resources_dir() / "intake")
    return IntakeService(ctx, profiles, archive_dir=archive)


def notice_service(ctx: ServiceContext) -> NoticeService:
    """Notices rendered with ReportLab from ``resources/`` (city.toml, the envelope
    layout it names, the bundled fonts); fonts load on the first notice, not here."""
    from desktop.notices.renderer import ReportLabNoticeRenderer
    from desktop.persistence.notice_uow import notice_uow_factory
    from desktop.services.notice_batch import NoticeService

    renderer = ReportLabNoticeRenderer.from_resources(settings.resources_dir())
    return NoticeService(ctx, notice_uow_factory(ctx.uow), renderer)


def load_default_procedures() -> dict[str, Procedure]:
    from desktop.domain.procedure_loader import load_procedures

    return load_procedures(settings.procedures_dir())


def services_for(uow: UnitOfWorkFactory, procedures: dict[str, Procedure],
                 clock: Clock | None = None, database_label: str = "",
                 attachments: FileAttachmentStore | None = None) -> Services:
    from desktop.services.admin import AdminService
    from desktop.services.context import ServiceContext, SystemClock
    from desktop.services.new_case import CaseCreationService
    from desktop.services.queue import QueueService
    from desktop.services.review import ReviewService

    ctx = ServiceContext(uow=uow, procedures=procedures, clock=clock or SystemClock(),
                         attachments=attachments)
    return Services(ctx, QueueService(ctx), ReviewService(ctx), AdminService(ctx),
                    CaseCreationService(ctx), database_label)


def open_services(url: str | None = None, *, clock: Clock | None = None,
                  pool_size: int = 5) -> Services:
    """Services on the database at *url* (see :func:`desktop.settings.database_url`)."""
    from desktop.persistence.database import open_database
    from desktop.services.attachments import FileAttachmentStore

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
    from desktop.domain.permissions import SYSTEM
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

    from desktop.qt.application import run

    def connect() -> Services:
        # Runs in the background while the login dialog is already on screen: SQLAlchemy
        # and the database driver are first imported here, never before the dialog.
        from desktop.persistence.uow import before_unit_of_work
        from desktop.qt.gui_thread import assert_not_gui_thread

        if assert_not_gui_thread not in before_unit_of_work:  # connect runs again on retry
            before_unit_of_work.append(assert_not_gui_thread)
        if args.demo:
            prepare_demo(url)
        return open_services(url)

    return run(connect, demo=args.demo)


if __name__ == "__main__":
    raise SystemExit(main())
