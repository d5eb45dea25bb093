"""What a command module needs from the command line's runner.

``desktop.cli`` builds the runner (arguments, language, the services opened on first
use, the signed-in actor); the ``cli_*`` modules only see this protocol, so they do
not import ``desktop.cli`` back.
"""

from __future__ import annotations

import argparse
import json
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Protocol

from desktop.domain.permissions import SYSTEM, Actor

if TYPE_CHECKING:
    from desktop.app import Services


class Runner(Protocol):
    """The parsed arguments, the message language, the services and the actor."""

    args: argparse.Namespace
    lang: str

    @property
    def services(self) -> Services: ...
    def actor(self) -> Actor: ...
    def say(self, ja: str, en: str) -> str: ...


def add_user_and_json(parser: argparse.ArgumentParser) -> None:
    """``--user`` (act as that user, password from $REVIEW_DESK_PASSWORD) and ``--json``."""
    parser.add_argument("--user", help="act as this user ($REVIEW_DESK_PASSWORD); default: system")
    parser.add_argument("--json", action="store_true")


def actor_or_system(runner: Runner) -> Actor:
    """The signed-in ``--user``, or the system when none was given."""
    return runner.actor() if getattr(runner.args, "user", None) else SYSTEM


def emit(data: Any, as_json: bool, text: str) -> None:
    """Print *data* as JSON (dates ISO) or *text*."""
    if as_json:
        print(json.dumps(data, ensure_ascii=False, indent=2, default=_iso))
    else:
        print(text)


def _iso(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    raise TypeError(type(value).__name__)
