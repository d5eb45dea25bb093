"""``review-desk settings …``: settings every workstation follows. Registered by
:mod:`desktop.cli`.

``review-desk settings idle-lock`` shows the idle lock; ``… idle-lock MINUTES`` sets
it (0 turns it off). Without ``--user`` the command acts as the system, like the other
administration commands; with it, that user's password is checked and the user needs
the administrator's permission.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.cli_runner import Runner
from desktop.domain.permissions import SYSTEM

if TYPE_CHECKING:
    pass


def add_settings_commands(sub: Any) -> None:
    """Add ``settings`` and its subcommands to the top-level subparsers *sub*."""
    settings = sub.add_parser("settings", help="settings every workstation follows")
    cmds = settings.add_subparsers(dest="settings_cmd", required=True)
    idle = cmds.add_parser("idle-lock", help="show or set the minutes without input before "
                                             "the screen locks (0: never)")
    idle.add_argument("minutes", nargs="?", type=int, help="new value in minutes (0–1440)")
    idle.add_argument("--user", help="act as this administrator ($REVIEW_DESK_PASSWORD); "
                                     "default: the system")


def run_settings(runner: Runner) -> None:
    """Carry out a ``settings`` command (errors propagate to :func:`desktop.cli.main`)."""
    args = runner.args
    workstation = runner.services.workstation
    if args.minutes is None:
        minutes = workstation.idle_lock_minutes()
    else:
        actor = runner.actor() if args.user else SYSTEM
        minutes = workstation.set_idle_lock_minutes(actor, args.minutes)
    if minutes == 0:
        print(runner.say("自動ロック: しない", "idle lock: off"))
    else:
        print(runner.say(f"自動ロック: {minutes} 分", f"idle lock: {minutes} minutes"))
