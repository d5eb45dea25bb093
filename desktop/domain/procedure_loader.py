"""Loading and validating procedure files (TOML → :class:`Procedure`).

Every key is checked; the first problem raises :class:`ProcedureError` naming the
file, the dotted key path and what is wrong, in Japanese and English.
"""

from __future__ import annotations

import difflib
import re
import string
import tomllib
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import NoReturn, TypeVar, cast

from desktop.domain.procedures import (
    APPEAL_PLACEHOLDERS,
    APPEAL_VARIANTS,
    DOUBLE_CHECK_MODES,
    FIELD_TYPES,
    NOTICE_EVENTS,
    AppealText,
    AppealVariant,
    ApplicantFields,
    ChecklistItem,
    DoubleCheckMode,
    DoubleCheckPolicy,
    FieldDef,
    FieldType,
    NoticeEvent,
    NoticeKind,
    Procedure,
    ProcedureError,
    ReasonCode,
)
from desktop.domain.workflow import Stage

#: Field types whose values are strings a length limit or a pattern can apply to.
_STRING_TYPES = frozenset({"text", "kana", "address", "email", "phone"})
#: Field types that take ``min`` / ``max``.
_NUMBER_TYPES = frozenset({"integer", "money"})

_CODE_RE = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")
_ID_RE = re.compile(r"[a-z][a-z0-9_]*")
_TOML_POS_RE = re.compile(r"\(at line (\d+), column (\d+)\)")

_T = TypeVar("_T")


def _fail(
    file: Path,
    key: str,
    ja: str,
    en: str,
    *,
    directory: bool = False,
    note: str = "",
    **params: object,
) -> NoReturn:
    where = f"{key}{note}: " if key else ""
    what_ja, what_en = ("手順定義フォルダ", "procedure directory") if directory else (
        "手順定義ファイル", "procedure file")
    raise ProcedureError(
        f"{what_ja} {file}: {where}{ja}",
        f"{what_en} {file}: {where}{en}",
        file=str(file),
        key=key,
        **params,
    )


def _kind(value: object) -> tuple[str, str]:
    """Japanese and English name of a TOML value's type."""
    if isinstance(value, bool):
        return "真偽値", "a boolean"
    if isinstance(value, int):
        return "整数", "an integer"
    if isinstance(value, float):
        return "小数", "a float"
    if isinstance(value, str):
        return "文字列", "a string"
    if isinstance(value, list):
        return "配列", "an array"
    if isinstance(value, dict):
        return "表", "a table"
    return "日付・時刻", "a date/time"


