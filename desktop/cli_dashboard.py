"""``review-desk stats --json``: the dashboard's figures for scripts (key ``dashboard``
beside the per-status counts; shape documented in the README, "JSON output")."""

from __future__ import annotations

from typing import Any

from desktop.services.dashboard_figures import AGE_BUCKETS, DashboardSnapshot, OperatorPeriod


def _bucket_names() -> list[str]:
    return [f"{low}-{high}" if high is not None else f"{low}+" for low, high in AGE_BUCKETS]


def _period(p: OperatorPeriod) -> dict[str, Any]:
    return {
        "decided": p.decided,
        "median_handling_seconds": p.median_handling_seconds,
        "first_review_decisions": p.first_review_decisions,
        "returned": p.returned,
        "return_rate": p.return_rate,
        "double_checked": p.checked,
        "sent_back": p.sent_back,
        "defect_rate": p.defect_rate,
    }


def dashboard_json(s: DashboardSnapshot) -> dict[str, Any]:
    """Every figure of one dashboard refresh as plain JSON values (times ISO, UTC)."""
    names = _bucket_names()
    return {
        "taken_at": s.taken_at.isoformat(),
        "today": s.today.isoformat(),
        "week_start": s.week_start.isoformat(),
        "procedures": {
            p.procedure_code: {
                "first_review": {"waiting": p.first_review.waiting,
                                 "in_progress": p.first_review.in_progress,
                                 "decided_today": p.first_review.decided_today},
                "double_check": {"waiting": p.double_check.waiting,
                                 "in_progress": p.double_check.in_progress,
                                 "decided_today": p.double_check.decided_today},
                "awaiting_correction": p.awaiting_correction,
                "on_hold": p.on_hold,
                "printed_today": p.printed_today,
            }
            for p in s.procedures
        },
        "ageing": {
            a.procedure_code: {"business_days": dict(zip(names, a.buckets, strict=True)),
                               "open": a.open, "due_today": a.due_today, "overdue": a.overdue}
            for a in s.ageing
        },
        "operators": [
            {"user": o.name, "role": o.role, "holding": o.holding,
             "today": _period(o.today), "week": _period(o.week)}
            for o in s.operators
        ],
        "held": [
            {"case": c.number, "procedure": c.procedure_code, "status": c.status.value,
             "holder": c.holder_name, "since": c.since.isoformat() if c.since else None,
             "lease_expires_at": c.lease_expires_at.isoformat() if c.lease_expires_at
             else None}
            for c in s.held
        ],
        "backlog": {b.procedure_code: [[d.isoformat(), n] for d, n in b.points]
                    for b in s.backlog},
        "decisions_per_hour": list(s.decisions_per_hour),
    }
