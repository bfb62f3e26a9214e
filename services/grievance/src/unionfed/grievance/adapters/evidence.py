"""Evidence attachments (证据材料) of a grievance case, stored outside the database.

Wage slips, contracts, photos of notices, medical certificates. The type is decided from the
file's first bytes, never from its name or the client's Content-Type, and files are kept by
content: ``<root>/<sha256[:2]>/<sha256>``, so the same file stored twice is one file.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import re
import tempfile
import unicodedata
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Protocol

from unionfed.common.errors import RuleViolation

MAX_BYTES = 10 * 2**20
MAX_NAME = 120
_HEAD = 64  # enough bytes to recognise every kind below
_CHUNK = 2**20
_KEY = re.compile(r"[0-9a-f]{64}")
# Kinds of file told by their first bytes; those without a type are refused, but named, so
# that the station worker can tell the worker what to bring instead.
_KINDS = (
    (rb"%PDF-", "application/pdf", "a PDF document"),
    (rb"\x89PNG\r\n\x1a\n", "image/png", "a PNG image"),
    (rb"\xff\xd8\xff", "image/jpeg", "a JPEG image"),
    (rb"RIFF....WEBP", "image/webp", "a WEBP image"),
    (rb"PK\x03\x04|PK\x05\x06", None, "a ZIP archive (Word and Excel files are ZIPs too)"),
    (rb"\xd0\xcf\x11\xe0", None, "an old Word or Excel document"),
    (rb"....ftyp(heic|heix|mif1|hevc)", None, "an iPhone HEIC photo (send it as JPEG)"),
    (rb"GIF8", None, "a GIF image"),
    (rb"(\xef\xbb\xbf)?\s*<(?i:!doctype html|html)", None, "an HTML page"),
    (rb"MZ|\x7fELF", None, "a program"),
)
ALLOWED = frozenset(content_type for _, content_type, _ in _KINDS if content_type)
_ALIASES = {"image/jpg": "image/jpeg", "image/pjpeg": "image/jpeg"}


class EvidenceRejected(RuleViolation, ValueError):
    """An upload refused (422): ``field`` is "file", ``rule`` is type, too_large or empty."""

    def __init__(self, rule: str, message: str, **context: object) -> None:
        super().__init__("file", rule, message, **context)


@dataclass(frozen=True)
class StoredEvidence:
    """A stored file: ``key`` is opaque to callers; ``original_name`` is safe to display."""

    key: str
    sha256: str
    size: int
    content_type: str
    original_name: str


class EvidenceStore(Protocol):
    """Where evidence files live: this folder today, an object store (S3/MinIO) later."""

    async def save(
        self, data: bytes | AsyncIterator[bytes], *, filename: str, claimed_type: str | None
    ) -> StoredEvidence: ...

    async def open(self, key: str) -> bytes: ...

    async def delete(self, key: str) -> None: ...


class FileEvidenceStore:
    """Evidence files in a folder only this process's user may read (files 0o600, dirs 0o700).

    Content-addressed, so two cases holding the same file share it: delete a key only when no
    case refers to it any more.
    """

    def __init__(self, root: str | os.PathLike[str], *, max_bytes: int = MAX_BYTES) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    async def save(
        self, data: bytes | AsyncIterator[bytes], *, filename: str, claimed_type: str | None
    ) -> StoredEvidence:
        """Stream ``data`` to disk, refusing it as soon as its type or size is wrong."""
        claimed = _normalise(claimed_type)
        if isinstance(data, bytes) and len(data) > self.max_bytes:
            raise _too_large(self.max_bytes, len(data))
        chunks = _in_chunks(data) if isinstance(data, bytes) else data
        tmp, file = await asyncio.to_thread(self._temp_file)
        hasher, size, head, content_type = hashlib.sha256(), 0, b"", None
        try:
            async for chunk in chunks:
                size += len(chunk)
                if size > self.max_bytes:
                    raise _too_large(self.max_bytes)
                if content_type is None:
                    head += chunk[:_HEAD]
                    if len(head) >= _HEAD:
                        content_type = _content_type(head, claimed)
                await asyncio.to_thread(_write, file, hasher, chunk)
            if size == 0:
                raise EvidenceRejected("empty", "the file is empty")
            content_type = content_type or _content_type(head, claimed)
            sha256 = hasher.hexdigest()
            await asyncio.to_thread(self._commit, file, tmp, self._path(sha256))
        except BaseException:
            # Synchronously, so that the partial file goes even when the task is cancelled.
            file.close()
            tmp.unlink(missing_ok=True)
            raise
        return StoredEvidence(sha256, sha256, size, content_type, sanitise_filename(filename))

    async def open(self, key: str) -> bytes:
        """The stored file's bytes; ``KeyError`` if there is none under ``key``."""
        try:
            return await asyncio.to_thread(self._path(key).read_bytes)
        except FileNotFoundError:
            raise KeyError(key) from None

    async def delete(self, key: str) -> None:
        """Remove the file under ``key``; nothing happens if it is already gone."""
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    def _path(self, key: str) -> Path:
        # Only a digest is a key, so no key can reach outside the root.
        if not _KEY.fullmatch(key):
            raise KeyError(key)
        return self.root / key[:2] / key

    def _temp_file(self) -> tuple[Path, IO[bytes]]:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=self.root, prefix=".upload-", suffix=".part")  # 0o600
        return Path(name), os.fdopen(fd, "wb")

    @staticmethod
    def _commit(file: IO[bytes], tmp: Path, final: Path) -> None:
        file.flush()
        os.fsync(file.fileno())
        file.close()
        final.parent.mkdir(mode=0o700, exist_ok=True)
        os.replace(tmp, final)  # atomic; the same content already there is simply replaced


