"""Composing a notice from one case record: pure Python over domain objects.

One function per notice template (decision, certificate, refusal, correction request,
reservation confirmation with counter sheets); the procedure's notice kind picks the
template (by key, else by the event it is printed on). Texts the law requires come
from the procedure file (reason ``legal_text``, 教示 variant) and the city file (basis,
contact, payment and validity rules); the resident's data is printed as written.

The individual number is never read here: no template refers to a ``mynumber`` field,
and :func:`compose` refuses a notice in which one of its digits-only values appears.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from desktop.domain.business_days import is_business_day
from desktop.domain.cases import CaseRecord, DecisionRecord
from desktop.domain.era import format_era_date, parse_date
from desktop.domain.errors import InvalidInput, ReviewDeskError
from desktop.domain.japanese_text import digits_key, format_postal_code
from desktop.domain.procedures import NoticeKind, Procedure
from desktop.notices.config import CitySettings, ProcedureNoticeSettings
from desktop.notices.content import (
    Block,
    Box,
    Centered,
    Contact,
    Item,
    Items,
    NoticeContent,
    Numbered,
    Para,
    Part,
    Spacer,
    T,
    Table,
)

JST = ZoneInfo("Asia/Tokyo")


class NoticeDataError(ReviewDeskError):
    """The case lacks something its notice must say (``params``: ``case``, ``field``)."""

    code = "notice_data_missing"


def fiscal_year(d: date) -> int:
    """Japanese fiscal year (April to March) of *d*."""
    return d.year if d.month >= 4 else d.year - 1


class _Ctx:
    """What every template needs, with helpers that name the field in errors."""

    def __init__(self, kind: NoticeKind, case: CaseRecord, procedure: Procedure,
                 decisions: Sequence[DecisionRecord], issued_on: date, city: CitySettings,
                 ) -> None:
        self.kind = kind
        self.case = case
        self.procedure = procedure
        self.decisions = decisions
        self.issued_on = issued_on
        self.city = city
        self.local: ProcedureNoticeSettings = city.procedure(procedure.code)

    def date(self, d: date) -> str:
        return format_era_date(d, with_western=self.city.western_year)

    def raw(self, field_id: str | None) -> str:
        if not field_id:
            return ""
        value = self.case.fields.get(field_id)
        if value is None or isinstance(value, bool):
            return ""
        return _clean(str(value))

    def label(self, field_id: str) -> str:
        try:
            return self.procedure.field(field_id).label
        except KeyError:
            return field_id

    def required(self, field_id: str) -> T:
        value = self.raw(field_id)
        if not value:
            label = self.label(field_id)
            raise NoticeDataError(
                f"案件 {self.case.number} の「{label}」（{field_id}）が空のため、"
                f"「{self.kind.title}」を作成できません",
                f"case {self.case.number}: '{field_id}' is empty, so the notice "
                f"'{self.kind.title_en}' cannot be made",
                case=self.case.number, field=field_id,
            )
        return T(value, field_id)

    def date_field(self, field_id: str) -> T:
        """A date the resident wrote, in the notice's era style (as written if unreadable)."""
        value = self.required(field_id)
        try:
            return T(self.date(parse_date(value.text)), field_id)
        except InvalidInput:
            return value

    def optional_date(self, field_id: str) -> T | None:
        return self.date_field(field_id) if self.raw(field_id) else None

    def applied_on(self) -> str:
        return self.date(self.case.received_at.astimezone(JST).date())

    def decision(self, kind: str) -> DecisionRecord:
        for d in reversed(self.decisions):
            if d.kind == kind:
                return d
        raise NoticeDataError(
            f"案件 {self.case.number} に「{kind}」の決定記録がないため、"
            f"「{self.kind.title}」を作成できません",
            f"case {self.case.number} has no '{kind}' decision for '{self.kind.title_en}'",
            case=self.case.number, field=f"decision:{kind}",
        )

    def city_text(self, key: str, value: str) -> T:
        return T(value, f"city.{self.procedure.code}.{key}")


