"""The ReportLab implementation of the services' ``NoticeRenderer`` port.

``app.py`` builds one per process with :meth:`ReportLabNoticeRenderer.from_resources`;
building it is cheap (fonts are registered on the first notice, never at start-up).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from desktop.domain.cases import CaseRecord, DecisionRecord
from desktop.domain.procedures import Procedure
from desktop.notices.compose import compose
from desktop.notices.config import CitySettings, Layout, load_city, load_layout
from desktop.notices.flow import LaidOut, Typesetter
from desktop.notices.fonts import Fonts, MissingGlyph, missing_glyph
from desktop.notices.pdf import PdfNoticeWriter, calibration_sheet


class PdfNoticeFile:
    """One PDF file of a batch (the ``NoticeFile`` port)."""

    def __init__(self, writer: PdfNoticeWriter) -> None:
        self._writer = writer

    def add(self, prepared: LaidOut, *, document_number: str,
            sheet_code: Callable[[int, int], str]) -> int:
        return self._writer.add(prepared, document_number=document_number,
                                sheet_code=sheet_code)

    def close(self) -> int:
        return self._writer.close()


class ReportLabNoticeRenderer:
    """Composes, lays out, checks and writes notices (see ``NoticeRenderer``)."""

    def __init__(self, city: CitySettings, layout: Layout, fonts: Fonts) -> None:
        self.city = city
        self.layout = layout
        self.fonts = fonts
        self._typesetter = Typesetter(layout, fonts)
        self._lock = threading.Lock()

    @classmethod
    def from_resources(cls, resources: Path, *, city_file: Path | None = None,
                       layout: str | None = None) -> ReportLabNoticeRenderer:
        """Settings from ``resources/city.toml``, the layout it names, the bundled fonts."""
        city = load_city(city_file or resources / "city.toml")
        lay = load_layout(resources / "layouts" / f"{layout or city.layout}.toml")
        return cls(city, lay, Fonts(resources / "fonts", city.fallback_fonts))

    def prepare(self, *, kind: str, case: CaseRecord, procedure: Procedure,
                decisions: Sequence[DecisionRecord], issued_on: date,
                reissue: bool) -> LaidOut:
        content = compose(kind, case, procedure, decisions, issued_on, self.city,
                          reissue=reissue)
        try:
            with self._lock:  # the caches are shared; a batch runs on one thread anyway
                return self._typesetter.lay_out(content)
        except MissingGlyph as error:
            field = str(error.params["field"])
            label = next((f.label for f in procedure.fields if f.id == field), None)
            if label is None:
                raise
            raise missing_glyph(str(error.params["char"]), case.number, field,
                                label) from None

    def sheet_count(self, prepared: LaidOut) -> int:
        return prepared.sheet_count

    def open_file(self, path: Path, title: str) -> PdfNoticeFile:
        return PdfNoticeFile(PdfNoticeWriter(path, self.layout, self.fonts, title=title))

    def document_number(self, procedure_code: str, fiscal_year: int, seq: int) -> str:
        return self.city.format_document_number(procedure_code, fiscal_year, seq)

    def calibration_sheet(self, path: Path) -> int:
        return calibration_sheet(path, self.layout, self.fonts)
