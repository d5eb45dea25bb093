"""The case view's documents service: attachments with their bytes (a missing or
damaged file is reported, never raised), audited; duplicate links; permissions."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop.app import Services, intake_service
from desktop.domain.errors import NotFound, PermissionDenied
from desktop.services.attachments import FileAttachmentStore
from desktop.services.case_documents import (
    ATTACHMENT_DAMAGED,
    ATTACHMENT_MISSING,
    ATTACHMENT_NO_STORE,
    CaseDocumentsService,
)
from tests.conftest import Users
from tests.integration.helpers import FLU, audit_entries, flu_fields

PNG = b"\x89PNG\r\n\x1a\n" + b"png-body" * 8
PDF = b"%PDF-1.4\n" + b"pdf-body" * 8
TIFF = b"II*\x00" + b"tiff-body" * 8


@pytest.fixture
def store(tmp_path: Path) -> FileAttachmentStore:
    return FileAttachmentStore(tmp_path / "store")


def _case_with_files(services: Services, users: Users, store: FileAttachmentStore,
                     tmp_path: Path) -> int:
    folder = tmp_path / "scans"
    folder.mkdir()
    files = []
    for name, data in (("申請書.pdf", PDF), ("保険証.png", PNG), ("委任状.tif", TIFF)):
        (folder / name).write_bytes(data)
        files.append(folder / name)
    intake = intake_service(dataclasses.replace(services.ctx, attachments=store))
    result = intake.add_manual(users.operator, FLU, flu_fields(), source="paper",
                               attachments=files)
    return result.case.id


def test_attachments_come_with_their_bytes_and_the_view_is_audited(
        services: Services, users: Users, store: FileAttachmentStore, tmp_path: Path) -> None:
    case_id = _case_with_files(services, users, store, tmp_path)
    documents = CaseDocumentsService(services.ctx, store)
    op = users.operator
    found = documents.attachments(op, case_id)
    assert [(d.file_name, d.media_type, d.data, d.problem) for d in found] == [
        ("申請書.pdf", "application/pdf", PDF, None),
        ("保険証.png", "image/png", PNG, None),
        ("委任状.tif", "image/tiff", TIFF, None),
    ]
    assert all(d.readable and d.case_id == case_id and d.size == len(d.data or b"")
               for d in found)
    [view] = [r for r in audit_entries(services, case_id=case_id)
              if r.action == "attachment_view"]
    assert view.actor == op.name and view.details["attachments"] == [d.id for d in found]


def test_a_missing_or_damaged_file_is_reported_not_raised(
        services: Services, users: Users, store: FileAttachmentStore, tmp_path: Path) -> None:
    case_id = _case_with_files(services, users, store, tmp_path)
    documents = CaseDocumentsService(services.ctx, store)
    op = users.operator
    store.path(_sha(services, case_id, 0)).unlink()
    store.path(_sha(services, case_id, 1)).write_bytes(b"\x89PNG tampered")
    pdf, png, tiff = documents.attachments(op, case_id)
    assert (pdf.problem, pdf.data, pdf.readable) == (ATTACHMENT_MISSING, None, False)
    assert (png.problem, png.data) == (ATTACHMENT_DAMAGED, None)
    assert (tiff.problem, tiff.data) == (None, TIFF)
    # an installation without an attachment store still lists what the case has
    bare = CaseDocumentsService(dataclasses.replace(services.ctx, attachments=None))
    assert {d.problem for d in bare.attachments(op, case_id)} == {ATTACHMENT_NO_STORE}


def _sha(services: Services, case_id: int, index: int) -> str:
    with services.ctx.uow() as uow:
        return uow.cases.attachments(case_id)[index].sha256


def test_a_case_without_attachments_and_refusals(services: Services, users: Users,
                                                 store: FileAttachmentStore) -> None:
    from tests.integration.helpers import create

    op = users.operator
    case = create(services, op, FLU)
    documents = CaseDocumentsService(services.ctx, store)
    assert documents.attachments(op, case.id) == []
    with pytest.raises(NotFound):
        documents.attachments(op, 999_999)
    admin = users.admin  # administers accounts; may not read residents' files
    with pytest.raises(PermissionDenied):
        documents.attachments(admin, case.id)
    with pytest.raises(PermissionDenied):
        documents.duplicates(admin, case.id)
    assert documents.resubmissions(op, case.id) == []


def test_duplicates_name_the_other_case_from_both_sides(services: Services, users: Users,
                                                        store: FileAttachmentStore) -> None:
    intake = intake_service(dataclasses.replace(services.ctx, attachments=store))
    op = users.operator
    first = intake.add_manual(op, FLU, flu_fields(), source="phone").case
    second = intake.add_manual(op, FLU, flu_fields(address="神戸市灘区1-1"), source="paper")
    assert second.possible_duplicates == [first.id]
    other = intake.add_manual(op, FLU, flu_fields() | {"applicant_kana": "ベツ ジン"},
                              source="phone").case
    documents = services.documents
    [link] = documents.duplicates(op, second.case.id)
    assert (link.other_case_id, link.other_case_number) == (first.id, first.number)
    [back] = documents.duplicates(op, first.id)
    assert (back.other_case_id, back.other_case_number) == (second.case.id,
                                                            second.case.number)
    assert documents.duplicates(op, other.id) == []
