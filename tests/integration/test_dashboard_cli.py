"""``review-desk stats --json --dashboard``: the dashboard's figures for scripts."""

from __future__ import annotations

import json

import pytest

from desktop.app import Services
from desktop.cli import main
from desktop.domain.permissions import SYSTEM
from tests.conftest import Users
from tests.integration.helpers import MOVE_IN, create


def test_stats_json_carries_the_dashboard_figures(services: Services, users: Users,
                                                  db_url: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    sv = users.supervisor
    for _ in range(3):
        create(services, sv)
    held = services.queue.claim_next(users.operator, MOVE_IN)
    assert main(["--db", db_url, "stats", "--json", "--dashboard"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["total"] == 3 and data["procedures"][MOVE_IN]["received"] == 2
    figures = data["dashboard"]
    move_in = figures["procedures"][MOVE_IN]["first_review"]
    assert (move_in["waiting"], move_in["in_progress"]) == (2, 1)
    assert figures["ageing"][MOVE_IN]["open"] == 3
    assert sum(figures["ageing"][MOVE_IN]["business_days"].values()) == 3
    assert [h["case"] for h in figures["held"]] == [held.number]
    assert len(figures["backlog"][MOVE_IN]) == 30 and len(figures["decisions_per_hour"]) == 24
    # the same figures as the service's (the CLI runs on the real clock: compare shapes)
    snapshot = services.dashboard.snapshot(SYSTEM)
    assert set(figures["procedures"]) == {p.procedure_code for p in snapshot.procedures}
    assert main(["--db", db_url, "stats", "--json"]) == 0
    assert "dashboard" not in json.loads(capsys.readouterr().out)
