"""The audit log (DESIGN §3): every state change and every view is written in the same
transaction as the change, and the hash chains reveal any edit or deletion."""

from __future__ import annotations

import threading
from collections import Counter

import pytest
from sqlalchemy import delete, update

from desktop.app import Services
from desktop.domain.audit import entry_hash
from desktop.domain.decisions import DecisionKind, DecisionRequest
from desktop.domain.errors import PermissionDenied, RuleViolation
from desktop.domain.permissions import SYSTEM, Actor, Role
from desktop.domain.workflow import Stage, Status
from desktop.persistence.audit_repository import SqlAuditLog
from desktop.persistence.case_repository import SqlCaseRepository
from desktop.persistence.models import AuditEntry
from desktop.services.admin import AuditReport
from tests.conftest import FakeClock, Users
from tests.integration.helpers import (
    COMMUTER,
    MOVE_IN,
    actions,
    audit_entries,
    create,
    current,
    raw_connection,
    tick_required,
)

K = DecisionKind


def _verify(services: Services) -> AuditReport:
    return services.admin.verify_audit(SYSTEM)


def _non_view_entries(services: Services, case_id: int) -> int:
    return sum(1 for e in audit_entries(services, case_id=case_id) if e.action != "view")


# ------------------------------------------------------------------ what gets written


def test_every_step_of_a_double_checked_flow_is_audited(services: Services,
                                                        users: Users) -> None:
    first, checker = users.make(Role.CHECKER), users.make(Role.CHECKER)
    procedure = services.ctx.procedure(COMMUTER)
    case = create(services, first, COMMUTER)
    case = tick_required(services, first, services.queue.claim_next(first, COMMUTER))
    services.review.decide(first, case.id, DecisionRequest(K.APPROVE))
    case = services.queue.claim_next(checker, COMMUTER, Stage.DOUBLE_CHECK)
    case = tick_required(services, checker, case, Stage.DOUBLE_CHECK)
    final = services.review.decide(checker, case.id, DecisionRequest(K.CONFIRM))
    detail = services.review.show(checker, case.id)

    assert actions(services, case.id) == Counter({
        "create": 1,
        "claim": 2,
        "check": len(procedure.required_items(Stage.FIRST_REVIEW))
        + len(procedure.required_items(Stage.DOUBLE_CHECK)),
        "decide_approve": 1,
        "decide_confirm": 1,
        "view": 1,
    })
    # one entry per change of the case: the version counts the changes
    assert _non_view_entries(services, case.id) == final.version
    entries = audit_entries(services, case_id=case.id)
    assert {e.stream for e in entries} == {f"case:{case.id}"}
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    by_action = {e.action: e for e in entries}
    assert by_action["decide_approve"].details["to"] == "awaiting_double_check"
    assert by_action["decide_approve"].actor == first.name
    assert by_action["decide_confirm"].details["from"] == "in_double_check"
    assert by_action["decide_confirm"].details["to"] == "approved"
    assert by_action["decide_confirm"].actor == checker.name
    # the reviewer sees the history, including their own view
    assert [h.action for h in detail.history] == [e.action for e in entries]
    assert _verify(services).problem is None


def test_side_paths_are_audited(services: Services, users: Users, clock: FakeClock) -> None:
    op, other, sv = users.operator, users.operator, users.supervisor
    case = create(services, op)
    services.queue.claim_next(op, MOVE_IN)
    services.queue.release(op, case.id)
    services.queue.assign(sv, case.id, other.name)
    services.review.decide(other, case.id, DecisionRequest(K.HOLD, note="照会中"))
    services.review.resume(sv, case.id)
    services.queue.claim_next(op, MOVE_IN)
    clock.advance(minutes=20)
    assert services.queue.sweep_expired_leases() == 1
    services.queue.claim_next(other, MOVE_IN)
    services.review.decide(other, case.id, DecisionRequest(K.RETURN, ("contact_missing",)))
    final = services.review.withdraw(sv, case.id, "取下書の提出")
    assert final.status == Status.WITHDRAWN

    assert actions(services, case.id) == Counter({
        "create": 1, "claim": 3, "release": 1, "assign": 1, "decide_hold": 1, "resume": 1,
        "lease_expired": 1, "decide_return": 1, "withdraw": 1,
    })
    assert _non_view_entries(services, case.id) == final.version
    hold = next(e for e in audit_entries(services, case_id=case.id) if e.action == "decide_hold")
    assert hold.details["note"] == "照会中" and hold.actor == other.name
    assert _verify(services).problem is None