class _Node:
    """A TOML table being read, with its dotted path for error messages.

    ``note`` names a list entry by its id (``(id = "phone")``) so that a person need not
    count entries to find ``fields[5]``.
    """

    def __init__(self, data: Mapping[str, object], path: str, file: Path, note: str = "") -> None:
        self.data = data
        self.path = path
        self.file = file
        self.note = note

    def key(self, name: str) -> str:
        return f"{self.path}.{name}" if self.path else name

    def fail(self, name: str, ja: str, en: str) -> NoReturn:
        _fail(self.file, self.key(name) if name else self.path, ja, en, note=self.note)

    def allow(self, *names: str) -> None:
        """Reject keys other than *names* (typos), suggesting the closest known key."""
        for name in self.data:
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint_ja = f"（「{close[0]}」の誤りではありませんか）" if close else ""
                hint_en = f" (did you mean '{close[0]}'?)" if close else ""
                allowed = ", ".join(names)
                self.fail(
                    name,
                    f"未知のキーです{hint_ja}。使えるキー: {allowed}",
                    f"unknown key{hint_en}; allowed keys: {allowed}",
                )

    def has(self, name: str) -> bool:
        return name in self.data

    def _get(self, name: str, ja: str, en: str, ok: Callable[[object], bool]) -> object:
        if name not in self.data:
            self.fail(name, f"必須のキーがありません（{ja}）", f"missing key ({en})")
        value = self.data[name]
        if not ok(value):
            got_ja, got_en = _kind(value)
            self.fail(
                name,
                f"{ja}でなければなりません（{got_ja} {value!r} が指定されています）",
                f"must be {en}, got {got_en} {value!r}",
            )
        return value

    def text(self, name: str, *, empty: bool = False) -> str:
        value = cast(str, self._get(name, "文字列", "a string", lambda v: isinstance(v, str)))
        if not empty and not value.strip():
            self.fail(name, "空にできません", "must not be empty")
        return value

    def opt_text(self, name: str) -> str | None:
        return self.text(name) if self.has(name) else None

    def ident(self, name: str, regex: re.Pattern[str] = _ID_RE) -> str:
        value = self.text(name)
        if not regex.fullmatch(value):
            example = "flu-free-certificate" if regex is _CODE_RE else "applicant_name"
            self.fail(
                name,
                f"「{value}」は使えません（半角英小文字・数字の識別子、例: {example}）",
                f"'{value}' is not a valid identifier (lower-case ASCII, e.g. {example})",
            )
        return value

    def integer(self, name: str, *, minimum: int | None = None) -> int:
        value = cast(
            int,
            self._get(
                name,
                "整数",
                "an integer",
                lambda v: isinstance(v, int) and not isinstance(v, bool),
            ),
        )
        if minimum is not None and value < minimum:
            self.fail(
                name,
                f"{minimum} 以上でなければなりません（{value} が指定されています）",
                f"must be at least {minimum}, got {value}",
            )
        return value

    def opt_integer(self, name: str, *, minimum: int | None = None) -> int | None:
        return self.integer(name, minimum=minimum) if self.has(name) else None

    def number(self, name: str) -> float:
        value = self._get(
            name,
            "数値",
            "a number",
            lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        )
        return float(cast(float, value))

    def boolean(self, name: str) -> bool:
        return cast(
            bool,
            self._get(name, "真偽値（true / false）", "a boolean (true / false)",
                      lambda v: isinstance(v, bool)),
        )

    def choice(self, name: str, options: tuple[str, ...]) -> str:
        value = self.text(name)
        if value not in options:
            allowed = ", ".join(options)
            self.fail(
                name,
                f"「{value}」は使えません。次のいずれかを指定してください: {allowed}",
                f"'{value}' is not one of: {allowed}",
            )
        return value

    def strings(self, name: str) -> tuple[str, ...]:
        values = cast(
            list[object],
            self._get(name, "文字列の配列", "an array of strings", lambda v: isinstance(v, list)),
        )
        out: list[str] = []
        for i, value in enumerate(values):
            if not isinstance(value, str) or not value.strip():
                _fail(self.file, f"{self.key(name)}[{i}]", "空でない文字列でなければなりません",
                      "must be a non-empty string", note=self.note)
            if value in out:
                _fail(self.file, f"{self.key(name)}[{i}]", f"「{value}」が重複しています",
                      f"duplicate value '{value}'", note=self.note)
            out.append(value)
        return tuple(out)

    def table(self, name: str) -> _Node:
        value = self._get(name, "表", "a table", lambda v: isinstance(v, dict))
        return _Node(cast(dict[str, object], value), self.key(name), self.file)

    def tables(self, name: str, *, optional: bool = False) -> list[_Node]:
        if optional and not self.has(name):
            return []
        values = cast(
            list[object],
            self._get(name, "表の配列", "an array of tables", lambda v: isinstance(v, list)),
        )
        nodes: list[_Node] = []
        for i, value in enumerate(values):
            key = f"{self.key(name)}[{i}]"
            if not isinstance(value, dict):
                got_ja, got_en = _kind(value)
                _fail(self.file, key, f"表でなければなりません（{got_ja}）",
                      f"must be a table, got {got_en}")
            entry = cast(dict[str, object], value)
            named = [(k, entry[k]) for k in ("id", "key", "code") if isinstance(entry.get(k), str)]
            note = f' ({named[0][0]} = "{named[0][1]}")' if named else ""
            nodes.append(_Node(entry, key, self.file, note))
        return nodes


def _items(
    nodes: list[_Node], id_key: str, parse: Callable[[_Node], _T], ident: Callable[[_T], str]
) -> tuple[_T, ...]:
    """Parse a list of tables, rejecting a repeated id (``id_key`` names it in errors)."""
    seen: dict[str, int] = {}
    out: list[_T] = []
    for i, node in enumerate(nodes):
        item = parse(node)
        item_id = ident(item)
        if item_id in seen:
            first = f"{nodes[seen[item_id]].path}"
            node.fail(
                id_key,
                f"「{item_id}」が重複しています（{first} と同じ）",
                f"duplicate '{item_id}' (already used by {first})",
            )
        seen[item_id] = i
        out.append(item)
    return tuple(out)


