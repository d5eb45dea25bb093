"""What the case view shows beside the form: the attachments with their bytes, the
resubmission diffs, and the possible duplicates.

Database work happens in one short unit of work; the files are read from the
attachment store after it has committed, so no transaction waits on the disk. A file
that is missing or no longer matches its hash comes back with a ``problem`` code
instead of bytes: the viewer says so, and the other files still show.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop.domain.audit import case_stream
from desktop.domain.permissions import Actor, Permission
from desktop.services.attachments import FileAttachmentStore
from desktop.services.context import ServiceContext
from desktop.services.held_case import load_for_update
from desktop.services.intake_records import LINK_POSSIBLE_DUPLICATE, CaseLinkRecord
from desktop.services.resubmission import Resubmission, resubmissions

#: ``AttachmentDocument.problem`` codes (the Qt layer words them).
ATTACHMENT_MISSING = "missing"  # not in the store
ATTACHMENT_DAMAGED = "damaged"  # content no longer matches the stored hash
ATTACHMENT_UNREADABLE = "unreadable"  # the operating system refused to read it
ATTACHMENT_NO_STORE = "no_store"  # this installation has no attachment store


@dataclass(frozen=True)
class AttachmentDocument:
    """One attachment of a case with its bytes, or the reason there are none."""

    id: int
    case_id: int
    file_name: str
    media_type: str
    size: int
    added_at: datetime
    data: bytes | None = None
    problem: str | None = None

    @property
    def readable(self) -> bool:
        return self.data is not None and self.problem is None


@dataclass
class CaseDocumentsService:
    """Attachments, resubmission diffs and duplicate links of one case (all CASE_VIEW)."""

    ctx: ServiceContext
    store: FileAttachmentStore | None = None

    def _store(self) -> FileAttachmentStore | None:
        return self.store or self.ctx.attachments

    def attachments(self, actor: Actor, case_id: int) -> list[AttachmentDocument]:
        """Every attachment of the case in the order added, with bytes (the view is audited)."""
        self.ctx.require(actor, Permission.CASE_VIEW)
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id, lock=False)
            records = uow.cases.attachments(case.id)
            uow.audit.append(case_stream(case.id), actor.name, "attachment_view", case.id,
                             {"attachments": [r.id for r in records]}, self.ctx.now())
            uow.commit()
        store = self._store()
        out = []
        for r in records:
            data: bytes | None = None
            problem: str | None = None
            if store is None:
                problem = ATTACHMENT_NO_STORE
            else:
                try:
                    data = store.read(r.sha256)
                except FileNotFoundError:
                    problem = ATTACHMENT_MISSING
                except ValueError:
                    problem = ATTACHMENT_DAMAGED
                except OSError:
                    problem = ATTACHMENT_UNREADABLE
            out.append(AttachmentDocument(r.id, r.case_id, r.file_name, r.media_type, r.size,
                                          r.added_at, data, problem))
        return out

    def resubmissions(self, actor: Actor, case_id: int) -> list[Resubmission]:
        """The case's resubmissions with their field diffs, oldest first (audited view)."""
        self.ctx.require(actor, Permission.CASE_VIEW)
        with self.ctx.uow(write=True) as uow:
            case = load_for_update(uow, case_id, lock=False)
            found = resubmissions(uow.audit.for_case(case.id))
            uow.audit.append(case_stream(case.id), actor.name, "resubmission_view", case.id,
                             {"resubmissions": len(found)}, self.ctx.now())
            uow.commit()
        return found

    def duplicates(self, actor: Actor, case_id: int) -> list[CaseLinkRecord]:
        """Other cases intake found to be possibly the same application."""
        self.ctx.require(actor, Permission.CASE_VIEW)
        with self.ctx.uow() as uow:
            links = uow.cases.case_links(case_id)
        return [link for link in links if link.kind == LINK_POSSIBLE_DUPLICATE]