def _clean(text: str) -> str:
    """Line breaks and tabs in a value become spaces; everything else prints as written."""
    return " ".join(text.replace("\t", " ").splitlines()).strip()


def _contact(c: _Ctx) -> Contact:
    loc = c.local
    return Contact((
        T("【問い合わせ先】", "template"),
        c.city_text("section", loc.section),
        c.city_text("address", loc.address),
        T(f"電話　{loc.phone}", f"city.{c.procedure.code}.phone"),
        T(f"受付時間　{loc.hours}", f"city.{c.procedure.code}.hours"),
    ))


def _reasons(c: _Ctx, codes: Sequence[str], defects: bool) -> list[T]:
    out = []
    for code in codes:
        reason = c.procedure.defect(code) if defects else c.procedure.refusal(code)
        if reason is None:
            raise NoticeDataError(
                f"案件 {c.case.number} の理由コード「{code}」は手続定義にありません",
                f"case {c.case.number}: reason code '{code}' is not in the procedure",
                case=c.case.number, field=f"reason:{code}",
            )
        out.append(T(reason.legal_text, f"{'defect' if defects else 'reason'}:{code}"))
    return out


# --------------------------------------------------------------------------- templates


def _refusal(c: _Ctx) -> list[Block]:
    d = c.decision("reject")
    admin = c.procedure.is_administrative_decision
    outcome = "申請を却下する" if admin else "助成金を交付しない"
    blocks: list[Block] = [
        Para(T(f"{c.applied_on()}付けで申請のあった{c.procedure.name}について、"
               f"{c.local.basis}の規定に基づき審査した結果、下記の理由により{outcome}ことに"
               "決定したので通知します。", "template")),
        Centered(T("記", "template")),
        Items((
            Item(T("申請年月日", "template"), T(c.applied_on(), "received_at")),
            Item(T("申請者", "template"), c.required(c.procedure.applicant.name)),
            Item(T("決定の内容", "template"),
                 T("却下" if admin else "不交付", "template")),
        )),
        Box(T("理由", "template"), (
            Numbered(tuple(_reasons(c, d.reasons, defects=False))),
            Para(T("（理由となる事実）", "template"), indent=False),
            Para(T(_clean(d.note), "decision.note")),
        )),
    ]
    appeal = c.procedure.appeal.render(defendant=c.city.defendant)
    if c.procedure.appeal.variant != "none" and appeal.strip():
        lines = [ln.strip() for ln in appeal.splitlines() if ln.strip()]
        blocks.append(Box(T("教示", "template"), tuple(
            Para(T(ln, f"appeal.{c.procedure.code}"), indent=False, hang=1.0)
            for ln in lines)))
    return blocks


def _correction(c: _Ctx) -> list[Block]:
    d = c.decision("return")
    deadline = d.deadline or c.case.correction_deadline
    if deadline is None:
        raise NoticeDataError(f"案件 {c.case.number} に補正期限がありません",
                              f"case {c.case.number} has no correction deadline",
                              case=c.case.number, field="correction_deadline")
    defects: list[Block] = [Numbered(tuple(_reasons(c, d.reasons, defects=True)))]
    if d.note.strip():
        defects.append(Para(T(f"（補足）{_clean(d.note)}", "decision.note"), indent=False))
    return [
        Para(T(f"{c.applied_on()}付けで申請のあった{c.procedure.name}について、"
               "下記の事項に不備がありますので、補正期限までに補正してください"
               "（行政手続法第7条）。", "template")),
        Centered(T("記", "template")),
        Box(T("補正を求める事項", "template"), tuple(defects)),
        Items((
            Item(T("補正期限", "template"), T(c.date(deadline), "correction_deadline")),
            Item(T("提出先", "template"), c.city_text("section", c.local.section),
                 (c.city_text("address", c.local.address),)),
            Item(T("期限までに補正がない場合", "template"),
                 c.city_text("correction_consequence", c.local.correction_consequence)),
        )),
    ]