# ----------------------------------------------------------------------------- parsers


def _field(node: _Node, allows_individual_number: bool) -> FieldDef:
    node.allow(
        "id", "label", "label_en", "type", "required", "group", "group_en",
        "max_length", "min", "max", "pattern", "choices",
    )
    field_id = node.ident("id")
    label, label_en = node.text("label"), node.text("label_en")
    ftype = node.choice("type", FIELD_TYPES)
    required = node.boolean("required")
    group, group_en = node.text("group"), node.text("group_en")

    def only_for(name: str, types: Iterable[str], what_ja: str, what_en: str) -> None:
        if node.has(name) and ftype not in types:
            node.fail(name, f"型「{ftype}」の項目には指定できません（{what_ja}のみ）",
                      f"not allowed for a field of type '{ftype}' ({what_en} only)")

    only_for("max_length", _STRING_TYPES, "文字列型", "string types")
    only_for("pattern", _STRING_TYPES, "文字列型", "string types")
    only_for("min", _NUMBER_TYPES, "integer・money 型", "integer and money")
    only_for("max", _NUMBER_TYPES, "integer・money 型", "integer and money")
    only_for("choices", ("choice",), "choice 型", "type choice")

    max_length = node.opt_integer("max_length", minimum=1)
    low, high = node.opt_integer("min"), node.opt_integer("max")
    if low is not None and high is not None and low > high:
        node.fail("max", f"min（{low}）より小さくできません", f"is less than min ({low})")
    pattern = node.opt_text("pattern")
    if pattern is not None:
        try:
            re.compile(pattern)
        except re.error as exc:
            node.fail("pattern", f"正規表現として正しくありません（{exc}）",
                      f"is not a valid regular expression ({exc})")
    choices: tuple[str, ...] = ()
    if ftype == "choice":
        choices = node.strings("choices")
        if not choices:
            node.fail("choices", "選択肢が1つ以上必要です", "needs at least one choice")
    if ftype == "mynumber" and not allows_individual_number:
        node.fail("type", "この手続は個人番号を扱えません（allows_individual_number = false）",
                  "this procedure may not hold individual numbers "
                  "(allows_individual_number = false)")
    return FieldDef(
        id=field_id, label=label, label_en=label_en, type=cast(FieldType, ftype),
        required=required, group=group, group_en=group_en, max_length=max_length,
        min=low, max=high, pattern=pattern, choices=choices,
    )


def _applicant(node: _Node, fields: tuple[FieldDef, ...]) -> ApplicantFields:
    expected: dict[str, str] = {
        "name": "text", "kana": "kana", "birth_date": "date",
        "postal_code": "postal_code", "address": "address", "phone": "phone",
    }
    node.allow(*expected)
    by_id = {f.id: f for f in fields}
    ids: dict[str, str | None] = {}
    for role, ftype in expected.items():
        if role == "phone" and not node.has(role):
            ids[role] = None
            continue
        field_id = node.text(role)
        if field_id not in by_id:
            node.fail(role, f"項目「{field_id}」は fields にありません",
                      f"names field '{field_id}', which is not in fields")
        if by_id[field_id].type != ftype:
            node.fail(role, f"項目「{field_id}」の型は {by_id[field_id].type} です（{ftype} が必要）",
                      f"field '{field_id}' is of type {by_id[field_id].type}, not {ftype}")
        ids[role] = field_id
    return ApplicantFields(
        name=cast(str, ids["name"]), kana=cast(str, ids["kana"]),
        birth_date=cast(str, ids["birth_date"]), postal_code=cast(str, ids["postal_code"]),
        address=cast(str, ids["address"]), phone=ids["phone"],
    )


def _checklist_item(node: _Node) -> ChecklistItem:
    node.allow("key", "label", "label_en", "required")
    return ChecklistItem(
        key=node.ident("key"), label=node.text("label"), label_en=node.text("label_en"),
        required=node.boolean("required"),
    )


def _reason(node: _Node) -> ReasonCode:
    node.allow("code", "label", "label_en", "legal_text")
    return ReasonCode(
        code=node.ident("code"), label=node.text("label"), label_en=node.text("label_en"),
        legal_text=node.text("legal_text"),
    )


