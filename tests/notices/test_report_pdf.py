"""The monthly report PDF read back with poppler, as the notices are: embedded subset
fonts only, the era month in the title, the figures, "n / N" on every page, and a
character the fonts lack stops the report instead of printing a blank box."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from desktop import settings
from desktop.domain.contract_report import ClosedDay, Month, MonthFigures, MonthlyReport
from desktop.notices.fonts import MissingGlyph
from desktop.notices.report_pdf import MonthlyReportPdf
from tests.notices import pdftools

IPAMJ = Path("/usr/share/fonts/truetype/ipamj/ipamjm.ttf")


def figures(month: Month, received: int = 0, approved: int = 0, rejected: int = 0,
            within: int = 0, average: float | None = None, p90: int | None = None,
            ) -> MonthFigures:
    return MonthFigures(month, received=received, approved=approved, rejected=rejected,
                        withdrawn=1 if received else 0, returned=2 if received else 0,
                        within_sla=within, average_days=average, p90_days=p90,
                        max_days=p90)


def sample(procedure_name: str = "インフルエンザ予防接種 無料対象確認証 交付申請",
           generated_by: str = "監督 花子") -> MonthlyReport:
    months = [Month(2025, 12).shift(k) for k in range(12)]
    trend = [figures(m) for m in months[:-2]]
    trend.append(figures(months[-2], received=1234, approved=1100, rejected=34, within=1000,
                         average=2.25, p90=4))
    trend.append(figures(months[-1], received=9, approved=5, rejected=2, within=5,
                         average=18 / 7, p90=8))
    return MonthlyReport(
        procedure_code="flu-free-certificate", procedure_name=procedure_name,
        sla_business_days=5, figures=trend[-1], trend=tuple(trend), business_days=19,
        closed_weekdays=(ClosedDay(date(2026, 11, 3), "文化の日"),
                         ClosedDay(date(2026, 11, 23), "勤労感謝の日")),
        generated_at=datetime(2026, 12, 2, 1, 30, tzinfo=UTC), generated_by=generated_by)


@pytest.fixture(scope="module")
def writer() -> MonthlyReportPdf:
    return MonthlyReportPdf.from_resources(settings.resources_dir())


def test_report_reads_back_with_embedded_fonts(writer: MonthlyReportPdf,
                                               tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    assert writer.write(sample(), pdf) == 1
    assert pdftools.pages(pdf) == 1
    text = pdftools.text(pdf)
    for expected in ("月次業務報告書", "（令和8年11月分）", "インフルエンザ予防接種無料対象確認証交付申請",
                     "令和8年11月1日～令和8年11月30日（開庁日19日）",
                     "11月3日（文化の日）、11月23日（勤労感謝の日）",
                     "受付件数9件", "決定件数7件", "うち承認5件", "うち却下2件",
                     "取下げ件数1件", "補正依頼件数2件", "平均処理日数2.6開庁日",
                     "90%処理日数8開庁日", "期限内処理率71.4%", "標準処理期間5開庁日",
                     "令和8年12月2日10:30監督花子", "報告先神戸市",
                     "令和8年10月1,2341,1341,10034122.2488.2%", "令和8年11月9752122.6871.4%",
                     "令和7年12月000000－－－",
                     "1/1", "算定方法"):
        assert expected in text, expected
    rows = pdftools.fonts(pdf)
    assert {r.name.split("+")[1] for r in rows} == {
        "BIZUDGothic-Regular", "BIZUDGothic-Bold", "BIZUDMincho-Regular"}
    assert all(r.embedded and r.subset for r in rows), rows  # no bare Helvetica either


def test_western_year_when_the_city_asks_for_it(writer: MonthlyReportPdf,
                                                tmp_path: Path) -> None:
    pdf = tmp_path / "western.pdf"
    MonthlyReportPdf(writer.fonts, writer.city_name, western_year=True).write(sample(), pdf)
    assert "令和8年（2026年）11月1日～令和8年（2026年）11月30日" in pdftools.text(pdf)


def test_every_page_says_n_of_total(writer: MonthlyReportPdf, tmp_path: Path) -> None:
    pdf = tmp_path / "long.pdf"
    long_name = "長い手続名の例" * 90  # pushes the trend and notes onto a second page
    assert writer.write(sample(procedure_name=long_name), pdf) == 2
    assert pdftools.pages(pdf) == 2
    assert pdftools.text(pdf, page=1).endswith("1/2")
    assert "2/2" in pdftools.text(pdf, page=2)
    assert "月次業務報告書" in pdftools.text(pdf, page=2)  # the footer names the report


def test_a_character_no_font_has_stops_the_report(writer: MonthlyReportPdf,
                                                  tmp_path: Path) -> None:
    pdf = tmp_path / "bad.pdf"
    with pytest.raises(MissingGlyph) as caught:
        writer.write(sample(generated_by="監督\U0001f600"), pdf)
    assert caught.value.params["code_point"] == "U+1F600"
    assert caught.value.params["field"] == "generated_by"


@pytest.mark.skipif(not IPAMJ.exists(), reason="IPAmj明朝 is not installed")
def test_rare_name_characters_use_the_fallback_font(writer: MonthlyReportPdf,
                                                    tmp_path: Path) -> None:
    pdf = tmp_path / "rare.pdf"
    writer.write(sample(generated_by="𠮷田 花子"), pdf)
    assert "𠮷田花子" in pdftools.text(pdf)
    rows = pdftools.fonts(pdf)
    assert len(rows) == 4 and all(r.embedded and r.subset for r in rows)


def test_the_page_renders_as_an_image(writer: MonthlyReportPdf, tmp_path: Path) -> None:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.fail("pdftoppm (poppler-utils) is not installed")
    pdf = tmp_path / "report.pdf"
    writer.write(sample(), pdf)
    subprocess.run([tool, "-png", "-r", "60", str(pdf), str(tmp_path / "page")], check=True)
    [png] = tmp_path.glob("page*.png")
    assert png.stat().st_size > 10_000