def _validity(c: _Ctx) -> str:
    loc = c.local
    if loc.valid_from is None or loc.valid_until is None:
        raise NoticeDataError(
            f"市設定 [procedures.{c.procedure.code}] に有効期間（valid_from / valid_until）"
            "がありません",
            f"city settings [procedures.{c.procedure.code}] lack valid_from / valid_until",
            case=c.case.number, field=f"city.{c.procedure.code}.valid_from",
        )
    fy = fiscal_year(c.issued_on)
    start = date(fy if loc.valid_from[0] >= 4 else fy + 1, *loc.valid_from)
    end = date(fy if loc.valid_until[0] >= 4 else fy + 1, *loc.valid_until)
    return f"{c.date(start)}から{c.date(end)}まで"


def _certificate(c: _Ctx) -> list[Block]:
    a = c.procedure.applicant
    items = [
        Item(T("氏名", "template"), c.required(a.name)),
        Item(T("生年月日", "template"), c.date_field(a.birth_date)),
        Item(T("住所", "template"), c.required(a.address)),
        Item(T("対象区分", "template"), c.required("eligibility_basis")),
        Item(T("有効期間", "template"), T(_validity(c), "city.valid_period")),
    ]
    blocks: list[Block] = [
        Para(T("あなたは、インフルエンザ予防接種の自己負担金が免除される対象者であることを"
               f"確認しました（{c.local.basis}）。", "template")),
        Centered(T("記", "template")),
        Items(tuple(items)),
    ]
    if c.local.certificate_notes:
        blocks.append(Box(T("注意事項", "template"), (Numbered(tuple(
            c.city_text("certificate_notes", n) for n in c.local.certificate_notes)),)))
    return blocks