def _notice(node: _Node) -> NoticeKind:
    node.allow("key", "title", "title_en", "on")
    return NoticeKind(
        key=node.ident("key"), title=node.text("title"), title_en=node.text("title_en"),
        on=cast(NoticeEvent, node.choice("on", NOTICE_EVENTS)),
    )


def _double_check(node: _Node) -> DoubleCheckPolicy:
    node.allow("mode", "rate")
    mode = node.choice("mode", DOUBLE_CHECK_MODES)
    fixed = {"all": 1.0, "none": 0.0}
    if mode == "sample" or node.has("rate"):
        rate = node.number("rate")
        if not 0.0 <= rate <= 1.0:
            node.fail("rate", f"0 以上 1 以下でなければなりません（{rate} が指定されています）",
                      f"must be between 0 and 1, got {rate}")
        if mode in fixed and rate != fixed[mode]:
            node.fail("rate", f"mode = \"{mode}\" では {fixed[mode]} です（{rate} と矛盾）",
                      f"must be {fixed[mode]} with mode = \"{mode}\", got {rate}")
    else:
        rate = fixed[mode]
    return DoubleCheckPolicy(mode=cast(DoubleCheckMode, mode), rate=rate)


def _appeal(node: _Node, is_administrative_decision: bool) -> AppealText:
    node.allow("variant", "review_authority", "text")
    variant = node.choice("variant", APPEAL_VARIANTS)
    if variant == "none" and is_administrative_decision:
        node.fail("variant", "行政処分（is_administrative_decision = true）には教示が必要です"
                  "（\"none\" は使えません）",
                  "is \"none\", but is_administrative_decision = true needs an appeal "
                  "instruction")
    if variant != "none" and not is_administrative_decision:
        node.fail("variant", f"\"{variant}\" ですが is_administrative_decision = false です"
                  "（行政処分でない手続の教示は \"none\"）",
                  f"is \"{variant}\", but is_administrative_decision = false "
                  "(a procedure that is not an administrative decision uses \"none\")")
    if variant == "none":
        authority = node.text("review_authority", empty=True) if node.has("review_authority") else ""
        text = node.text("text", empty=True) if node.has("text") else ""
        if text.strip():
            node.fail("text", "variant = \"none\" では空にしてください",
                      "must be empty with variant = \"none\"")
        return AppealText(variant="none", review_authority=authority, text="")
    authority = node.text("review_authority")
    text = node.text("text")
    try:
        names = [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        node.fail("text", f"波括弧の対応が正しくありません（{exc}）",
                  f"has unbalanced braces ({exc})")
    for name in names:
        if name not in APPEAL_PLACEHOLDERS:
            allowed = ", ".join("{" + p + "}" for p in sorted(APPEAL_PLACEHOLDERS))
            node.fail("text", f"未知の差込項目 {{{name}}} があります（使えるもの: {allowed}）",
                      f"unknown placeholder {{{name}}} (allowed: {allowed})")
    return AppealText(variant=cast(AppealVariant, variant), review_authority=authority, text=text)


def _procedure(root: _Node) -> Procedure:
    root.allow(
        "code", "name", "name_en", "version", "sla_business_days", "correction_business_days",
        "is_administrative_decision", "allows_individual_number", "double_check", "applicant",
        "fields", "checklist", "defect_codes", "refusal_reasons", "notices", "appeal",
    )
    code = root.ident("code", _CODE_RE)
    name, name_en = root.text("name"), root.text("name_en")
    version = root.integer("version", minimum=1)
    sla = root.integer("sla_business_days", minimum=1)
    correction = root.integer("correction_business_days", minimum=1)
    administrative = root.boolean("is_administrative_decision")
    allows_number = root.boolean("allows_individual_number")

    fields = _items(root.tables("fields"), "id",
                    lambda n: _field(n, allows_number), lambda f: f.id)
    if not fields:
        root.fail("fields", "項目が1つ以上必要です", "needs at least one field")
    applicant = _applicant(root.table("applicant"), fields)

    checklist_node = root.table("checklist")
    checklist_node.allow(*(stage.value for stage in Stage))
    checklists = {
        stage: _items(checklist_node.tables(stage.value), "key", _checklist_item, lambda c: c.key)
        for stage in Stage
    }
    if not checklists[Stage.FIRST_REVIEW]:
        checklist_node.fail(Stage.FIRST_REVIEW.value, "確認項目が1つ以上必要です",
                            "needs at least one item")
    double_check = _double_check(root.table("double_check"))
    if double_check.mode != "none" and not checklists[Stage.DOUBLE_CHECK]:
        checklist_node.fail(
            Stage.DOUBLE_CHECK.value,
            f"二次審査（mode = \"{double_check.mode}\"）には確認項目が1つ以上必要です",
            f"needs at least one item because double_check.mode = \"{double_check.mode}\"",
        )

    defects = _items(root.tables("defect_codes"), "code", _reason, lambda r: r.code)
    if not defects:
        root.fail("defect_codes", "補正の不備コードが1つ以上必要です（行政手続法第7条）",
                  "needs at least one defect code (Administrative Procedure Act art. 7)")
    refusals = _items(root.tables("refusal_reasons", optional=True), "code", _reason,
                      lambda r: r.code)
    if administrative and not refusals:
        root.fail("refusal_reasons",
                  "行政処分（is_administrative_decision = true）には却下理由が1つ以上必要です"
                  "（行政手続法第8条）",
                  "an administrative decision (is_administrative_decision = true) needs at "
                  "least one refusal reason (Administrative Procedure Act art. 8)")

    notices = _items(root.tables("notices"), "key", _notice, lambda n: n.key)
    if not notices:
        root.fail("notices", "通知の種類が1つ以上必要です", "needs at least one notice kind")
    if refusals and not any(n.on == "rejected" for n in notices):
        root.fail("notices", "却下理由があるのに却下時（on = \"rejected\"）の通知がありません",
                  "refusal reasons are defined but no notice has on = \"rejected\"")

    appeal = _appeal(root.table("appeal"), administrative)
    return Procedure(
        code=code, name=name, name_en=name_en, version=version, fields=fields,
        applicant=applicant, checklists=MappingProxyType(checklists), defect_codes=defects,
        refusal_reasons=refusals, sla_business_days=sla, correction_business_days=correction,
        double_check=double_check, notices=notices, appeal=appeal,
        is_administrative_decision=administrative, allows_individual_number=allows_number,
    )


# --------------------------------------------------------------------------------- API


def load_procedure(path: Path) -> Procedure:
    """Read and validate one procedure file; :class:`ProcedureError` on the first problem."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        _fail(path, "", f"読み込めません（{exc.strerror or exc}）",
              f"cannot be read ({exc.strerror or exc})")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        _fail(path, "", f"UTF-8 ではありません（{exc.start} バイト目）",
              f"is not UTF-8 (byte {exc.start})")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        pos = _TOML_POS_RE.search(str(exc))
        line, column = (int(pos.group(1)), int(pos.group(2))) if pos else (None, None)
        detail = _TOML_POS_RE.sub("", str(exc)).strip()
        where_ja = f"{line} 行 {column} 桁目: " if pos else ""
        where_en = f"line {line}, column {column}: " if pos else ""
        _fail(path, "", f"TOML の構文エラー（{where_ja}{detail}）",
              f"TOML syntax error ({where_en}{detail})", line=line, column=column)
    return _procedure(_Node(data, "", path))


def load_procedures(directory: Path) -> dict[str, Procedure]:
    """Load every ``*.toml`` in *directory*, keyed by code (which must equal the file stem)."""
    if not directory.is_dir():
        _fail(directory, "", "フォルダがありません", "does not exist", directory=True)
    loaded = [(path, load_procedure(path)) for path in sorted(directory.glob("*.toml"))]
    origin: dict[str, Path] = {}
    for path, procedure in loaded:
        if procedure.code in origin:
            _fail(path, "code", f"「{procedure.code}」は {origin[procedure.code]} と重複しています",
                  f"'{procedure.code}' is already defined by {origin[procedure.code]}")
        origin[procedure.code] = path
    for path, procedure in loaded:
        if procedure.code != path.stem:
            _fail(path, "code",
                  f"「{procedure.code}」はファイル名（{path.stem}.toml）と一致しません",
                  f"'{procedure.code}' does not match the file name ({path.stem}.toml)")
    procedures = {procedure.code: procedure for _, procedure in loaded}
    if not procedures:
        _fail(directory, "", "手順定義ファイル（*.toml）が1つもありません",
              "contains no procedure files (*.toml)", directory=True)
    return procedures


def default_procedures_dir() -> Path:
    """``resources/procedures`` at the repository root."""
    return Path(__file__).resolve().parents[2] / "resources" / "procedures"
