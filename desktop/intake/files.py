"""Files around an import: the archive of original files, and attachments named in a
row (resolved safely inside the import folder, typed by their first bytes)."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath
from types import TracebackType
from typing import IO

from desktop.intake.problems import Problem

#: Largest attachment accepted (a scanned multi-page PDF fits comfortably).
MAX_ATTACHMENT_BYTES = 64 * 1024 * 1024

_MEDIA_TYPES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)


class ArchiveWriter:
    """Copies the bytes of an import file (fed to :attr:`sink` while it is hashed) into
    ``root/ab/<sha256><suffix>``: the original, unchanged, stored once per content."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=root, prefix=".incoming-")
        self._tmp = Path(tmp)
        self.sink: IO[bytes] = os.fdopen(fd, "wb")

    def keep(self, sha256: str, original_name: str) -> Path:
        self.sink.flush()
        os.fsync(self.sink.fileno())
        self.sink.close()
        target = self.root / sha256[:2] / f"{sha256}{Path(original_name).suffix.lower()[:16]}"
        if target.exists():
            self._tmp.unlink(missing_ok=True)
            return target
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(self._tmp, target)
        return target

    def __enter__(self) -> ArchiveWriter:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if not self.sink.closed:
            self.sink.close()
        self._tmp.unlink(missing_ok=True)


@dataclass(frozen=True)
class AttachmentFile:
    name: str
    path: Path
    media_type: str
    data: bytes


def media_type(data: bytes) -> str | None:
    for magic, kind in _MEDIA_TYPES:
        if data.startswith(magic):
            return kind
    return None


def _refused(name: str, at: tuple[str, str], column: str) -> Problem:
    return Problem(
        "attachment_path_refused",
        f"{at[0]}: 添付ファイル名「{name}」は取込フォルダの外を指しているため使えません"
        "（../ や絶対パスは不可）",
        f"{at[1]}: the attachment name '{name}' points outside the import folder"
        " (../ and absolute paths are refused)",
        column=column, params={"name": name},
    )


def read_attachment(base: Path, name: str, at: tuple[str, str],
                    column: str) -> AttachmentFile | Problem:
    """The file *name* inside *base*, or the reason it cannot be taken."""
    if "\x00" in name or any(0xD800 <= ord(c) <= 0xDFFF for c in name):
        return _refused(name.replace("\x00", "\\x00").encode("utf-8", "backslashreplace")
                        .decode("utf-8"), at, column)
    for pure in (PurePosixPath(name), PureWindowsPath(name)):
        if pure.is_absolute() or pure.drive or pure.root or ".." in pure.parts:
            return _refused(name, at, column)
    root = base.resolve()
    path = (root / name).resolve()
    if not path.is_relative_to(root):
        return _refused(name, at, column)
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT_BYTES:
            return Problem(
                "attachment_too_large",
                f"{at[0]}: 添付ファイル「{name}」が大きすぎます（{size:,} バイト、上限 {MAX_ATTACHMENT_BYTES:,}）",
                f"{at[1]}: the attachment '{name}' is too large ({size:,} bytes,"
                f" limit {MAX_ATTACHMENT_BYTES:,})", column=column, params={"name": name})
        data = path.read_bytes()
    except FileNotFoundError:
        return Problem("attachment_missing",
                       f"{at[0]}: 添付ファイル「{name}」が取込フォルダ {base} にありません",
                       f"{at[1]}: the attachment '{name}' is not in the import folder {base}",
                       column=column, params={"name": name})
    except OSError as exc:
        return Problem("attachment_unreadable",
                       f"{at[0]}: 添付ファイル「{name}」を読めません（{exc.strerror or exc}）",
                       f"{at[1]}: the attachment '{name}' cannot be read ({exc.strerror or exc})",
                       column=column, params={"name": name})
    kind = media_type(data)
    if kind is None:
        return Problem("attachment_type",
                       f"{at[0]}: 添付ファイル「{name}」は PDF・JPEG・PNG・TIFF のいずれでもありません",
                       f"{at[1]}: the attachment '{name}' is not a PDF, JPEG, PNG or TIFF file",
                       column=column, params={"name": name})
    return AttachmentFile(name, path, kind, data)
