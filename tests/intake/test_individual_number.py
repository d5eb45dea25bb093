"""The individual number: checked (a bad check digit quarantines the row, without the
number in any message), stored only where the procedure allows it, masked everywhere."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop.app import Services, intake_service
from desktop.cli_json import case_json
from desktop.domain.permissions import SYSTEM
from desktop.domain.procedures import Procedure
from desktop.intake.profiles import load_profile
from desktop.services.intake import IntakeService
from tests.intake.helpers import FLU, HEADERS, flu_row, write_csv
from tests.number_procedure import number_procedure, with_procedure

VALID = "123456789018"
VALID_2 = "000000000019"  # 0000000000 1 → check digit 9
INVALID = "123456789012"


@pytest.fixture
def numbered(services: Services, tmp_path: Path) -> tuple[IntakeService, Procedure]:
    procedure = number_procedure(tmp_path)
    ctx = with_procedure(services.ctx, procedure)
    return intake_service(ctx), procedure


def test_number_is_checked_stored_where_allowed_and_masked(
        numbered: tuple[IntakeService, Procedure], tmp_path: Path) -> None:
    intake, procedure = numbered
    headers = [*HEADERS, "個人番号"]
    rows = [flu_row(個人番号="1234 5678 9018"), flu_row(個人番号=INVALID),
            flu_row(個人番号=VALID, 氏名="別人", フリガナ="ベツジン", 生年月日="1990-01-01")]
    report = intake.import_file(SYSTEM, write_csv(tmp_path / "n.csv", rows, headers),
                                procedure.code)
    assert (report.batch.imported, report.batch.quarantined) == (2, 1)
    [item] = report.quarantine
    [reason] = item.reasons
    assert reason["code"] == "individual_number"
    assert INVALID not in json.dumps(item.reasons, ensure_ascii=False)
    assert item.raw["values"]["個人番号"] == "********9012"
    with intake.ctx.uow() as uow:
        cases = uow.cases.list_queue(procedure.code, None, 100, 0)
    first, other = sorted(cases, key=lambda c: c.id)
    assert first.fields["individual_number"] == VALID
    shown = case_json(first, procedure)
    assert shown["fields"]["individual_number"] == "********9018"
    assert VALID not in json.dumps(shown, ensure_ascii=False)
    # The same number under another name and birth date is a possible duplicate.
    assert "possible_duplicate" in other.flags


def test_number_column_for_a_procedure_that_may_not_hold_it(
        services: Services, intake: IntakeService, tmp_path: Path) -> None:
    profile_file = tmp_path / "p.toml"
    profile_file.write_text(
        'procedure = "flu-free-certificate"\nname = "with-number"\nsource = "city-x"\n'
        'receipt_column = "受付番号"\nindividual_number_column = "個人番号"\n[columns]\n'
        + "".join(f'"{f.label}" = "{f.id}"\n' for f in services.ctx.procedure(FLU).fields),
        encoding="utf-8")
    intake.profiles.add(load_profile(profile_file, services.ctx.procedures))
    headers = [*HEADERS, "個人番号"]
    rows = [flu_row(個人番号=VALID), flu_row(個人番号=INVALID, フリガナ="ホカ")]
    report = intake.import_file(SYSTEM, write_csv(tmp_path / "x.csv", rows, headers), FLU,
                                "with-number")
    assert (report.batch.imported, report.batch.quarantined) == (1, 1)
    assert report.batch.source == "city-x"
    with services.ctx.uow() as uow:
        [case] = uow.cases.list_queue(FLU, None, 100, 0)
    assert VALID not in json.dumps(case.fields)
    assert report.quarantine[0].raw["values"]["個人番号"] == "********9012"