def payment_date(c_local: ProcedureNoticeSettings, issued_on: date) -> date:
    """The payment day of the month(s) after *issued_on*, moved back to a business day."""
    assert c_local.payment_day is not None
    month = issued_on.month - 1 + c_local.payment_months_after
    d = date(issued_on.year + month // 12, month % 12 + 1, c_local.payment_day)
    while not is_business_day(d):
        d -= timedelta(days=1)
    return d


def _money(t: T) -> T:
    try:
        amount = int(digits_key(t.text) or "x")
    except ValueError:
        return t
    return T(f"金{amount:,}円", t.field)


def _decision(c: _Ctx) -> list[Block]:
    """A grant decision (交付決定通知書): amount, payment date, what it covers."""
    fields = {f.id: f for f in c.procedure.fields}
    items: list[Item] = []
    money = next((f.id for f in c.procedure.fields if f.type == "money"), None)
    if money:
        items.append(Item(T("交付決定額", "template"), _money(c.required(money))))
    if c.local.payment_day is not None:
        items.append(Item(T("支払予定日", "template"),
                          T(c.date(payment_date(c.local, c.issued_on)),
                            f"city.{c.procedure.code}.payment_day")))
    if "student_name" in fields:
        student = c.required("student_name")
        school = c.raw("school_name")
        items.append(Item(T("対象生徒", "template"),
                          T(f"{student.text}（{school}）" if school else student.text,
                            "student_name")))
    legs = []
    for n in (1, 2, 3):
        frm, to = c.raw(f"leg{n}_from"), c.raw(f"leg{n}_to")
        if frm and to:
            op = c.raw(f"leg{n}_operator")
            legs.append(T(f"{op}　{frm}～{to}".strip(), f"leg{n}"))
    if legs:
        items.append(Item(T("通学定期券の区間", "template"), legs[0], tuple(legs[1:])))
    start, end = c.optional_date("pass_period_start"), c.optional_date("pass_period_end")
    if start and end:
        items.append(Item(T("定期券の有効期間", "template"),
                          T(f"{start.text}から{end.text}まで", "pass_period")))
    if c.raw("bank_name"):
        account = digits_key(c.raw("account_number"))
        masked = "＊" * max(len(account) - 3, 0) + account[-3:]
        items.append(Item(T("振込先", "template"), T(
            f"{c.raw('bank_name')}　{c.raw('branch_name')}　{c.raw('account_type')}　{masked}",
            "bank_account")))
    return [
        Para(T(f"{c.applied_on()}付けで申請のあった{c.procedure.name}について、"
               f"下記のとおり交付することに決定したので、{c.local.basis}の規定により"
               "通知します。", "template")),
        Centered(T("記", "template")),
        Items(tuple(items)),
    ]


def _requested_procedures(c: _Ctx) -> list[T]:
    seen: list[T] = []
    for n in range(1, 7):
        value = c.raw(f"procedure_{n}")
        if value and value not in [s.text for s in seen]:
            seen.append(T(value, f"procedure_{n}"))
    return seen


def _reservation(c: _Ctx) -> list[Block]:
    procs = _requested_procedures(c)
    if not procs:
        raise NoticeDataError(f"案件 {c.case.number} に予約した手続がありません",
                              f"case {c.case.number} reserves no procedure",
                              case=c.case.number, field="procedure_1")
    visit = c.date_field("preferred_visit_date")
    time = c.raw("preferred_visit_time")
    items = [
        Item(T("予約番号", "template"), T(c.case.number, "case.number")),
        Item(T("来庁予定日", "template"),
             T(f"{visit.text}　{time}" if time else visit.text, "preferred_visit_date")),
        Item(T("来庁場所", "template"), c.city_text("counter", c.local.counter)),
        Item(T("転入（予定）日", "template"), c.date_field("move_in_date")),
        Item(T("異動する人数", "template"),
             T(f"{c.raw('household_members') or '1'}人", "household_members")),
        Item(T("予約した手続", "template"), procs[0], tuple(procs[1:])),
    ]
    blocks: list[Block] = [
        Para(T("転入手続の事前予約を、下記のとおり受け付けました。来庁の際は、この確認書と"
               "同封の窓口用シートをお持ちください。窓口では、本人確認と署名のみで手続が"
               "できます。", "template")),
        Centered(T("記", "template")),
        Items(tuple(items)),
    ]
    if c.local.bring:
        blocks.append(Box(T("お持ちいただくもの", "template"), (Numbered(tuple(
            c.city_text("bring", b) for b in c.local.bring)),)))
    return blocks


def _counter_sheet(c: _Ctx, proc: T) -> Part:
    a = c.procedure.applicant
    postal = format_postal_code(c.raw(a.postal_code)) if c.raw(a.postal_code) else ""
    rows: list[tuple[T, T, float]] = [
        (T("予約番号", "template"), T(c.case.number, "case.number"), 0),
        (T("手続", "template"), proc, 0),
        (T("届出人氏名", "template"), c.required(a.name), 0),
        (T("フリガナ", "template"), T(c.raw(a.kana), a.kana), 0),
        (T("生年月日", "template"), c.date_field(a.birth_date), 0),
        (T("新住所", "template"), T(f"〒{postal}　{c.raw(a.address)}", a.address), 0),
        (T("前住所", "template"), T(c.raw("previous_address"), "previous_address"), 0),
        (T("転入（予定）日", "template"), c.date_field("move_in_date"), 0),
        (T("異動する人数", "template"),
         T(f"{c.raw('household_members') or '1'}人", "household_members"), 0),
        (T("電話番号", "template"), T(c.raw(a.phone) if a.phone else "", "phone"), 0),
        (T("来庁予定日", "template"), c.date_field("preferred_visit_date"), 0),
        (T("届出人署名", "template"), T("", "signature"), 16.0),
    ]
    return Part(T(f"窓口用シート　{proc.text}", proc.field), (
        Para(T("この用紙は窓口で使用します。記入済みの内容に誤りがないか確認し、"
               "署名欄に署名してお持ちください。", "template")),
        Table(tuple(rows)),
        Spacer(3.0),
        Box(T("窓口記入欄（職員使用）", "template"), (
            Para(T("本人確認：□運転免許証　□マイナンバーカード　□旅券　□その他（　　　　　）",
                   "template"), indent=False),
            Para(T("受付日：　　年　　月　　日　　受付者：　　　　　　確認者：", "template"),
                 indent=False),
        )),
    ))


_TEMPLATES: dict[str, Callable[[_Ctx], list[Block]]] = {
    "decision": _decision,
    "certificate": _certificate,
    "refusal": _refusal,
    "correction_request": _correction,
    "reservation_confirmation": _reservation,
}
_BY_EVENT: dict[str, Callable[[_Ctx], list[Block]]] = {
    "approved": _decision,
    "rejected": _refusal,
    "returned": _correction,
    "reserved": _reservation,
}


def compose(kind_key: str, case: CaseRecord, procedure: Procedure,
            decisions: Sequence[DecisionRecord], issued_on: date, city: CitySettings, *,
            reissue: bool = False) -> NoticeContent:
    """The content of notice *kind_key* for *case* (raises :class:`NoticeDataError`)."""
    kind = next((k for k in procedure.notices if k.key == kind_key), None)
    if kind is None:
        raise NoticeDataError(
            f"手続「{procedure.name}」に通知の種類「{kind_key}」はありません",
            f"procedure {procedure.code} has no notice kind '{kind_key}'",
            case=case.number, field="notice.kind",
        )
    c = _Ctx(kind, case, procedure, decisions, issued_on, city)
    template = _TEMPLATES.get(kind.key) or _BY_EVENT[kind.on]
    blocks = template(c)
    blocks += [Spacer(4.0), _contact(c)]
    parts = [Part(T(kind.title, f"procedure.{procedure.code}.notices.{kind.key}"),
                  tuple(blocks))]
    if template is _reservation:
        parts += [_counter_sheet(c, p) for p in _requested_procedures(c)]
    a = procedure.applicant
    postal_raw = c.raw(a.postal_code)
    try:
        postal = format_postal_code(postal_raw)
    except InvalidInput:
        raise NoticeDataError(
            f"案件 {case.number} の郵便番号「{postal_raw}」が正しくないため、宛名を印刷できません",
            f"case {case.number}: postal code '{postal_raw}' is not valid; cannot address "
            "the notice", case=case.number, field=a.postal_code) from None
    content = NoticeContent(
        case_id=case.id, case_number=case.number, kind=kind.key,
        postal_code=T(f"〒{postal}", a.postal_code), address=c.required(a.address),
        name=c.required(a.name), date_text=T(c.date(issued_on), "issued_on"),
        issuer=T(city.issuer, "city.issuer"), seal=city.seal, parts=tuple(parts),
        reissue=reissue,
        document_prefix_sample=T(city.format_document_number(procedure.code, 2026, 0),
                                 "city.document_number"),
    )
    _refuse_individual_number(case, procedure, content)
    return content


def _refuse_individual_number(case: CaseRecord, procedure: Procedure,
                              content: NoticeContent) -> None:
    """Belt and braces: a notice never carries a value of a ``mynumber`` field."""
    numbers = [digits_key(str(case.fields.get(f.id) or "")) for f in procedure.fields
               if f.type == "mynumber"]
    numbers = [n for n in numbers if len(n) >= 12]
    if not numbers:
        return
    texts = [content.address.text, content.name.text]
    for part in content.parts:
        texts += _texts(part.blocks)
    for n in numbers:
        if any(n in digits_key(unicodedata.normalize("NFKC", t)) for t in texts):
            raise NoticeDataError(
                f"案件 {case.number} の通知に個人番号が含まれるため作成しません",
                f"case {case.number}: the notice would contain the individual number",
                case=case.number, field="mynumber")


def _texts(blocks: Sequence[Block]) -> list[str]:
    out: list[str] = []
    for b in blocks:
        if isinstance(b, Para | Centered):
            out.append(b.text.text)
        elif isinstance(b, Items):
            for i in b.items:
                out += [i.label.text, i.value.text, *(m.text for m in i.more)]
        elif isinstance(b, Numbered):
            out += [e.text for e in b.entries]
        elif isinstance(b, Box):
            out += [b.heading.text, *_texts(b.blocks)]
        elif isinstance(b, Table):
            for label, value, _ in b.rows:
                out += [label.text, value.text]
        elif isinstance(b, Contact):
            out += [ln.text for ln in b.lines]
    return out


__all__ = ["NoticeDataError", "compose", "fiscal_year", "payment_date"]
