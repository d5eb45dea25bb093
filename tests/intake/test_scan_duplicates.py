"""A case keyed in from a scan is compared with earlier cases exactly as manual entry
is (:func:`desktop.services.intake.insert_manual`): the same applicant links it as a
possible duplicate, another applicant does not. SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from desktop.app import Services
from desktop.services.attachments import FileAttachmentStore
from desktop.services.intake import IntakeService
from desktop.services.intake_records import LINK_POSSIBLE_DUPLICATE
from desktop.services.scan_intake import ScanIntakeService
from tests.conftest import Users
from tests.intake.scan_samples import FLU, FLU_KEYED, pdf_bytes


def test_a_keyed_scan_links_the_same_applicant_as_manual_entry_does(
        services: Services, intake: IntakeService, store: FileAttachmentStore,
        users: Users, tmp_path: Path) -> None:
    operator = users.operator
    earlier = intake.add_manual(operator, FLU, FLU_KEYED, source="phone").case
    scans = ScanIntakeService(services.ctx, store)
    (tmp_path / "a.pdf").write_bytes(pdf_bytes("a"))
    (tmp_path / "b.pdf").write_bytes(pdf_bytes("b"))
    report = scans.register_files(operator, tmp_path, ["a.pdf", "b.pdf"], FLU)
    same_id, other_id = (f.item.id for f in report.files)

    same = scans.key_in(operator, same_id, FLU_KEYED)
    other = scans.key_in(operator, other_id,
                         {**FLU_KEYED, "applicant_kana": "ベツ ジン", "applicant_name": "別 人"})

    links = intake.links(operator, same.id)
    assert [(k.other_case_id, k.kind, k.details) for k in links] == [
        (earlier.id, LINK_POSSIBLE_DUPLICATE, {"match": "applicant"})]
    assert intake.links(operator, other.id) == []
    # Manual entry of the same applicant again links both earlier cases, newest last.
    again = intake.add_manual(operator, FLU, FLU_KEYED, source="paper")
    assert again.possible_duplicates == [earlier.id, same.id]
    with services.ctx.uow() as uow:
        [create] = [e for e in uow.audit.for_case(same.id) if e.action == "create"]
        [attachment] = uow.cases.attachments(same.id)
    assert create.details["entry"] == "scan" and create.details["scan"] == same_id
    assert attachment.file_name == "a.pdf"
