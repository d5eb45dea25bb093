"""Scanned paper applications as files in a folder: which entries are scans, reading one
safely (inside the folder, a regular file, not too large), and telling a scan from a
broken, unknown or half-written file by its bytes, never by its extension alone;
moving a registered file into ``processed/`` without ever replacing another.

Every entry comes back as a :class:`ScanFile` — with its bytes when it could be read —
and the problems that keep it from being keyed in, each in Japanese and English.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
from dataclasses import dataclass, field
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from desktop.intake.files import MAX_ATTACHMENT_BYTES, media_type
from desktop.intake.problems import Problem

#: Sub-folders the intake itself uses (never read as scans).
PROCESSED_DIR = "processed"
FAILED_DIR = "failed"

_EXTENSIONS = {
    ".pdf": "application/pdf", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
    ".png": "image/png", ".tif": "image/tiff", ".tiff": "image/tiff",
}
_KIND_NAMES = {"application/pdf": "PDF", "image/jpeg": "JPEG", "image/png": "PNG",
               "image/tiff": "TIFF"}


def shown_name(name: str) -> str:
    """*name* as it can be stored and shown: bytes that were not UTF-8 (kept by Python
    as surrogates) become ``\\xNN``, NUL becomes ``\\x00``; at most 255 characters."""
    text = name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    return text.replace("\x00", "\\x00")[:255]


@dataclass
class ScanFile:
    """One entry of a scan folder as read: bytes and type when readable, else problems.

    ``problems`` empty means the file can be keyed in; ``notes`` are facts worth
    showing that do not stop it (an extension that does not match the content)."""

    name: str  # as given (may hold surrogates); see :func:`shown_name`
    path: Path | None
    data: bytes | None = None
    media_type: str | None = None
    sha256: str | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and self.data is not None and self.media_type is not None

    @property
    def size(self) -> int | None:
        return None if self.data is None else len(self.data)


def folder_entries(folder: Path) -> list[str]:
    """Names of the folder's entries that may be scans, sorted: regular files and
    symbolic links (checked when read); sub-folders such as ``processed/`` are not."""
    names = []
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                continue
            names.append(entry.name)
    return sorted(names)


def _problem(code: str, name: str, ja: str, en: str) -> Problem:
    shown = shown_name(name)
    return Problem(code, f"ファイル「{shown}」: {ja}", f"file '{shown}': {en}",
                   params={"name": shown})


def _outside(name: str) -> bool:
    """A name that leads out of the folder as this system reads it (on Linux ``A:`` and
    ``\\`` are ordinary file names; on Windows they are a drive and a root)."""
    if "\x00" in name:
        return True
    pures: list[PurePath] = [PurePosixPath(name)]
    if os.name == "nt":
        pures.append(PureWindowsPath(name))
    return any(p.is_absolute() or p.drive or p.root or ".." in p.parts for p in pures)


def read_scan(folder: Path, name: str) -> ScanFile:
    """Read *name* inside *folder*. A name (or link) that leads out of the folder is
    refused without reading anything; so is anything but a regular file."""
    if _outside(name):
        return ScanFile(name, None, problems=[_problem(
            "scan_path_refused", name,
            "フォルダの外を指す名前のため読み込みません（../ や絶対パスは不可）",
            "the name points outside the scan folder (../ and absolute paths are refused)")])
    root = folder.resolve()
    path = root / name
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError):  # a link loop
        resolved = None
    if resolved is None or not resolved.is_relative_to(root):
        return ScanFile(name, path, problems=[_problem(
            "scan_path_refused", name,
            "リンク先がフォルダの外にあるため読み込みません",
            "it links to a place outside the scan folder, so it is not read")])
    try:
        info = os.stat(resolved)
        if not stat.S_ISREG(info.st_mode):
            return ScanFile(name, path, problems=[_problem(
                "scan_not_a_file", name, "通常のファイルではありません",
                "it is not a regular file")])
        if info.st_size > MAX_ATTACHMENT_BYTES:
            return ScanFile(name, path, problems=[_problem(
                "scan_too_large", name,
                f"大きすぎます（{info.st_size:,} バイト、上限 {MAX_ATTACHMENT_BYTES:,}）",
                f"it is too large ({info.st_size:,} bytes, limit {MAX_ATTACHMENT_BYTES:,})")])
        data = resolved.read_bytes()
    except FileNotFoundError:
        return ScanFile(name, path, problems=[_problem(
            "scan_missing", name, "フォルダにありません（移動または削除されました）",
            "it is not in the folder (moved or deleted)")])
    except OSError as exc:
        reason = exc.strerror or str(exc)
        return ScanFile(name, path, problems=[_problem(
            "scan_unreadable", name, f"読み込めません（{reason}）", f"it cannot be read ({reason})")])
    return check_scan(name, path, data)


def check_scan(name: str, path: Path | None, data: bytes) -> ScanFile:
    """Type *data* by its first bytes and check that it is whole."""
    scan = ScanFile(name, path, data, sha256=hashlib.sha256(data).hexdigest())
    if not data:
        scan.problems.append(_problem("scan_empty", name, "空のファイルです（0 バイト）",
                                      "the file is empty (0 bytes)"))
        return scan
    kind = media_type(data)
    if kind is None:
        scan.problems.append(_problem(
            "scan_type", name,
            "PDF・TIFF・JPEG・PNG のいずれでもありません（中身で判定）",
            "it is not a PDF, TIFF, JPEG or PNG file (judged by its content)"))
        return scan
    scan.media_type = kind
    if not _complete(data, kind):
        scan.problems.append(_problem(
            "scan_incomplete", name,
            f"{_KIND_NAMES[kind]} として途中で切れています（書き込み中か、壊れています）。"
            "スキャンし直すか、書き込みが終わってから登録してください",
            f"the {_KIND_NAMES[kind]} data is cut short (still being written, or damaged);"
            " scan it again, or register it once it is written"))
        return scan
    claimed = _EXTENSIONS.get(Path(name).suffix.lower())
    if claimed is not None and claimed != kind:
        scan.notes.append(_problem(
            "scan_extension", name,
            f"拡張子は {_KIND_NAMES[claimed]} ですが、中身は {_KIND_NAMES[kind]} です",
            f"the extension says {_KIND_NAMES[claimed]} but the content is {_KIND_NAMES[kind]}"))
    return scan


def _complete(data: bytes, kind: str) -> bool:
    """Whether the file's structure reaches its end (a scanner still writing, or a copy
    cut off, fails this); the viewer still finds any damage inside."""
    tail = data.rstrip(b"\x00\r\n\t ")
    if kind == "application/pdf":
        return b"%%EOF" in tail[-1024:]
    if kind == "image/png":
        return tail[-8:-4] == b"IEND"
    if kind == "image/jpeg":
        return tail.endswith(b"\xff\xd9")
    return _tiff_complete(data)


def _tiff_complete(data: bytes) -> bool:
    """Every IFD (page) and the strips or tiles it points to lie inside the file."""
    order = "<" if data[:2] == b"II" else ">"
    if len(data) < 8:
        return False
    offset = struct.unpack(order + "I", data[4:8])[0]
    seen: set[int] = set()
    while offset:
        if offset in seen or offset + 2 > len(data) or len(seen) > 10_000:
            return False  # a loop of pages, or cut off before this page
        seen.add(offset)
        (count,) = struct.unpack(order + "H", data[offset:offset + 2])
        end = offset + 2 + 12 * count
        if end + 4 > len(data):
            return False
        offsets: list[int] = []
        lengths: list[int] = []
        for i in range(count):
            entry = data[offset + 2 + 12 * i: offset + 14 + 12 * i]
            tag, kind, n = struct.unpack(order + "HHI", entry[:8])
            if tag in (273, 279, 324, 325):  # strip/tile offsets and byte counts
                values = _tiff_values(data, order, kind, n, entry[8:12])
                if values is None:
                    return False
                (offsets if tag in (273, 324) else lengths).extend(values)
        if any(o + n > len(data) for o, n in zip(offsets, lengths, strict=False)):
            return False
        (offset,) = struct.unpack(order + "I", data[end:end + 4])
    return True


def _tiff_values(data: bytes, order: str, kind: int, n: int, field_bytes: bytes,
                 ) -> list[int] | None:
    size = {3: 2, 4: 4}.get(kind)
    if size is None or n > 1_000_000:
        return None
    fmt = order + ("H" if size == 2 else "I") * n
    if size * n <= 4:
        return list(struct.unpack(fmt, field_bytes[:size * n]))
    (at,) = struct.unpack(order + "I", field_bytes)
    if at + size * n > len(data):
        return None
    return list(struct.unpack(fmt, data[at:at + size * n]))


def move_to_processed(folder: Path, name: str) -> str | None:
    """Move *name* into ``processed/`` (never over another file); None if it could not
    be moved (another workstation moved it first, or a name with a folder in it)."""
    if os.sep in name or (os.altsep and os.altsep in name) or name in (".", ".."):
        return None
    target_dir = folder / PROCESSED_DIR
    target_dir.mkdir(exist_ok=True)
    stem, suffix = os.path.splitext(name)
    source = folder / name
    for n in range(1, 1000):
        target = target_dir / (name if n == 1 else f"{stem} ({n}){suffix}")
        try:
            # A hard link never replaces a file already there (rename would).
            os.link(source, target, follow_symlinks=False)
        except FileExistsError:
            continue
        except FileNotFoundError:
            return None
        except OSError:  # no hard links on this file system
            if target.exists() or target.is_symlink():
                continue
            try:
                os.rename(source, target)
            except OSError:
                return None
            return shown_name(str(target))
        with contextlib.suppress(FileNotFoundError):
            os.unlink(source)
        return shown_name(str(target))
    return None
