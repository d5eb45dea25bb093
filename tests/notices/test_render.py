"""Every notice kind of every procedure, rendered and read back with poppler and a QR
decoder: what the resident receives, not what the code meant to draw."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from desktop import settings
from desktop.domain.procedures import Procedure
from desktop.domain.workflow import Status
from desktop.notices.compose import NoticeDataError
from desktop.notices.flow import MM, LaidOut
from desktop.notices.fonts import MissingGlyph
from desktop.notices.renderer import ReportLabNoticeRenderer
from desktop.services.notice_code import sheet_code
from tests.notices import pdftools, samples

IPAMJ = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")


@pytest.fixture(scope="module")
def renderer() -> ReportLabNoticeRenderer:
    return ReportLabNoticeRenderer.from_resources(settings.resources_dir())


def render(renderer: ReportLabNoticeRenderer, procedures: dict[str, Procedure], path: Path,
           procedure: str, kind: str, status: Status, decision: str, *,
           reissue: bool = False, issued_on: date = samples.ISSUED_ON,
           **fields: Any) -> LaidOut:
    case = samples.case(procedure, status, case_id=42, **fields)
    laid = renderer.prepare(kind=kind, case=case, procedure=procedures[procedure],
                            decisions=[samples.decision(procedure, decision, 42)],
                            issued_on=issued_on, reissue=reissue)
    out = renderer.open_file(path, "test")
    out.add(laid, document_number=renderer.document_number(procedure, 2026, 7),
            sheet_code=lambda n, total: sheet_code(42, 9, 1 if reissue else 0, n, total))
    out.close()
    return laid


@pytest.mark.parametrize(("procedure", "kind", "status", "decision"), samples.KINDS,
                         ids=[f"{p}-{k}" for p, k, _, _ in samples.KINDS])
def test_every_notice_kind_reads_back(renderer: ReportLabNoticeRenderer,
                                      procedures: dict[str, Procedure], tmp_path: Path,
                                      procedure: str, kind: str, status: Status,
                                      decision: str) -> None:
    pdf = tmp_path / f"{kind}.pdf"
    laid = render(renderer, procedures, pdf, procedure, kind, status, decision)
    proc = procedures[procedure]
    title = next(k.title for k in proc.notices if k.key == kind)
    text = pdftools.text(pdf)
    first = pdftools.text(pdf, page=1)
    for expected in (samples.NAME, samples.ADDRESS, "〒650-0001", title, "令和8年11月28日",
                     renderer.document_number(procedure, 2026, 7), "神戸市長",
                     "問い合わせ先", f"案件番号{samples.case(procedure, status, 42).number}"):
        assert pdftools.squash(expected) in text, expected
    for expected in (samples.NAME, samples.ADDRESS, title, "令和8年11月28日"):
        assert pdftools.squash(expected) in first, f"{expected} not on sheet 1"
    if decision == "reject":
        for code in samples.REASONS[procedure]:
            reason = proc.refusal(code)
            assert reason is not None
            assert pdftools.squash(reason.legal_text) in text
        assert pdftools.squash(samples.FACTS[procedure]) in text
        appeal = proc.appeal.render(defendant="神戸市")
        if proc.appeal.variant == "none":
            assert "教示" not in text
        else:
            assert "教示" in text
            for line in appeal.splitlines():
                assert pdftools.squash(line) in text
    if decision == "return":
        for code in samples.DEFECTS[procedure]:
            defect = proc.defect(code)
            assert defect is not None
            assert pdftools.squash(defect.legal_text) in text
        assert "令和8年12月14日" in text  # the correction deadline
        assert "期限までに" in text
    if kind == "decision":
        assert "金38,460円" in text and "支払予定日" in text
    if kind == "certificate":
        assert "令和8年10月1日から令和9年1月31日まで" in text  # validity period
    assert pdftools.pages(pdf) == laid.sheet_count
    for font in pdftools.fonts(pdf):
        assert font.embedded and font.subset, font
        assert "+" in font.name, font
    decoded = pdftools.codes(pdf)
    total = laid.sheet_count
    assert [(c.case_id, c.notice_id, c.sheet, c.sheets) if c else None for c in decoded] == [
        (42, 9, n, total) for n in range(1, total + 1)]
    for n in range(1, total + 1):
        assert f"{n}/{total}" in pdftools.text(pdf, page=n)


def test_reservation_has_a_counter_sheet_per_procedure(
        renderer: ReportLabNoticeRenderer, procedures: dict[str, Procedure],
        tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    laid = render(renderer, procedures, pdf, samples.MOVE_IN, "reservation_confirmation",
                  Status.APPROVED, "approve", procedure_3="児童手当")
    assert laid.sheet_count == 4
    for page, proc in ((2, "住民異動届（転入届）"), (3, "国民健康保険"), (4, "児童手当")):
        sheet = pdftools.text(pdf, page=page)
        assert f"窓口用シート{proc}" in sheet
        assert pdftools.squash(samples.NAME) in sheet and "届出人署名" in sheet


def test_era_date_with_western_year_and_first_year(renderer: ReportLabNoticeRenderer,
                                                   procedures: dict[str, Procedure],
                                                   tmp_path: Path) -> None:
    city = dataclasses.replace(renderer.city, western_year=True,
                               document_number="{prefix}{era_fiscal_year}第{seq:05d}号")
    western = ReportLabNoticeRenderer(city, renderer.layout, renderer.fonts)
    pdf = tmp_path / "w.pdf"
    render(western, procedures, pdf, samples.FLU, "refusal", Status.REJECTED, "reject",
           issued_on=date(2019, 5, 1))
    text = pdftools.text(pdf)
    assert "令和元年（2019年）5月1日" in text
    assert western.document_number(samples.FLU, 2019, 7) == "神健保元第00007号"


def test_reprint_says_so_on_every_sheet(renderer: ReportLabNoticeRenderer,
                                        procedures: dict[str, Procedure], tmp_path: Path,
                                        ) -> None:
    pdf = tmp_path / "re.pdf"
    laid = render(renderer, procedures, pdf, samples.MOVE_IN, "reservation_confirmation",
                  Status.APPROVED, "approve", reissue=True)
    for page in range(1, laid.sheet_count + 1):
        assert "再発行" in pdftools.text(pdf, page=page)
    assert all(c is not None and c.generation == 1 for c in pdftools.codes(pdf))


# ----------------------------------------------------------------------- the window


def _address_chars(pdf: Path, renderer: ReportLabNoticeRenderer) -> tuple[list[dict[str, Any]],
                                                                          Any]:
    window = renderer.layout.window
    with pdfplumber.open(pdf) as doc:
        chars = doc.pages[0].chars
    touching = [c for c in chars if c["x1"] > window.x * MM and c["x0"] < window.right * MM
                and c["bottom"] > window.y * MM and c["top"] < window.bottom * MM]
    return touching, renderer.layout.address_zone


@pytest.mark.parametrize(("address", "name"), [
    (samples.ADDRESS, samples.NAME),
    ("兵庫県神戸市中央区港島中町6丁目10番地の1　ポートアイランドセンタービル南館　"
     "ロイヤルパレス神戸三宮グランドタワー3201号室　行政事務センター気付", samples.NAME),
    ("神戸市中央区加納町6-5-1", "アレクサンドラ・マリア・フォン・ホーエンツォレルン・"
     "ジグマリンゲン＝ヴェッティン"),
    ("兵庫県神戸市西区櫨谷町栃木字奥ノ谷山ノ上1234番地の5678　"
     "グランドメゾン西神中央パークフロントレジデンス北棟1203号室",
     "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末"),
])
def test_address_block_stays_inside_the_window(renderer: ReportLabNoticeRenderer,
                                               procedures: dict[str, Procedure],
                                               tmp_path: Path, address: str, name: str) -> None:
    pdf = tmp_path / "addr.pdf"
    render(renderer, procedures, pdf, samples.FLU, "certificate", Status.APPROVED, "approve",
           address=address, applicant_name=name)
    touching, zone = _address_chars(pdf, renderer)
    eps = 0.01
    for c in touching:  # nothing that shows through the window leaves the address zone
        assert zone.x * MM - eps <= c["x0"] and c["x1"] <= zone.right * MM + eps, c["text"]
        assert zone.y * MM - eps <= c["top"] and c["bottom"] <= zone.bottom * MM + eps, c["text"]
    shown = pdftools.squash("".join(c["text"] for c in touching))
    assert shown == pdftools.squash(f"〒650-0001{address}{name}様")


def test_an_address_too_long_for_the_window_stops_the_notice(
        renderer: ReportLabNoticeRenderer, procedures: dict[str, Procedure],
        tmp_path: Path) -> None:
    with pytest.raises(NoticeDataError, match="窓に収まりません"):
        render(renderer, procedures, tmp_path / "x.pdf", samples.FLU, "certificate",
               Status.APPROVED, "approve", address="神戸市中央区加納町" * 30)


# ----------------------------------------------------------------------- glyphs


def test_a_character_missing_from_the_fonts_stops_the_notice(
        procedures: dict[str, Procedure], tmp_path: Path) -> None:
    city = dataclasses.replace(
        ReportLabNoticeRenderer.from_resources(settings.resources_dir()).city, fallback_fonts=())
    bare = ReportLabNoticeRenderer.from_resources(settings.resources_dir())
    bare = ReportLabNoticeRenderer(city, bare.layout, type(bare.fonts)(bare.fonts.fonts_dir))
    with pytest.raises(MissingGlyph) as caught:
        render(bare, procedures, tmp_path / "g.pdf", samples.FLU, "certificate",
               Status.APPROVED, "approve", applicant_name="𠮷田　太郎")
    error = caught.value
    assert error.params == {"char": "𠮷", "code_point": "U+20BB7", "case": "FFC-00000042",
                            "field": "applicant_name"}
    for part in ("𠮷", "U+20BB7", "FFC-00000042", "applicant_name"):
        assert part in error.message_ja and part in error.message_en
    assert not (tmp_path / "g.pdf").exists()


def test_control_characters_are_named_not_printed(renderer: ReportLabNoticeRenderer,
                                                  procedures: dict[str, Procedure],
                                                  tmp_path: Path) -> None:
    expected = "「住所」（address）に、印刷用フォントにない文字「制御文字」（U+0007）"
    with pytest.raises(MissingGlyph, match=re.escape(expected)):
        render(renderer, procedures, tmp_path / "c.pdf", samples.FLU, "certificate",
               Status.APPROVED, "approve", address="神戸市\x07中央区")


@pytest.mark.skipif(not IPAMJ.is_file(), reason="IPAmj明朝 (fonts-ipamj-mincho) not installed")
def test_the_fallback_font_prints_rare_name_characters(renderer: ReportLabNoticeRenderer,
                                                       procedures: dict[str, Procedure],
                                                       tmp_path: Path) -> None:
    pdf = tmp_path / "fb.pdf"
    render(renderer, procedures, pdf, samples.FLU, "certificate", Status.APPROVED, "approve",
           applicant_name="𠮷田　太郎")
    assert "𠮷田太郎様" in pdftools.text(pdf, page=1)
    rows = pdftools.fonts(pdf)
    assert any("IPAmj" in f.name for f in rows)
    assert all(f.embedded and f.subset for f in rows)


def test_the_individual_number_is_never_printed(renderer: ReportLabNoticeRenderer,
                                                procedures: dict[str, Procedure],
                                                tmp_path: Path) -> None:
    flu = procedures[samples.FLU]
    mynumber = dataclasses.replace(flu.fields[0], id="individual_number", type="mynumber",
                                   label="個人番号")
    with_number = dataclasses.replace(flu, fields=(*flu.fields, mynumber),
                                      allows_individual_number=True)
    procs = dict(procedures) | {samples.FLU: with_number}
    pdf = tmp_path / "n.pdf"
    render(renderer, procs, pdf, samples.FLU, "certificate", Status.APPROVED, "approve",
           individual_number="123456789018")
    assert "123456789018" not in pdftools.text(pdf)
    with pytest.raises(NoticeDataError, match="個人番号"):
        render(renderer, procs, tmp_path / "m.pdf", samples.FLU, "certificate",
               Status.APPROVED, "approve", individual_number="123456789018",
               address="神戸市中央区 123456789018")


def test_calibration_sheet_shows_the_window(renderer: ReportLabNoticeRenderer,
                                            tmp_path: Path) -> None:
    pdf = tmp_path / "cal.pdf"
    assert renderer.calibration_sheet(pdf) == 1
    assert pdftools.pages(pdf) == 1
    assert "窓位置確認シート" in pdftools.text(pdf)
    with pdfplumber.open(pdf) as doc:
        rects = doc.pages[0].rects
    window = renderer.layout.window
    assert any(abs(r["x0"] - window.x * MM) < 0.5 and abs(r["top"] - window.y * MM) < 0.5
               and abs(r["width"] - window.width * MM) < 0.5 for r in rects)
    assert all(f.embedded and f.subset for f in pdftools.fonts(pdf))