def test_a_view_of_personal_data_is_audited(services: Services, users: Users) -> None:
    op, printer = users.operator, users.print_staff
    case = create(services, op)
    services.review.show(printer, case.id)
    services.review.show(op, case.id)
    views = [e for e in audit_entries(services, case_id=case.id) if e.action == "view"]
    assert [(v.actor, v.stream) for v in views] == [(printer.name, f"case:{case.id}"),
                                                    (op.name, f"case:{case.id}")]
    assert current(services, case.id).version == case.version  # a view changes nothing


def test_refused_actions_write_no_state_change(services: Services, users: Users) -> None:
    op = users.operator
    case = create(services, op)
    case = services.queue.claim_next(op, MOVE_IN)
    before = audit_entries(services, case_id=case.id)
    with pytest.raises(RuleViolation):
        services.review.decide(op, case.id, DecisionRequest(K.APPROVE))
    with pytest.raises(RuleViolation):
        services.review.decide(op, case.id, DecisionRequest(K.REJECT))
    with pytest.raises(PermissionDenied):
        services.review.decide(op, case.id, DecisionRequest(K.CONFIRM))
    assert audit_entries(services, case_id=case.id) == before
    # the permission refusal is recorded against the person, not the case
    denied = audit_entries(services, stream=f"user:{op.name}")
    assert [(e.action, e.case_id) for e in denied] == [("permission_denied", None)]
    assert _verify(services).problem is None


def test_a_state_change_is_not_saved_when_its_audit_entry_fails(
        services: Services, users: Users, monkeypatch: pytest.MonkeyPatch) -> None:
    op = users.operator
    case = create(services, op)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("audit log unavailable")

    with monkeypatch.context() as m:
        m.setattr(SqlAuditLog, "append", broken)
        with pytest.raises(RuntimeError):
            services.queue.claim_next(op, MOVE_IN)
    after = current(services, case.id)
    assert after.status == Status.RECEIVED and after.holder_id is None
    assert after.version == case.version


def test_the_audit_entry_is_not_saved_when_the_change_fails(
        services: Services, users: Users, monkeypatch: pytest.MonkeyPatch) -> None:
    op = users.operator
    create(services, op)
    case = tick_required(services, op, services.queue.claim_next(op, MOVE_IN))
    before = audit_entries(services, case_id=case.id)

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk full")

    with monkeypatch.context() as m:
        m.setattr(SqlCaseRepository, "add_decision", broken)
        with pytest.raises(RuntimeError):
            services.review.decide(op, case.id, DecisionRequest(K.APPROVE))
    assert audit_entries(services, case_id=case.id) == before
    assert current(services, case.id).status == Status.IN_FIRST_REVIEW
    assert services.review.show(op, case.id).decisions == []


def test_verify_needs_the_permission(services: Services, users: Users) -> None:
    op = users.operator
    with pytest.raises(PermissionDenied):
        services.admin.verify_audit(op)
    assert services.admin.verify_audit(users.admin).problem is None


# --------------------------------------------------------------------------- tampering


def _flow(services: Services, users: Users) -> list[int]:
    """Two decided cases, a refusal on a user stream: several chains to tamper with."""
    op = users.make(Role.OPERATOR, "tanaka")
    ids = []
    for _ in range(2):
        case = create(services, op)
        case = tick_required(services, op, services.queue.claim_next(op, MOVE_IN))
        services.review.decide(op, case.id, DecisionRequest(K.APPROVE))
        ids.append(case.id)
    with pytest.raises(PermissionDenied):
        services.queue.assign(op, ids[0], op.name)
    report = _verify(services)
    assert report.problem is None
    assert report.entries == len(audit_entries(services))
    return ids


def _stream(services: Services, stream: str) -> list[tuple[int, int]]:
    return [(e.id, e.seq) for e in audit_entries(services, stream=stream)]


def test_clean_after_a_flow(services: Services, users: Users) -> None:
    _flow(services, users)
    report = _verify(services)
    assert report.problem is None and report.entries > 10


def test_changed_details_are_found(services: Services, users: Users, db_url: str) -> None:
    first, _ = _flow(services, users)
    entries = audit_entries(services, case_id=first)
    target = next(e for e in entries if e.action == "check")
    with raw_connection(db_url) as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.id == target.id)
                     .values(details={**target.details, "item": "no_duplicate_reservation"}))
    problem = _verify(services).problem
    assert problem is not None
    assert (problem.entry_id, problem.stream, problem.seq) == (target.id, f"case:{first}",
                                                                target.seq)
    assert "altered" in problem.reason_en and "改ざん" in problem.reason_ja


