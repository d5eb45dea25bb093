"""Hostile text (DESIGN §8): the Big List of Naughty Strings as applicant names and
addresses, as decision notes and as command-line notes. Nothing may crash, every string
is accounted for, and what was written reads back byte for byte.

A string may be refused, but only with a clear :class:`InvalidInput` (or, for a note,
the ordinary rule that a note cannot be blank); any other exception is a crash.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import pytest

from desktop.app import Services, open_services
from desktop.domain.cases import CaseRecord
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import InvalidInput, ReviewDeskError, RuleViolation
from desktop.domain.permissions import SYSTEM, Actor, Role
from desktop.domain.workflow import Status
from desktop.persistence.database import upgrade_database
from desktop.services.new_case import build_new_case
from tests.conftest import PASSWORD, FakeClock, Users
from tests.integration.helpers import FLU, MOVE_IN, audit_entries, create, move_in_fields
from tests.naughty import naughty_strings

REPO = Path(__file__).resolve().parents[2]



@pytest.fixture(scope="module")
def naughty() -> list[str]:
    strings = naughty_strings()
    assert isinstance(strings, list) and len(strings) > 400
    return strings


class Crashed(Exception):
    """Some inputs raised something other than a clear refusal."""


@dataclass
class Outcome:
    """Where each input went: kept (with its id), refused clearly, or crashed."""

    total: int
    kept: dict[int, int] = field(default_factory=dict)  # input index → case id
    refused: dict[int, str] = field(default_factory=dict)
    crashed: dict[int, str] = field(default_factory=dict)

    def record(self, index: int, attempt: Callable[[], int],
               clear: tuple[type[ReviewDeskError], ...] = (InvalidInput,)) -> None:
        try:
            self.kept[index] = attempt()
        except clear as error:
            self.refused[index] = error.message("en")
        except Exception as error:
            self.crashed[index] = f"{type(error).__name__}: {str(error).splitlines()[0][:120]}"

    def assert_accounted(self) -> None:
        assert len(self.kept) + len(self.refused) + len(self.crashed) == self.total
        assert not set(self.kept) & set(self.refused)

    def assert_no_crash(self) -> None:
        if self.crashed:
            sample = "; ".join(f"#{i}: {e}" for i, e in list(self.crashed.items())[:5])
            raise Crashed(f"{len(self.crashed)} of {self.total} inputs crashed: {sample}")



def _cases(services: Services, ids: Iterable[int]) -> dict[int, CaseRecord]:
    out = {}
    with services.ctx.uow() as uow:
        for i in ids:
            case = uow.cases.get(i)
            assert case is not None, i
            out[i] = case
    return out


# ------------------------------------------------------------- names and addresses


def _create_each(services: Services, actor: Actor, texts: list[str]) -> Outcome:
    outcome = Outcome(len(texts))
    for i, text in enumerate(texts):

        def attempt(text: str = text) -> int:
            return create(services, actor, MOVE_IN, applicant_name=text, address=text,
                          previous_address=text).id

        outcome.record(i, attempt)
    return outcome


def _check_names_and_addresses(services: Services, texts: list[str], outcome: Outcome) -> None:
    stored = _cases(services, outcome.kept.values())
    for index, case_id in outcome.kept.items():
        case, text = stored[case_id], texts[index]
        assert case.applicant_name == text, index
        assert case.fields["applicant_name"] == text, index
        assert case.fields["address"] == text, index
        assert case.fields["previous_address"] == text, index
    assert services.admin.stats(SYSTEM).total == len(outcome.kept)  # no case lost or doubled
    outcome.assert_accounted()


@pytest.mark.slow
def test_every_naughty_string_as_applicant_name_and_address(
        services: Services, users: Users, naughty: list[str], db_url: str,
        request: pytest.FixtureRequest) -> None:
    op = users.operator
    outcome = _create_each(services, op, naughty)
    _check_names_and_addresses(services, naughty, outcome)
    assert services.admin.verify_audit(SYSTEM).problem is None
    outcome.assert_no_crash()
    assert len(outcome.kept) == len(naughty)  # today nothing is refused: all are kept


TARGETED = {
    "nul in the middle": "山田\x00太郎",
    "nul alone": "\x00",
    "250 characters": "山" * 250,
    "key longer than the name": "\ufdfa" * 14,  # its match key: 15 characters each
}


@pytest.mark.parametrize("text", list(TARGETED.values()), ids=list(TARGETED))
def test_nul_and_overlong_names_are_kept_or_refused_clearly(
        services: Services, users: Users, db_url: str, request: pytest.FixtureRequest,
        text: str) -> None:
    op = users.operator
    outcome = _create_each(services, op, [text])
    _check_names_and_addresses(services, [text], outcome)
    outcome.assert_no_crash()


# ---------------------------------------------------------------------- decision notes


def _decide_each(services: Services, actor: Actor, texts: list[str]) -> Outcome:
    """Each text as a hold reason (even inputs) or as the facts of a rejection (odd)."""
    procedure = services.ctx.procedure(FLU)
    with services.ctx.uow(write=True) as uow:  # the cases themselves are not under test
        for i in range(len(texts)):
            new = build_new_case(procedure, {"applicant_name": "山田 花子"}, source="bulk",
                                 receipt_number=f"N-{i:05d}", received_at=services.ctx.now())
            services.cases.add(uow, actor, new, services.ctx.now())
        uow.commit()
    outcome = Outcome(len(texts))
    for i, text in enumerate(texts):
        case = services.queue.claim_next(actor, FLU)
        request = (DecisionRequest(DecisionKind.HOLD, note=text) if i % 2 == 0 else
                   DecisionRequest(DecisionKind.REJECT, ("not_resident",), note=text))

        def attempt(case_id: int = case.id, request: DecisionRequest = request) -> int:
            return services.review.decide(actor, case_id, request).id

        outcome.record(i, attempt, clear=(InvalidInput, RuleViolation))
    return outcome


def _check_notes(services: Services, texts: list[str], outcome: Outcome) -> None:
    stored = _cases(services, outcome.kept.values())
    with services.ctx.uow() as uow:
        decisions = {i: uow.cases.decisions(i) for i in outcome.kept.values()}
    decided: dict[int, list[str]] = {}
    for entry in audit_entries(services):
        if entry.action.startswith("decide_") and entry.case_id is not None:
            decided.setdefault(entry.case_id, []).append(entry.details["note"])
    for index, case_id in outcome.kept.items():
        text, case = texts[index], stored[case_id]
        assert [d.note for d in decisions[case_id]] == [text], index
        if index % 2 == 0:
            assert case.status == Status.ON_HOLD and case.hold_reason == text, index
        elif case.status == Status.AWAITING_DOUBLE_CHECK:
            assert case.pending is not None and case.pending.note == text, index
        else:
            assert case.status == Status.REJECTED, index
        assert decided[case_id] == [text], index
    for index in outcome.refused:  # only blank or unstorable (NUL) notes may be refused
        assert not texts[index].strip() or "U+0000" in outcome.refused[index], (
            index, outcome.refused[index])
    outcome.assert_accounted()


@pytest.mark.slow
def test_every_naughty_string_as_a_decision_note(
        services: Services, users: Users, naughty: list[str], db_url: str) -> None:
    op = users.operator
    outcome = _decide_each(services, op, naughty)
    _check_notes(services, naughty, outcome)
    assert services.admin.verify_audit(SYSTEM).problem is None
    outcome.assert_no_crash()
    assert len(outcome.refused) == sum(1 for s in naughty if not s.strip())


@pytest.mark.parametrize("text", ["保留\x00理由", "\x00"], ids=["nul in the middle", "nul alone"])
def test_nul_in_a_note_is_kept_or_refused_clearly(
        services: Services, users: Users, db_url: str, request: pytest.FixtureRequest,
        text: str) -> None:
    op = users.operator
    outcome = _decide_each(services, op, [text, text])  # as a hold reason and as facts
    _check_notes(services, [text, text], outcome)
    outcome.assert_no_crash()
    # Same answer on both databases: refused with the code point named, nothing saved.
    assert len(outcome.refused) == 2
    assert all("U+0000" in message for message in outcome.refused.values())


# ------------------------------------------------------------------ command-line notes


def _cli_sample(strings: list[str]) -> list[str]:
    """A spread of the list plus the hardest cases for a command line: control
    characters, terminal escapes, the longest, leading dashes. (Every string would take
    minutes: each command checks a password hash.) NUL cannot be in an argument."""
    hard = [s for s in strings if any(ord(c) < 32 or ord(c) == 0x7F for c in s)]
    hard += [max(strings, key=len)]
    hard += [s for s in strings if s.startswith("-")][:1]
    picked = [*dict.fromkeys(hard + strings[::128])]
    return [s for s in picked if "\x00" not in s]


@pytest.mark.slow
def test_naughty_strings_as_command_line_notes(
        services: Services, users: Users, naughty: list[str], db_url: str, clock: FakeClock,
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.cli import main

    clock.current = datetime.now(UTC)  # the command runs on the real clock
    op = users.operator
    sample = _cli_sample(naughty)
    assert len(sample) >= 10
    for key in [k for k in os.environ if k.startswith("REVIEW_DESK_")]:
        monkeypatch.delenv(key)
    monkeypatch.setenv("REVIEW_DESK_PASSWORD", PASSWORD)
    outcome = Outcome(len(sample))
    for i, text in enumerate(sample):
        case = create(services, op)
        services.queue.claim_next(op, MOVE_IN)

        def hold(case_number: str = case.number, text: str = text) -> int:
            code = main(["--db", db_url, "case", "decide", case_number, "--user", op.name,
                         "--decision", "hold", f"--note={text}", "--json"])
            captured = capsys.readouterr()
            assert "Traceback" not in captured.err
            if code != 0:
                line = captured.err.strip()
                assert "\n" not in line and line.startswith("review-desk: "), captured.err
                raise RuleViolation(line)
            printed = json.loads(captured.out)["case"]
            assert printed["hold_reason"] == text, text
            return int(printed["id"])

        outcome.record(i, hold, clear=(RuleViolation,))
    stored = _cases(services, outcome.kept.values())
    for index, case_id in outcome.kept.items():
        assert stored[case_id].hold_reason == sample[index], index
    for index in outcome.refused:
        assert not sample[index].strip(), (index, outcome.refused[index])
    outcome.assert_accounted()
    outcome.assert_no_crash()


def test_a_naughty_note_through_the_real_command(services: Services, users: Users,
                                                 naughty: list[str], db_url: str,
                                                 clock: FakeClock) -> None:
    clock.current = datetime.now(UTC)  # the command runs on the real clock
    op = users.operator
    text = next(s for s in naughty if "\x1b" in s)  # terminal escape sequences
    case = create(services, op)
    services.queue.claim_next(op, MOVE_IN)
    env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEW_DESK_")}
    env["REVIEW_DESK_PASSWORD"] = PASSWORD
    run = subprocess.run(
        [sys.executable, "-m", "desktop", "--db", db_url, "case", "decide", case.number,
         "--user", op.name, "--decision", "hold", "--note", text, "--json"],
        cwd=REPO, env=env, capture_output=True, encoding="utf-8", timeout=120)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert json.loads(run.stdout)["case"]["hold_reason"] == text
    assert services.review.show(op, case.id).case.hold_reason == text


def test_json_output_survives_a_cp932_console(tmp_path: Path) -> None:
    db = str(tmp_path / "review-desk.sqlite3")
    upgrade_database(db)
    services = open_services(db)
    try:
        op = services.admin.add_user(SYSTEM, "yoshino", Role.OPERATOR, PASSWORD)
        actor = Actor(op.id, op.name, op.display_name, op.role)
        created = services.cases.create(actor, MOVE_IN, move_in_fields(name="𠮷野 太郎"),
                                        source="web", receipt_number="CP932-1")
        env = {k: v for k, v in os.environ.items() if not k.startswith("REVIEW_DESK_")}
        env |= {"REVIEW_DESK_PASSWORD": PASSWORD, "PYTHONIOENCODING": "cp932"}
        run = subprocess.run(
            [sys.executable, "-m", "desktop", "--db", db, "queue", "next", "--user", "yoshino",
             "--procedure", MOVE_IN, "--json"],
            cwd=REPO, env=env, capture_output=True, timeout=120)
        assert b"Traceback" not in run.stderr
        assert run.returncode == 0, run.stderr.decode("cp932", "replace")
        printed = json.loads(run.stdout)["case"]
        assert printed["number"] == created.number
        assert printed["applicant"]["name"] == "𠮷野 太郎"
    finally:
        services.close()
