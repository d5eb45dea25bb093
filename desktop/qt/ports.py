"""What the Qt layer needs from the composition root, as protocols.

``desktop.app.Services`` satisfies :class:`AppServices`; the Qt layer does not import
``desktop.app`` itself (that would make it reach the persistence layer).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from desktop.domain.cases import CaseRecord
from desktop.domain.workflow import Stage

if TYPE_CHECKING:  # services load with the connection, after the login dialog
    from desktop.services.admin import AdminService
    from desktop.services.case_documents import CaseDocumentsService
    from desktop.services.case_search import CaseSearchService
    from desktop.services.context import ServiceContext
    from desktop.services.dashboard import DashboardService
    from desktop.services.enclosure import EnclosureService
    from desktop.services.field_marks import FieldMarkService
    from desktop.services.intake import IntakeService
    from desktop.services.notice_batch import NoticeService
    from desktop.services.queue import QueueService
    from desktop.services.resubmission import ResubmissionService
    from desktop.services.review import ReviewService
    from desktop.services.scan_intake import ScanIntakeService
    from desktop.services.workstation_settings import WorkstationSettingsService


class AppServices(Protocol):
    """The use cases a window calls (always from a background task)."""

    @property
    def ctx(self) -> ServiceContext: ...
    @property
    def queue(self) -> QueueService: ...
    @property
    def review(self) -> ReviewService: ...
    @property
    def admin(self) -> AdminService: ...
    @property
    def notices(self) -> NoticeService: ...
    @property
    def enclosure(self) -> EnclosureService: ...
    @property
    def intake(self) -> IntakeService: ...
    @property
    def workstation(self) -> WorkstationSettingsService: ...
    @property
    def case_search(self) -> CaseSearchService: ...
    @property
    def documents(self) -> CaseDocumentsService: ...
    @property
    def field_marks(self) -> FieldMarkService: ...
    @property
    def resubmission(self) -> ResubmissionService: ...
    @property
    def dashboard(self) -> DashboardService: ...
    @property
    def scans(self) -> ScanIntakeService: ...
    @property
    def database_label(self) -> str: ...

    def close(self) -> None: ...


#: Opens the services (may take time, may raise); run only in the background.
Connect = Callable[[], AppServices]

#: One page of a queue: (procedure code, stage, limit, offset) → cases in claim order.
LoadPage = Callable[[str, Stage, int, int], list[CaseRecord]]