def test_changed_actor_is_found(services: Services, users: Users, db_url: str) -> None:
    first, _ = _flow(services, users)
    target = next(e for e in audit_entries(services, case_id=first)
                  if e.action == "decide_approve")
    with raw_connection(db_url) as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.id == target.id)
                     .values(actor="someone_else"))
    problem = _verify(services).problem
    assert problem is not None and problem.entry_id == target.id


def test_rehashed_entry_breaks_the_next_link(services: Services, users: Users,
                                             db_url: str) -> None:
    # An editor who knows the hash recipe recomputes the edited entry's hash; the entry
    # after it still points at the old hash.
    first, _ = _flow(services, users)
    entries = audit_entries(services, case_id=first)
    target, following = entries[2], entries[3]
    details = {**target.details, "checked": False}
    forged = entry_hash(target.prev_hash, stream=target.stream, seq=target.seq, at=target.at,
                        actor=target.actor, action=target.action, case_id=target.case_id,
                        details=details)
    with raw_connection(db_url) as conn:
        conn.execute(update(AuditEntry).where(AuditEntry.id == target.id)
                     .values(details=details, hash=forged))
    problem = _verify(services).problem
    assert problem is not None
    assert problem.entry_id == following.id and "previous-hash" in problem.reason_en


def test_deleted_middle_entry_is_found(services: Services, users: Users, db_url: str) -> None:
    _, second = _flow(services, users)
    stream = f"case:{second}"
    entries = _stream(services, stream)
    (_gone_id, gone_seq), (next_id, next_seq) = entries[2], entries[3]
    with raw_connection(db_url) as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.id == _gone_id))
    problem = _verify(services).problem
    assert problem is not None
    assert (problem.stream, problem.entry_id, problem.seq) == (stream, next_id, next_seq)
    assert f"expected {gone_seq}" in problem.reason_en
    assert "連番" in problem.reason_ja


def test_deleted_last_entry_of_a_stream_is_found(services: Services, users: Users,
                                                 db_url: str) -> None:
    first, _ = _flow(services, users)
    stream = f"case:{first}"
    entries = _stream(services, stream)
    with raw_connection(db_url) as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.id == entries[-1][0]))
    problem = _verify(services).problem
    assert problem is not None
    assert problem.stream == stream
    assert problem.entry_id == entries[-2][0]  # the chain now ends one entry early
    assert "removed" in problem.reason_en and "削除" in problem.reason_ja


def test_deleted_stream_is_found(services: Services, users: Users, db_url: str) -> None:
    _flow(services, users)
    with raw_connection(db_url) as conn:
        conn.execute(delete(AuditEntry).where(AuditEntry.stream == "user:tanaka"))
    problem = _verify(services).problem
    assert problem is not None
    assert problem.stream == "user:tanaka" and "removed" in problem.reason_en


def test_the_first_broken_entry_is_reported(services: Services, users: Users,
                                            db_url: str) -> None:
    first, second = _flow(services, users)
    early = audit_entries(services, case_id=first)[1]
    late = audit_entries(services, case_id=second)[1]
    assert early.id < late.id
    with raw_connection(db_url) as conn:
        for entry in (late, early):
            conn.execute(update(AuditEntry).where(AuditEntry.id == entry.id)
                         .values(details={**entry.details, "x": 1}))
    problem = _verify(services).problem
    assert problem is not None and problem.entry_id == early.id


# ------------------------------------------------------------------------ concurrency


class Crashed(Exception):
    """Some concurrent calls failed with something other than the expected refusal."""


def test_a_new_stream_written_by_several_workstations_at_once(
        services: Services, users: Users, db_url: str, request: pytest.FixtureRequest) -> None:
    workstations, rounds = 6, 4
    create(services, users.operator)
    unexpected: list[str] = []
    for _ in range(rounds):
        printer = users.print_staff  # a new person: a new audit stream "user:<name>"
        start = threading.Barrier(workstations)

        def attempt(printer: Actor = printer, start: threading.Barrier = start) -> None:
            start.wait()
            try:
                services.queue.claim_next(printer, MOVE_IN)
            except PermissionDenied:
                pass
            except Exception as error:
                unexpected.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")

        threads = [threading.Thread(target=attempt) for _ in range(workstations)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        if not unexpected:
            denied = audit_entries(services, stream=f"user:{printer.name}")
            assert len(denied) == workstations  # every refusal recorded, none lost
    if unexpected:
        raise Crashed(f"{len(unexpected)} of {workstations * rounds}: {unexpected[0]}")
    assert _verify(services).problem is None
