"""Scanned paper applications: every file of a scan folder becomes one waiting item or a
problem item with a reason; each waiting scan becomes exactly one case, keyed in by one
operator, with the scan attached — or is discarded with a reason. SQLite and PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Services
from desktop.domain.errors import (
    ConcurrentChange,
    InvalidInput,
    NotFound,
    PermissionDenied,
    RuleViolation,
)
from desktop.domain.permissions import SYSTEM, Actor
from desktop.domain.workflow import Status
from desktop.services.attachments import FileAttachmentStore
from desktop.services.intake import InvalidApplication
from desktop.services.scan_intake import (
    ALREADY_PRESENT,
    PROBLEM,
    REGISTERED,
    ScanBatchReport,
    ScanIntakeService,
    ScanTaken,
)
from desktop.services.scan_records import (
    SCAN_DISCARDED,
    SCAN_DONE,
    SCAN_PROBLEM,
    SCAN_SUPERSEDED,
    SCAN_WAITING,
)
from tests.conftest import FakeClock, Users
from tests.intake.scan_samples import FLU, FLU_KEYED, image_bytes, pdf_bytes, tiff_bytes
from tests.naughty import naughty_strings


@pytest.fixture
def scans(services: Services, store: FileAttachmentStore) -> ScanIntakeService:
    return ScanIntakeService(services.ctx, store)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "scans"
    path.mkdir()
    return path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assert_accounted(report: ScanBatchReport) -> None:
    assert report.accounted
    assert report.received == report.registered + report.already_present + report.problems
    assert len({f.name for f in report.files}) == report.received


def fill_mixed_folder(folder: Path) -> dict[str, bytes]:
    files = {
        "001.pdf": pdf_bytes("001", pages=2),
        "002.tif": tiff_bytes(pages=3),
        "003.png": image_bytes(3),
        "004.jpg": image_bytes(4, "JPEG"),
        "broken.pdf": b"this is no PDF at all, whatever the name says",
        "cut-off.pdf": pdf_bytes("cut")[:600],
        "empty.png": b"",
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    (folder / "a-sub-folder").mkdir()
    (folder / "a-sub-folder" / "ignored.pdf").write_bytes(pdf_bytes("ignored"))
    return files


def case_receipts(services: Services) -> list[str]:
    with services.ctx.uow() as uow:
        return [c.receipt_number for c in uow.cases.list_queue(FLU, None, 10_000, 0)]


# ------------------------------------------------------------------------ registering


def test_every_file_is_registered_or_a_problem_with_reasons(
        scans: ScanIntakeService, folder: Path, users: Users, store: FileAttachmentStore) -> None:
    files = fill_mixed_folder(folder)
    report = scans.register_folder(users.operator, folder, FLU)

    assert_accounted(report)
    assert report.counts() == {"received": 7, "registered": 4, "already_present": 0,
                               "problems": 3}
    by_name = {f.name: f for f in report.files}
    assert "ignored.pdf" not in by_name  # sub-folders are not scans
    kinds = {n: by_name[n].item.media_type for n in ("001.pdf", "002.tif", "003.png", "004.jpg")}
    assert kinds == {"001.pdf": "application/pdf", "002.tif": "image/tiff",
                     "003.png": "image/png", "004.jpg": "image/jpeg"}
    codes = {n: [r["code"] for r in by_name[n].item.reasons]
             for n in ("broken.pdf", "cut-off.pdf", "empty.png")}
    assert codes == {"broken.pdf": ["scan_type"], "cut-off.pdf": ["scan_incomplete"],
                     "empty.png": ["scan_empty"]}
    for name in codes:
        item = by_name[name].item
        assert by_name[name].outcome == PROBLEM and item.status == SCAN_PROBLEM
        reason = item.reasons[0]
        assert name in reason["message_ja"] and name in reason["message_en"]
        assert reason["message_ja"] != reason["message_en"]
    for name, data in files.items():  # every file kept unchanged in the store
        item = by_name[name].item
        assert item.sha256 == sha(data) and item.size == len(data)
        assert store.read(sha(data)) == data

    waiting = scans.waiting(users.operator, FLU)
    assert [w.file_name for w in waiting] == ["001.pdf", "002.tif", "003.png", "004.jpg"]
    assert scans.count(users.operator) == 4
    assert scans.count(users.operator, (SCAN_PROBLEM,)) == 3


def test_the_same_file_registered_again_is_one_item(
        scans: ScanIntakeService, folder: Path, users: Users) -> None:
    fill_mixed_folder(folder)
    first = scans.register_folder(users.operator, folder, FLU)
    again = scans.register_folder(users.operator, folder, FLU)

    assert_accounted(again)
    assert again.counts() == {"received": 7, "registered": 0, "already_present": 7,
                              "problems": 0}
    assert {f.item.id for f in again.files} == {f.item.id for f in first.files}
    assert all(f.outcome == ALREADY_PRESENT for f in again.files)

    # A copy under another name (scanned once, saved twice) is the same scan.
    (folder / "copy-of-001.pdf").write_bytes((folder / "001.pdf").read_bytes())
    third = scans.register_files(users.operator, folder, ["copy-of-001.pdf"], FLU)
    assert third.counts()["already_present"] == 1
    assert scans.count(users.operator) == 4


def test_the_content_decides_the_type_not_the_extension(
        scans: ScanIntakeService, folder: Path, users: Users) -> None:
    (folder / "really-a-png.pdf").write_bytes(image_bytes(1))
    (folder / "scan.dat").write_bytes(pdf_bytes("dat"))
    (folder / "notes.txt").write_text("電話メモ", encoding="utf-8")
    report = scans.register_folder(users.operator, folder, FLU)

    by_name = {f.name: f for f in report.files}
    png = by_name["really-a-png.pdf"]
    assert png.outcome == REGISTERED and png.item.media_type == "image/png"
    assert [r["code"] for r in png.item.reasons] == ["scan_extension"]
    assert by_name["scan.dat"].item.media_type == "application/pdf"
    assert by_name["notes.txt"].outcome == PROBLEM


def test_a_tiff_cut_short_is_a_problem(scans: ScanIntakeService, folder: Path,
                                       users: Users) -> None:
    whole = tiff_bytes(pages=4)
    (folder / "whole.tif").write_bytes(whole)
    (folder / "half.tif").write_bytes(whole[: len(whole) // 2])
    report = scans.register_folder(users.operator, folder, FLU)
    outcomes = {f.name: f.outcome for f in report.files}
    assert outcomes == {"whole.tif": REGISTERED, "half.tif": PROBLEM}


def test_names_that_leave_the_folder_are_refused_unread(
        scans: ScanIntakeService, folder: Path, users: Users, tmp_path: Path,
        store: FileAttachmentStore) -> None:
    secret = pdf_bytes("secret")
    (tmp_path / "outside.pdf").write_bytes(secret)
    (folder / "inside.pdf").write_bytes(pdf_bytes("inside"))
    (folder / "link.pdf").symlink_to(tmp_path / "outside.pdf")
    names = ["../outside.pdf", str(tmp_path / "outside.pdf"), "inside.pdf/../../outside.pdf",
             "link.pdf", "../scans/inside.pdf", "..\\outside.pdf", "inside.pdf"]
    report = scans.register_files(users.operator, folder, names, FLU)

    assert_accounted(report)
    assert report.counts() == {"received": 7, "registered": 1, "already_present": 0,
                               "problems": 6}
    # On Linux "..\\outside.pdf" is an ordinary (here missing) name inside the folder.
    windows = os.name == "nt"
    for f in report.files[:-1]:
        code = "scan_missing" if "\\" in f.name and not windows else "scan_path_refused"
        assert [r["code"] for r in f.item.reasons] == [code], f.name
        assert f.item.sha256 is None
    assert not store.path(sha(secret)).exists()  # never read, never copied


def test_a_file_registered_half_written_is_superseded_once_whole(
        scans: ScanIntakeService, folder: Path, users: Users) -> None:
    whole = pdf_bytes("slow scanner", pages=3)
    (folder / "0007.pdf").write_bytes(whole[:700])
    first = scans.register_folder(users.operator, folder, FLU)
    assert first.files[0].outcome == PROBLEM
    (folder / "0007.pdf").write_bytes(whole)
    second = scans.register_folder(users.operator, folder, FLU)
    assert second.files[0].outcome == REGISTERED

    old = scans.get(users.operator, first.files[0].item.id)
    assert old.status == SCAN_SUPERSEDED
    assert old.resolution_note == f"scan {second.files[0].item.id}"
    assert scans.count(users.operator, (SCAN_PROBLEM,)) == 0


def test_processed_files_move_and_problems_stay(
        scans: ScanIntakeService, folder: Path, users: Users) -> None:
    fill_mixed_folder(folder)
    report = scans.register_folder(users.operator, folder, FLU, move_processed=True)

    left = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert left == ["broken.pdf", "cut-off.pdf", "empty.png"]
    moved = sorted(p.name for p in (folder / "processed").iterdir())
    assert moved == ["001.pdf", "002.tif", "003.png", "004.jpg"]
    assert all(f.moved_to for f in report.files if f.outcome == REGISTERED)

    # The same scan saved into the folder again: already present, moved beside the first.
    (folder / "001.pdf").write_bytes((folder / "processed" / "001.pdf").read_bytes())
    again = scans.register_folder(users.operator, folder, FLU, move_processed=True)
    assert_accounted(again)
    assert again.counts() == {"received": 4, "registered": 0, "already_present": 4,
                              "problems": 0}
    assert (folder / "processed" / "001 (2).pdf").exists()


def test_registering_needs_a_folder_a_procedure_and_the_permission(
        scans: ScanIntakeService, folder: Path, users: Users) -> None:
    with pytest.raises(InvalidInput):
        scans.register_folder(users.operator, folder / "nope", FLU)
    with pytest.raises(NotFound):
        scans.register_folder(users.operator, folder, "no-such-procedure")
    with pytest.raises(PermissionDenied):
        scans.register_folder(users.print_staff, folder, FLU)
    with pytest.raises(PermissionDenied):
        scans.key_in(users.print_staff, 1, FLU_KEYED)


# ----------------------------------------------------------------------------- keying


def one_waiting(scans: ScanIntakeService, folder: Path, actor: Actor,
                data: bytes | None = None) -> int:
    (folder / "one.pdf").write_bytes(data or pdf_bytes("one"))
    report = scans.register_files(actor, folder, ["one.pdf"], FLU)
    return report.files[0].item.id


def test_key_in_makes_one_case_with_the_scan_attached(
        scans: ScanIntakeService, services: Services, folder: Path, users: Users,
        clock: FakeClock) -> None:
    operator = users.operator
    data = pdf_bytes("keyed", pages=2)
    scan_id = one_waiting(scans, folder, operator, data)
    registered_at = clock.now()
    clock.advance(hours=2)
    claimed = scans.claim(operator, scan_id)
    assert claimed.holder == operator.name

    case = scans.key_in(operator, scan_id, FLU_KEYED)

    assert (case.source, case.receipt_number) == ("paper", f"SCAN-{scan_id}")
    assert case.status == Status.RECEIVED
    assert case.received_at == registered_at  # the day the paper was scanned
    assert case.fields["address"] == FLU_KEYED["address"]
    with services.ctx.uow() as uow:
        attachments = uow.cases.attachments(case.id)
        history = [e.action for e in uow.audit.for_case(case.id)]
    assert [(a.file_name, a.sha256, a.media_type) for a in attachments] == [
        ("one.pdf", sha(data), "application/pdf")]
    assert history[0] == "create" and "scan_key_in" in history
    item = scans.get(operator, scan_id)
    assert (item.status, item.case_id, item.holder) == (SCAN_DONE, case.id, None)
    assert scans.waiting(operator) == []
    # A retried save by the same operator gets the same case, not a second one.
    assert scans.key_in(operator, scan_id, FLU_KEYED).id == case.id
    with pytest.raises(ScanTaken):
        scans.key_in(users.operator, scan_id, FLU_KEYED)
    assert case_receipts(services) == [f"SCAN-{scan_id}"]
    assert services.admin.verify_audit(SYSTEM).problem is None


def test_invalid_fields_store_nothing_and_the_scan_keeps_waiting(
        scans: ScanIntakeService, services: Services, folder: Path, users: Users) -> None:
    scan_id = one_waiting(scans, folder, users.operator)
    fields = {**FLU_KEYED, "applicant_birth_date": "いつか", "postal_code": ""}
    with pytest.raises(InvalidApplication) as caught:
        scans.key_in(users.operator, scan_id, fields)
    fields_named = {p["field"] for p in caught.value.params["problems"]}
    assert fields_named == {"applicant_birth_date", "postal_code"}
    assert scans.get(users.operator, scan_id).status == SCAN_WAITING
    assert case_receipts(services) == []


def test_a_claimed_scan_is_not_keyed_by_another_until_the_lease_runs_out(
        scans: ScanIntakeService, services: Services, folder: Path, users: Users,
        clock: FakeClock) -> None:
    first, second = users.operator, users.operator
    scan_id = one_waiting(scans, folder, first)
    scans.claim(first, scan_id)
    with pytest.raises(ScanTaken) as caught:
        scans.claim(second, scan_id)
    assert caught.value.params["holder"] == first.name
    with pytest.raises(ScanTaken):
        scans.key_in(second, scan_id, FLU_KEYED)
    with pytest.raises(ScanTaken):
        scans.discard(second, scan_id, "重複")
    clock.advance(minutes=16)  # the lease (15 minutes) ran out
    assert scans.claim(second, scan_id).holder == second.name
    scans.release(second, scan_id)
    assert scans.get(second, scan_id).holder is None
    assert scans.key_in(first, scan_id, FLU_KEYED).receipt_number == f"SCAN-{scan_id}"


def test_two_operators_keying_the_same_scan_at_once_make_one_case(
        scans: ScanIntakeService, services: Services, folder: Path, users: Users) -> None:
    operators = [users.operator, users.operator]
    scan_id = one_waiting(scans, folder, operators[0])
    barrier = threading.Barrier(2)
    results: list[Any] = [None, None]

    def key(i: int) -> None:
        barrier.wait()
        try:
            results[i] = scans.key_in(operators[i], scan_id, FLU_KEYED)
        except (ScanTaken, ConcurrentChange) as error:
            results[i] = error

    threads = [threading.Thread(target=key, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    cases = [r for r in results if not isinstance(r, Exception)]
    refused = [r for r in results if isinstance(r, Exception)]
    assert len(cases) == 1 and len(refused) == 1, results
    assert case_receipts(services) == [f"SCAN-{scan_id}"]
    assert scans.get(operators[0], scan_id).case_id == cases[0].id


def test_discard_needs_a_reason_and_closes_the_item(
        scans: ScanIntakeService, services: Services, folder: Path, users: Users) -> None:
    fill_mixed_folder(folder)
    report = scans.register_folder(users.operator, folder, FLU)
    broken = next(f.item for f in report.files if f.name == "broken.pdf")
    with pytest.raises(RuleViolation):
        scans.discard(users.operator, broken.id, "  ")
    with pytest.raises(RuleViolation):  # a problem file cannot be keyed in
        scans.key_in(users.operator, broken.id, FLU_KEYED)
    done = scans.discard(users.operator, broken.id, "白紙の読み取り")
    assert (done.status, done.resolution_note) == (SCAN_DISCARDED, "白紙の読み取り")
    with pytest.raises(ScanTaken):
        scans.discard(users.operator, broken.id, "again")
    with services.ctx.uow() as uow:
        entries = [e for e in uow.audit.iter_all() if e.stream == f"scan:{broken.id}"]
    assert [e.action for e in entries] == ["scan_register", "scan_discard"]
    assert entries[-1].details["reason"] == "白紙の読み取り"


def test_the_scan_document_for_the_viewer(
        scans: ScanIntakeService, folder: Path, users: Users, store: FileAttachmentStore) -> None:
    data = tiff_bytes(pages=2)
    scan_id = one_waiting(scans, folder, users.operator, data)
    doc = scans.document(users.operator, scan_id)
    assert (doc.data, doc.media_type, doc.problem) == (data, "image/tiff", None)
    store.path(sha(data)).write_bytes(b"tampered")
    assert scans.document(users.operator, scan_id).problem == "damaged"


# --------------------------------------------------------------------- hostile input


def _blns() -> list[str]:
    return [s for s in naughty_strings() if isinstance(s, str)]


def _file_name_allowed(name: str) -> bool:
    if not name or name in (".", "..") or "/" in name or "\x00" in name:
        return False
    try:
        return len(os.fsencode(name)) <= 255
    except UnicodeEncodeError:
        return False


@pytest.mark.slow
def test_hostile_file_names_and_keyed_text(
        scans: ScanIntakeService, services: Services, folder: Path, users: Users) -> None:
    from desktop.intake.validation import check_fields

    strings = _blns()
    names = sorted({s for s in strings if _file_name_allowed(s)})
    assert len(names) > 300
    for i, name in enumerate(names):
        (folder / name).write_bytes(image_bytes(i))
    report = scans.register_folder(users.operator, folder, FLU)
    assert_accounted(report)
    assert report.counts() == {"received": len(names), "registered": len(names),
                               "already_present": 0, "problems": 0}
    assert scans.register_folder(users.operator, folder, FLU).already_present == len(names)
    waiting = {item.id for item in scans.waiting(users.operator, FLU, limit=10_000)}
    assert waiting == {f.item.id for f in report.files}

    # Every string in every free-text field: stored exactly, or refused with reasons.
    procedure = services.ctx.procedure(FLU)
    text_fields = ["address", "insured_number", "other_certificate", "jan1_municipality",
                   "proxy_name"]
    ids = iter(sorted(waiting))
    kept: dict[int, dict[str, str]] = {}
    pending: list[str] = []
    refused = next(ids)
    for s in strings:
        fields = {**FLU_KEYED, "address": s}
        _, problems, _ = check_fields(procedure, fields)
        if problems:
            with pytest.raises((InvalidApplication, InvalidInput)):
                scans.key_in(users.operator, refused, fields)
            continue
        pending.append(s)
    def ok_for(field_id: str, text: str) -> bool:
        return not check_fields(procedure, {**FLU_KEYED, field_id: text})[1]

    groups: list[dict[str, str]] = []  # several strings per case, one per free-text field
    for s in pending:
        for group in groups[-3:]:
            free = [f for f in text_fields if f not in group and ok_for(f, s)]
            if free:
                group[free[0]] = s
                break
        else:
            groups.append({"address": s})
    for group in groups:
        case = scans.key_in(users.operator, next(ids), {**FLU_KEYED, **group})
        kept[case.id] = group
    assert scans.get(users.operator, refused).status == SCAN_WAITING
    with services.ctx.uow() as uow:
        for case_id, group in kept.items():
            stored = uow.cases.get(case_id)
            assert stored is not None
            for f, s in group.items():
                assert stored.fields[f] == s
    assert sum(len(g) for g in kept.values()) == len(pending) > 400
