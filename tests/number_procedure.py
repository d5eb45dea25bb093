"""A copy of the flu procedure, ``number-test``, that holds an individual number
(マイナンバー) — no shipped procedure may — for the tests of how the number is
checked, stored, masked and kept out of audits and exports."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from desktop.domain.procedure_loader import default_procedures_dir, load_procedure
from desktop.domain.procedures import Procedure
from desktop.services.context import ServiceContext

NUMBER_TEST = "number-test"
_FLU = "flu-free-certificate"


def number_procedure(tmp_path: Path) -> Procedure:
    """The ``number-test`` procedure (its TOML written under *tmp_path*)."""
    text = (default_procedures_dir() / f"{_FLU}.toml").read_text(encoding="utf-8")
    text = text.replace(f'code = "{_FLU}"', f'code = "{NUMBER_TEST}"')
    text = text.replace("allows_individual_number = false", "allows_individual_number = true")
    text += ('\n[[fields]]\nid = "individual_number"\nlabel = "個人番号"\n'
             'label_en = "Individual number"\ntype = "mynumber"\nrequired = false\n'
             'group = "申請者"\ngroup_en = "Applicant"\n')
    path = tmp_path / f"{NUMBER_TEST}.toml"
    path.write_text(text, encoding="utf-8")
    return load_procedure(path)


def with_procedure(ctx: ServiceContext, procedure: Procedure) -> ServiceContext:
    """*ctx* knowing *procedure* as well."""
    return dataclasses.replace(ctx, procedures={**ctx.procedures, procedure.code: procedure})
