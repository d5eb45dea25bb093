"""The idle-lock setting: read by every workstation, changed only by an administrator,
every change audited; the ``review-desk settings idle-lock`` command."""

from __future__ import annotations

import pytest

from desktop.app import Services
from desktop.domain.audit import SYSTEM_STREAM, user_stream
from desktop.domain.errors import InvalidInput, PermissionDenied
from desktop.domain.permissions import SYSTEM, Role
from desktop.services.workstation_settings import (
    DEFAULT_IDLE_LOCK_MINUTES,
    IDLE_LOCK_KEY,
    MAX_IDLE_LOCK_MINUTES,
)
from tests.conftest import PASSWORD, Users
from tests.integration.helpers import audit_entries
from tests.integration.test_cli import run_main


def _changes(services: Services, stream: str) -> list[dict[str, object]]:
    return [e.details for e in audit_entries(services, stream=stream)
            if e.action == "setting_change"]


def test_unset_means_the_default(services: Services) -> None:
    assert services.workstation.idle_lock_minutes() == DEFAULT_IDLE_LOCK_MINUTES


def test_an_administrator_sets_it_and_the_change_is_audited(services: Services,
                                                            users: Users) -> None:
    admin = users.make(Role.ADMIN)
    assert services.workstation.set_idle_lock_minutes(admin, 5) == 5
    assert services.workstation.idle_lock_minutes() == 5
    assert services.workstation.set_idle_lock_minutes(admin, 0) == 0
    assert services.workstation.idle_lock_minutes() == 0  # 0 = never lock, not "unset"
    assert _changes(services, user_stream(admin.name)) == [
        {"key": IDLE_LOCK_KEY, "before": DEFAULT_IDLE_LOCK_MINUTES, "value": 5},
        {"key": IDLE_LOCK_KEY, "before": 5, "value": 0},
    ]
    assert services.admin.verify_audit(SYSTEM).problem is None


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.CHECKER, Role.SUPERVISOR,
                                  Role.PRINT_STAFF])
def test_other_roles_are_refused_and_the_refusal_is_audited(services: Services, users: Users,
                                                            role: Role) -> None:
    actor = users.make(role)
    with pytest.raises(PermissionDenied):
        services.workstation.set_idle_lock_minutes(actor, 1)
    assert services.workstation.idle_lock_minutes() == DEFAULT_IDLE_LOCK_MINUTES
    denied = [e for e in audit_entries(services, stream=user_stream(actor.name))
              if e.action == "permission_denied"]
    assert [e.details["permission"] for e in denied] == ["user.manage"]


@pytest.mark.parametrize("bad", [-1, MAX_IDLE_LOCK_MINUTES + 1, 2.5, True, "5"])
def test_values_out_of_range_are_refused_and_nothing_changes(services: Services,
                                                             bad: object) -> None:
    services.workstation.set_idle_lock_minutes(SYSTEM, 7)
    with pytest.raises(InvalidInput) as raised:
        services.workstation.set_idle_lock_minutes(SYSTEM, bad)  # type: ignore[arg-type]
    assert "0〜1440 分" in raised.value.message("ja")
    assert services.workstation.idle_lock_minutes() == 7
    assert len(_changes(services, SYSTEM_STREAM)) == 1


def test_a_damaged_stored_value_falls_back_to_the_default(services: Services) -> None:
    with services.ctx.uow(write=True) as uow:
        uow.settings.put(IDLE_LOCK_KEY, {"minutes": "ten"})
        uow.commit()
    assert services.workstation.idle_lock_minutes() == DEFAULT_IDLE_LOCK_MINUTES


def test_cli_shows_and_sets_the_idle_lock(services: Services, users: Users, db_url: str,
                                          capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shown = run_main(capsys, monkeypatch, db_url, "settings", "idle-lock")
    assert (shown.code, shown.out) == (0, f"自動ロック: {DEFAULT_IDLE_LOCK_MINUTES} 分\n")
    set_ = run_main(capsys, monkeypatch, db_url, "settings", "idle-lock", "15", lang="en")
    assert (set_.code, set_.out) == (0, "idle lock: 15 minutes\n")
    off = run_main(capsys, monkeypatch, db_url, "settings", "idle-lock", "0")
    assert (off.code, off.out) == (0, "自動ロック: しない\n")
    assert services.workstation.idle_lock_minutes() == 0

    bad = run_main(capsys, monkeypatch, db_url, "settings", "idle-lock", "-3")
    assert bad.code == 1 and "0〜1440 分" in bad.err and services.workstation.idle_lock_minutes() == 0

    operator = users.make(Role.OPERATOR)
    denied = run_main(capsys, monkeypatch, db_url, "settings", "idle-lock", "3",
                      "--user", operator.name, password=PASSWORD)
    assert denied.code == 5 and services.workstation.idle_lock_minutes() == 0
    admin = users.make(Role.ADMIN)
    by_admin = run_main(capsys, monkeypatch, db_url, "settings", "idle-lock", "3",
                        "--user", admin.name, password=PASSWORD)
    assert by_admin.code == 0 and services.workstation.idle_lock_minutes() == 3
    assert _changes(services, user_stream(admin.name)) == [
        {"key": IDLE_LOCK_KEY, "before": 0, "value": 3}]