def sanitise_filename(filename: str) -> str:
    """The name without folders, control or bidi-override characters, at most 120 characters."""
    name = unicodedata.normalize("NFC", re.split(r"[/\\]", filename)[-1])
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf"}).strip()
    if not name.strip("."):
        return "unnamed"
    if len(name) <= MAX_NAME:
        return name
    stem, dot, ext = name.rpartition(".")
    if dot and stem and len(ext) <= 10:  # keep a short extension readable
        return stem[: MAX_NAME - len(ext) - 1] + "." + ext
    return name[:MAX_NAME]


def _content_type(head: bytes, claimed: str | None) -> str:
    kind, what = next(
        ((k, w) for magic, k, w in _KINDS if re.match(magic, head, re.S)), (None, None)
    )
    if kind is None:
        this = f"looks like {what}" if what else "is of a type not recognised"
        raise EvidenceRejected(
            "type", f"only PDF, PNG, JPEG or WEBP files are accepted; this file {this}"
        )
    if claimed is not None and claimed != kind:
        raise EvidenceRejected("type", f"the file was sent as {claimed} but it is {what}")
    return kind


def _normalise(claimed: str | None) -> str | None:
    # A browser that does not know the type says octet-stream: that claims nothing.
    kind = (claimed or "").split(";")[0].strip().lower()
    return None if kind in {"", "application/octet-stream"} else _ALIASES.get(kind, kind)


def _too_large(limit: int, size: int | None = None) -> EvidenceRejected:
    # A stream is cut off at the limit, so its full size is never known.
    over = f"more than {_size(limit)}" if size is None else _size(size)
    if over == _size(limit):
        over = f"more than {over}"
    return EvidenceRejected("too_large", f"the file is {over}; the limit is {_size(limit)}")


def _size(n: int) -> str:
    for unit, scale in (("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale:
            return f"{n / scale:.1f}".removesuffix(".0") + f" {unit}"
    return f"{n} bytes"


async def _in_chunks(data: bytes) -> AsyncIterator[bytes]:
    for start in range(0, len(data), _CHUNK):
        yield data[start : start + _CHUNK]


def _write(file: IO[bytes], hasher: hashlib._Hash, chunk: bytes) -> None:
    hasher.update(chunk)
    file.write(chunk)
