"""Intake fixtures: the intake service with a real attachment store and archive."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from desktop.app import Services, intake_service
from desktop.services.attachments import FileAttachmentStore
from desktop.services.intake import IntakeService


@pytest.fixture
def store(tmp_path: Path) -> FileAttachmentStore:
    return FileAttachmentStore(tmp_path / "attachments")


@pytest.fixture
def intake(services: Services, store: FileAttachmentStore) -> IntakeService:
    ctx = dataclasses.replace(services.ctx, attachments=store)
    service = intake_service(ctx)
    assert service.archive_dir == store.root / "intake-archive"
    return service


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    path = tmp_path / "inbox"
    path.mkdir()
    return path
