"""Importing files on SQLite and PostgreSQL: every row becomes one case or one
quarantined row with its reasons, re-imports add nothing, and the batch accounts for
every row."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from desktop.app import Services
from desktop.cli_json import case_json
from desktop.domain.errors import InvalidInput, PermissionDenied, RuleViolation
from desktop.domain.permissions import SYSTEM
from desktop.domain.workflow import Stage, Status
from desktop.services.attachments import FileAttachmentStore
from desktop.services.intake import IntakeService
from desktop.services.intake_records import ImportBatchRecord
from tests.conftest import FakeClock, Users
from tests.intake.helpers import FLU, HEADERS, flu_row, write_csv, write_json
from tests.integration.helpers import audit_entries, current

PHONE = "電話番号（日中の連絡先）"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n%%EOF\n"


def _accounted(b: ImportBatchRecord) -> None:
    assert b.received == b.imported + b.already_present + b.quarantined


def _cases(services: Services) -> list:  # type: ignore[type-arg]
    with services.ctx.uow() as uow:
        return uow.cases.list_queue(FLU, None, 10_000, 0)


def _people(n: int) -> list[dict[str, str]]:
    """*n* good rows of different people (so none is a possible duplicate)."""
    kana = "アイウエオカキクケコサシスセソタチツテトナニヌネノ"
    return [flu_row(氏名=f"山田　{i}郎", フリガナ=f"ヤマダ　{kana[i % 25]}{kana[i // 25 % 25]}ロウ",
                    生年月日=f"昭和{20 + i % 40}年{1 + i % 12}月{1 + i % 28}日")
            for i in range(n)]


def test_import_accounts_for_every_row_and_reimport_adds_nothing(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    rows = [*_people(5), flu_row(生年月日="不明"), flu_row(氏名="")]
    path = write_csv(inbox / "export.csv", rows)
    first = intake.import_file(SYSTEM, path, FLU)
    b = first.batch
    assert (b.received, b.imported, b.already_present, b.quarantined) == (7, 5, 0, 2)
    assert b.status == "completed" and b.actor == "system" and b.file_name == "export.csv"
    assert b.file_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    _accounted(b)
    cases = _cases(services)
    assert len(cases) == 5
    assert {c.status for c in cases} == {Status.RECEIVED}
    assert all(c.source == "e-application" for c in cases)
    assert {c.receipt_number for c in cases} == {r["受付番号"] for r in rows[:5]}

    again = intake.import_file(SYSTEM, path, FLU)
    assert (again.batch.received, again.batch.imported, again.batch.already_present,
            again.batch.quarantined) == (7, 0, 7, 0)
    assert again.batch.id != b.id
    assert len(_cases(services)) == 5
    # The original file is archived unchanged, once per content.
    assert b.archive_path is not None
    assert Path(b.archive_path).read_bytes() == path.read_bytes()
    assert again.batch.archive_path == b.archive_path


def test_quarantine_keeps_row_number_raw_row_and_every_reason(
        intake: IntakeService, inbox: Path) -> None:
    bad = flu_row(生年月日="令和99年13月1日", 申請方法="FAX", フリガナ="Yamada", 氏名="")
    bad[PHONE] = "12-34"
    path = write_csv(inbox / "bad.csv", [flu_row(), bad])
    report = intake.import_file(SYSTEM, path, FLU)
    [item] = report.quarantine
    assert item.row_number == 3 and item.line_number == 3
    assert item.receipt_number == bad["受付番号"]
    assert item.raw["values"]["申請方法"] == "FAX"
    codes = {r["code"]: r for r in item.reasons}
    assert set(codes) == {"required", "not_kana", "date", "phone", "choice"}
    assert codes["date"]["column"] == "生年月日"
    assert codes["date"]["message_ja"].startswith("3 行目「生年月日」列: ")
    assert codes["date"]["message_en"].startswith('row 3, column "生年月日": ')
    assert "ウェブ" in codes["choice"]["message_ja"]


def test_header_with_stray_spaces_and_full_width_characters(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    row = flu_row()
    headers = [f" {h} " if i % 2 else h.replace("（", "(").replace("）", ")")
               for i, h in enumerate(HEADERS)]
    headers[2] = "氏　名"
    renamed = [dict(zip(headers, (row.get(h, "") for h in HEADERS), strict=True))]
    report = intake.import_file(SYSTEM, write_csv(inbox / "h.csv", renamed, headers), FLU)
    assert report.batch.imported == 1, report.quarantine
    [case] = _cases(services)
    assert case.fields["phone"] == row[PHONE] and case.applicant_name == row["氏名"]


def test_dates_in_every_form_parse(services: Services, intake: IntakeService,
                                   inbox: Path) -> None:
    forms = {"令和5年4月1日": "2023-04-01", "R5.4.1": "2023-04-01", "S45/1/1": "1970-01-01",
             "1955-04-01": "1955-04-01", "昭和30年（1955年）4月1日": "1955-04-01",
             "２０２３／４／１": "2023-04-01", "H元.1.8": "1989-01-08"}
    rows = [flu_row(生年月日=text, フリガナ=f"テスト{'アイウエオカキ'[i]}")
            for i, text in enumerate(forms)]
    report = intake.import_file(SYSTEM, write_csv(inbox / "dates.csv", rows), FLU)
    assert report.batch.imported == len(forms), report.quarantine
    by_receipt = {c.receipt_number: c for c in _cases(services)}
    for row, iso in zip(rows, forms.values(), strict=True):
        case = by_receipt[row["受付番号"]]
        assert case.birth_date is not None and case.birth_date.isoformat() == iso
        assert case.fields["applicant_birth_date"] == row["生年月日"]  # as written


def test_cp932_file_with_tricky_characters(services: Services, intake: IntakeService,
                                           inbox: Path) -> None:
    row = flu_row(氏名="髙﨑　①子", フリガナ="ﾀｶｻｷ ｲﾁｺ", 住所="神戸市中央区加納町6丁目5〜1 ㈱ビル")
    wave = flu_row(氏名="山田　花子", フリガナ="やまだ　はなこ", 住所="神戸市中央区1～2")
    path = write_csv(inbox / "sjis.csv", [row, wave], encoding="cp932")
    report = intake.import_file(SYSTEM, path, FLU)
    assert report.batch.encoding == "cp932"
    assert report.batch.imported == 2, report.quarantine
    cases = {c.receipt_number: c for c in _cases(services)}
    first = cases[row["受付番号"]]
    assert first.applicant_name == "髙﨑　①子"  # kept as written, not NFKC'd
    assert first.fields["applicant_kana"] == "ﾀｶｻｷ ｲﾁｺ"
    assert first.kana_key == "タカサキイチコ"
    assert first.fields["address"] == "神戸市中央区加納町6丁目5～1 ㈱ビル"  # cp932 reads ～
    assert cases[wave["受付番号"]].kana_key == "ヤマダハナコ"


def test_a_cp932_row_with_undecodable_bytes_is_quarantined_and_the_rest_imports(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    good = [flu_row(), flu_row(フリガナ="サトウ")]
    path = inbox / "broken.csv"
    write_csv(path, good, encoding="cp932")
    broken = flu_row()
    line = ",".join(broken.get(h, "") for h in HEADERS).encode("cp932")
    line = line.replace("山田".encode("cp932"), b"\x85\x40\x85\x41", 1)
    path.write_bytes(path.read_bytes() + line + b"\r\n")
    report = intake.import_file(SYSTEM, path, FLU)
    assert (report.batch.imported, report.batch.quarantined) == (2, 1)
    [item] = report.quarantine
    [reason] = item.reasons
    assert reason["code"] == "undecodable" and reason["column"] == "氏名"
    assert "4 行目「氏名」列" in reason["message_ja"] and "0x85" in reason["message_ja"]
    assert item.raw["values"]["氏名"].startswith("\\x85@")


def test_a_file_that_cannot_be_read_fails_with_a_clear_message(
        intake: IntakeService, inbox: Path) -> None:
    euc = inbox / "euc.csv"
    euc.write_bytes(("受付番号,氏名,フリガナ\r\nA1,山田,ヤマダ\r\n").encode("euc_jp"))
    with pytest.raises(InvalidInput, match="UTF-8 でも cp932"):
        intake.import_file(SYSTEM, euc, FLU)
    other = inbox / "other.csv"
    other.write_text("番号,名前\nA1,山田\n", encoding="utf-8")
    with pytest.raises(InvalidInput, match="必要な列 「受付番号」、「氏名」") as err:
        intake.import_file(SYSTEM, other, FLU)
    assert "受付番号" in err.value.message_en
    utf16 = inbox / "utf16.csv"
    utf16.write_bytes("受付番号\r\n".encode("utf-16"))
    with pytest.raises(InvalidInput, match="UTF-16"):
        intake.import_file(SYSTEM, utf16, FLU)
    with pytest.raises(InvalidInput, match="ありません"):
        intake.import_file(SYSTEM, inbox / "missing.csv", FLU)
    [failed] = [b for b in intake.batches(SYSTEM) if b.file_name == "other.csv"]
    assert failed.status == "failed" and "必要な列" in (failed.message or "")


def test_json_array_and_ndjson(services: Services, intake: IntakeService, inbox: Path) -> None:
    rows = _people(3)
    json_rows = [{**r, "代理人による申請": False, "1月1日時点で市内に住所があった": True}
                 for r in rows]
    a = intake.import_file(SYSTEM, write_json(inbox / "a.json", json_rows), FLU)
    assert (a.batch.file_format, a.batch.imported) == ("json", 3), a.quarantine
    more = _people(6)[3:]
    n = intake.import_file(SYSTEM, write_json(inbox / "b.ndjson", more, ndjson=True), FLU)
    assert (n.batch.file_format, n.batch.imported) == ("ndjson", 3), n.quarantine
    again = intake.import_file(SYSTEM, write_json(inbox / "c.ndjson", json_rows, ndjson=True),
                               FLU)
    assert (again.batch.imported, again.batch.already_present) == (0, 3)
    case = next(c for c in _cases(services) if c.receipt_number == rows[0]["受付番号"])
    assert case.fields["is_proxy"] is False and case.fields["resident_on_jan1"] is True


def test_unknown_postal_code_is_a_warning_on_the_case(services: Services, intake: IntakeService,
                                                      inbox: Path) -> None:
    row = flu_row(郵便番号="999-9999")
    report = intake.import_file(SYSTEM, write_csv(inbox / "p.csv", [row]), FLU)
    assert (report.batch.imported, report.batch.warnings) == (1, 1)
    [case] = _cases(services)
    assert "intake_warnings" in case.flags
    bad = intake.import_file(SYSTEM, write_csv(inbox / "q.csv", [flu_row(郵便番号="12-345")]),
                             FLU)
    assert bad.quarantine[0].reasons[0]["code"] == "postal_code"


def test_attachments_are_stored_with_their_hash_and_bad_names_refused(
        services: Services, intake: IntakeService, inbox: Path,
        store: FileAttachmentStore) -> None:
    (inbox / "scans").mkdir()
    (inbox / "scans" / "a.png").write_bytes(PNG)
    (inbox / "b.pdf").write_bytes(PDF)
    (inbox / "note.txt").write_text("not a scan")
    outside = inbox.parent / "secret.pdf"
    outside.write_bytes(PDF)
    headers = [*HEADERS, "添付ファイル2"]
    ok = flu_row(添付ファイル1="scans/a.png", 添付ファイル2="b.pdf")
    rows = [ok, flu_row(添付ファイル1="missing.pdf"), flu_row(添付ファイル1="../secret.pdf"),
            flu_row(添付ファイル1=str(outside)), flu_row(添付ファイル1="note.txt")]
    report = intake.import_file(SYSTEM, write_csv(inbox / "att.csv", rows, headers), FLU)
    assert (report.batch.imported, report.batch.quarantined) == (1, 4)
    codes = [q.reasons[0]["code"] for q in sorted(report.quarantine, key=lambda q: q.row_number)]
    assert codes == ["attachment_missing", "attachment_path_refused", "attachment_path_refused",
                     "attachment_type"]
    [case] = _cases(services)
    with services.ctx.uow() as uow:
        attachments = uow.cases.attachments(case.id)
    assert [(a.file_name, a.media_type) for a in attachments] == [
        ("scans/a.png", "image/png"), ("b.pdf", "application/pdf")]
    assert attachments[0].sha256 == hashlib.sha256(PNG).hexdigest()
    assert store.read(attachments[1].sha256) == PDF


def test_nul_and_control_characters_are_reasons_not_crashes(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    rows = [flu_row(住所="神戸市\x00中央区"), flu_row(氏名="山田\x07太郎"),
            flu_row(受付番号="W-\x00-1")]
    report = intake.import_file(SYSTEM, write_csv(inbox / "nul.csv", rows), FLU)
    b = report.batch
    assert (b.received, b.imported, b.quarantined) == (3, 0, 3)
    codes = sorted(q.reasons[0]["code"] for q in report.quarantine)
    assert codes == ["control_character", "nul_character", "nul_character"]
    assert any("NUL" in q.reasons[0]["message_ja"] for q in report.quarantine)


def test_rows_with_values_beyond_the_header_are_quarantined(
        intake: IntakeService, inbox: Path) -> None:
    path = write_csv(inbox / "shift.csv", [flu_row()])
    path.write_bytes(path.read_bytes() + ",".join(
        [*flu_row().values(), "", "ずれた値"]).encode() + b"\r\n")
    report = intake.import_file(SYSTEM, path, FLU)
    assert report.batch.quarantined == 1
    assert report.quarantine[0].reasons[0]["code"] == "extra_cells"
    assert report.quarantine[0].raw["extra"] == ["ずれた値"]


def test_correct_and_resubmit_or_discard_from_quarantine(
        services: Services, intake: IntakeService, inbox: Path, users: Users) -> None:
    rows = [flu_row(生年月日="不明"), {**flu_row(), PHONE: "abc"}]
    report = intake.import_file(SYSTEM, write_csv(inbox / "fix.csv", rows), FLU)
    first, second = sorted(report.quarantine, key=lambda q: q.row_number)
    operator = users.operator

    still = intake.resubmit(operator, first.id, {"生年月日": "明日"})
    assert still.case is None and still.problems[0].code == "date"
    done = intake.resubmit(operator, first.id, {"applicant_birth_date": "S30.4.1"})
    assert done.case is not None and done.item.status == "resubmitted"
    assert done.case.receipt_number == rows[0]["受付番号"]
    assert done.case.fields["applicant_birth_date"] == "S30.4.1"
    with pytest.raises(RuleViolation):
        intake.resubmit(operator, first.id, {})

    with pytest.raises(RuleViolation):
        intake.discard(operator, second.id, "  ")
    discarded = intake.discard(operator, second.id, "申請者から取下げの電話あり")
    assert discarded.status == "discarded" and discarded.resolved_by == operator.name
    actions = [e.action for e in audit_entries(services, stream=f"intake-batch:{first.batch_id}")]
    assert actions == ["intake_start", "intake_finish", "quarantine_resubmit",
                       "quarantine_discard"]
    [create] = audit_entries(services, case_id=done.case.id)
    assert create.details["quarantine_item"] == first.id
    # A re-import of the same file: both rows are already dealt with.
    again = intake.import_file(SYSTEM, inbox / "fix.csv", FLU)
    assert (again.batch.imported, again.batch.already_present) == (0, 2)


def test_a_fixed_row_in_a_later_export_supersedes_its_quarantine(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    row = flu_row(生年月日="不明")
    first = intake.import_file(SYSTEM, write_csv(inbox / "1.csv", [row]), FLU)
    fixed = {**row, "生年月日": "昭和30年4月1日"}
    second = intake.import_file(SYSTEM, write_csv(inbox / "2.csv", [fixed]), FLU)
    assert second.batch.imported == 1
    [item] = intake.quarantine(SYSTEM, batch_id=first.batch.id, status=None)
    assert item.status == "superseded" and item.case_id is not None


def test_possible_duplicate_is_flagged_and_linked(services: Services, intake: IntakeService,
                                                  inbox: Path, users: Users) -> None:
    earlier = flu_row(フリガナ="ヤマダ　タロウ")
    intake.import_file(SYSTEM, write_csv(inbox / "1.csv", [earlier]), FLU)
    same_person = flu_row(フリガナ="やまだ たろう", 氏名="山田 太郎")
    other = flu_row(フリガナ="ヤマダ　タロウ", 生年月日="1960-01-01")
    report = intake.import_file(SYSTEM, write_csv(inbox / "2.csv", [same_person, other]), FLU)
    assert report.batch.duplicates == 1
    cases = {c.receipt_number: c for c in _cases(services)}
    first, dup, different = (cases[r["受付番号"]] for r in (earlier, same_person, other))
    assert "possible_duplicate" in dup.flags and "possible_duplicate" not in different.flags
    [link] = intake.links(users.operator, dup.id)
    assert (link.other_case_id, link.other_case_number, link.kind) == (
        first.id, first.number, "possible_duplicate")
    [back] = intake.links(users.operator, first.id)
    assert back.other_case_id == dup.id
    assert case_json(current(services, dup.id), services.ctx.procedure(FLU))["flags"] == [
        "possible_duplicate"]


def test_progress_is_reported(intake: IntakeService, inbox: Path) -> None:
    path = write_csv(inbox / "many.csv", _people(25))
    calls: list[tuple[int, int, int]] = []
    intake.chunk_size = 10
    intake.import_file(SYSTEM, path, FLU, progress=lambda *a: calls.append(a))
    size = path.stat().st_size
    assert calls[-1] == (25, size, size)
    rows = [c[0] for c in calls]
    assert rows == sorted(rows) and 10 in rows and 20 in rows


def test_an_interrupted_import_resumes_after_the_last_committed_chunk(
        services: Services, intake: IntakeService, inbox: Path) -> None:
    path = write_csv(inbox / "big.csv", [*_people(30), flu_row(生年月日="?")])
    intake.chunk_size = 7
    chunks: list[int] = []

    def crash(last_row: int) -> None:
        chunks.append(last_row)
        if len(chunks) == 2:
            raise KeyboardInterrupt

    intake.after_chunk = crash
    with pytest.raises(KeyboardInterrupt):
        intake.import_file(SYSTEM, path, FLU)
    intake.after_chunk = None
    assert len(_cases(services)) == 14
    report = intake.import_file(SYSTEM, path, FLU)
    assert report.resumed_from_row == chunks[1] == 15
    b = report.batch
    assert (b.received, b.imported, b.quarantined, b.already_present) == (31, 30, 1, 0)
    assert len(_cases(services)) == 30
    assert len(intake.batches(SYSTEM)) == 1


def test_permissions_and_audit(services: Services, intake: IntakeService, inbox: Path,
                               users: Users) -> None:
    path = write_csv(inbox / "p.csv", [flu_row()])
    with pytest.raises(PermissionDenied):
        intake.import_file(users.print_staff, path, FLU)
    report = intake.import_file(users.operator, path, FLU)
    assert report.batch.actor.startswith("operator")
    [case] = _cases(services)
    [create] = audit_entries(services, case_id=case.id)
    assert create.action == "create" and create.details["batch"] == report.batch.id
    assert create.details["row"] == 2
    assert services.admin.verify_audit(SYSTEM).problem is None
    claimed = services.queue.claim_next(users.operator, FLU, Stage.FIRST_REVIEW)
    assert claimed.id == case.id


def test_manual_entry(services: Services, intake: IntakeService, users: Users,
                      clock: FakeClock, inbox: Path) -> None:
    fields = {"applicant_name": "鈴木　一郎", "applicant_kana": "すずき いちろう",
              "applicant_birth_date": "S20.1.2", "postal_code": "６５０－０００１",
              "address": "神戸市中央区加納町6-5-1", "application_route": "電話",
              "eligibility_basis": "生活保護受給", "resident_on_jan1": "はい",
              "is_proxy": False}
    result = intake.add_manual(users.operator, FLU, fields, source="phone",
                               receipt_number="TEL-1")
    case = result.case
    assert (case.source, case.receipt_number, case.status) == ("phone", "TEL-1", Status.RECEIVED)
    assert case.fields["resident_on_jan1"] is True and case.kana_key == "スズキイチロウ"
    again = intake.add_manual(users.operator, FLU, fields, source="phone",
                              receipt_number="TEL-1")
    assert again.case.id == case.id
    scan = inbox / "scan.png"
    scan.write_bytes(PNG)
    generated = intake.add_manual(users.operator, FLU, fields, source="paper",
                                  attachments=[scan])
    assert generated.case.receipt_number.startswith("PAPER-")
    assert generated.possible_duplicates == [case.id]
    with services.ctx.uow() as uow:
        [attachment] = uow.cases.attachments(generated.case.id)
    assert (attachment.file_name, attachment.media_type) == ("scan.png", "image/png")
    with pytest.raises(InvalidInput) as err:
        intake.add_manual(users.operator, FLU, {**fields, "applicant_kana": "Suzuki",
                                                "phone": "x", "nonsense": 1})
    codes = {p["code"] for p in err.value.params["problems"]}
    assert codes == {"not_kana", "phone", "unknown_field"}
    assert "「フリガナ」" in err.value.message_ja
    with pytest.raises(PermissionDenied):
        intake.add_manual(users.print_staff, FLU, fields)


def test_template_has_the_labels_with_a_bom(intake: IntakeService, inbox: Path) -> None:
    data = intake.template(FLU)
    assert data.startswith(b"\xef\xbb\xbf")
    header = data.decode("utf-8-sig").strip().split(",")
    labels = [f.label for f in intake.ctx.procedure(FLU).fields]
    assert header[:2] == ["受付番号", "受付日時"] and header[2:2 + len(labels)] == labels
    empty = inbox / "template.csv"
    empty.write_bytes(data)
    report = intake.import_file(SYSTEM, empty, FLU)
    assert (report.batch.received, report.batch.status) == (0, "completed")


def test_a_receipt_inserted_concurrently_is_retried_as_already_present(
        services: Services, intake: IntakeService, inbox: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Another workstation creates the case between our check and our insert: the
    unique constraint stops the insert, the chunk is rolled back and tried again."""
    from desktop.persistence.case_repository import SqlCaseRepository

    rows = _people(3)
    intake.import_file(SYSTEM, write_csv(inbox / "race.csv", rows), FLU)
    real = SqlCaseRepository.intake_existing_receipts
    calls: list[int] = []

    def blind_once(self: SqlCaseRepository, source: str, receipts: list[str]) -> dict[str, int]:
        calls.append(1)
        return {} if len(calls) == 1 else real(self, source, receipts)

    monkeypatch.setattr(SqlCaseRepository, "intake_existing_receipts", blind_once)
    again = intake.import_file(SYSTEM, write_csv(inbox / "race2.csv", rows), FLU)
    assert (again.batch.imported, again.batch.already_present) == (0, 3)
    assert len(calls) >= 2 and len(_cases(services)) == 3
