"""How form values appear in the detail panel; the individual number only masked."""

from __future__ import annotations

from desktop.domain.procedures import FieldDef
from desktop.qt.case_detail_view import field_text


def field(type_: str) -> FieldDef:
    return FieldDef(id="f", label="項目", label_en="Item", type=type_,  # type: ignore[arg-type]
                    required=False, group="g", group_en="g")


def test_individual_number_is_masked() -> None:
    assert field_text(field("mynumber"), "123456789018") == "********9018"
    assert field_text(field("mynumber"), "12-34") == "************"


def test_other_values() -> None:
    assert field_text(field("boolean"), True) == "はい"
    assert field_text(field("boolean"), False) == "いいえ"
    assert field_text(field("money"), 12800) == "12,800円"
    assert field_text(field("choice"), ["郵送", "窓口"]) == "郵送、窓口"
    assert field_text(field("text"), None) == ""
    assert field_text(field("text"), "神戸市中央区") == "神戸市中央区"
