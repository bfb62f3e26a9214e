"""Evidence attachments: told by content, limited in size, kept by content, readable only by us."""

import hashlib
import io
import stat
import struct
import zipfile
import zlib
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from unionfed.grievance.adapters.evidence import (
    ALLOWED,
    EvidenceRejected,
    FileEvidenceStore,
    sanitise_filename,
)

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
WEBP = b"RIFF\x1a\x00\x00\x00WEBPVP8L\x0d\x00\x00\x00\x2f\x00\x00\x00\x10\x07\x10\x11\x11\x88\x88"


def png() -> bytes:
    """A real 1×1 grey PNG."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00\x80"))
        + chunk(b"IEND", b"")
    )


def zip_archive() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("contract.docx", "not really")
    return buffer.getvalue()


def files_in(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def chunks_of(data: bytes, size: int = 7) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "evidence"


@pytest.fixture
def store(root: Path) -> FileEvidenceStore:
    return FileEvidenceStore(root, max_bytes=1024)


@pytest.mark.parametrize(
    ("data", "name", "content_type"),
    [
        (PDF, "劳动合同.pdf", "application/pdf"),
        (png(), "notice.png", "image/png"),
        (JPEG, "wage slip.jpg", "image/jpeg"),
        (WEBP, "photo.webp", "image/webp"),
    ],
)
async def test_an_accepted_file_is_stored_and_read_back(
    store: FileEvidenceStore, root: Path, data: bytes, name: str, content_type: str
) -> None:
    stored = await store.save(data, filename=name, claimed_type=content_type)

    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert (stored.size, stored.content_type, stored.original_name) == (
        len(data),
        content_type,
        name,
    )
    assert content_type in ALLOWED
    assert await store.open(stored.key) == data
    assert files_in(root) == [root / stored.sha256[:2] / stored.sha256]


async def test_the_type_comes_from_the_content_when_the_client_claims_none(
    store: FileEvidenceStore,
) -> None:
    for claimed in (None, "", "application/octet-stream", "image/JPG; q=1", "image/jpg"):
        stored = await store.save(JPEG, filename="photo", claimed_type=claimed)
        assert stored.content_type == "image/jpeg"


async def test_the_same_content_twice_is_one_file(store: FileEvidenceStore, root: Path) -> None:
    first = await store.save(PDF, filename="a.pdf", claimed_type="application/pdf")
    second = await store.save(PDF, filename="b.pdf", claimed_type=None)

    assert first.key == second.key
    assert second.original_name == "b.pdf"
    assert len(files_in(root)) == 1


@pytest.mark.parametrize(
    ("data", "name", "claimed", "rule", "says"),
    [
        (zip_archive(), "contract.zip", "application/zip", "type", "looks like a ZIP archive"),
        (b"<!DOCTYPE html><html>pay</html>", "slip.pdf", "application/pdf", "type", "HTML page"),
        (b"just some text", "slip.pdf", "application/pdf", "type", "not recognised"),
        (png(), "slip.pdf", "application/pdf", "type", "sent as application/pdf but it is a PNG"),
        (b"", "slip.pdf", "application/pdf", "empty", "the file is empty"),
    ],
)
async def test_a_file_of_the_wrong_type_or_empty_is_refused_and_not_kept(
    store: FileEvidenceStore,
    root: Path,
    data: bytes,
    name: str,
    claimed: str,
    rule: str,
    says: str,
) -> None:
    with pytest.raises(EvidenceRejected) as refused:
        await store.save(data, filename=name, claimed_type=claimed)

    assert (refused.value.field, refused.value.rule) == ("file", rule)
    assert says in str(refused.value)
    assert isinstance(refused.value, ValueError)
    assert files_in(root) == []


async def test_a_file_one_byte_over_the_limit_is_refused_and_leaves_nothing(
    store: FileEvidenceStore, root: Path
) -> None:
    with pytest.raises(EvidenceRejected) as refused:
        await store.save(PDF.ljust(1025, b" "), filename="big.pdf", claimed_type=None)

    assert (refused.value.field, refused.value.rule) == ("file", "too_large")
    assert files_in(root) == []
    assert await store.save(PDF.ljust(1024, b" "), filename="ok.pdf", claimed_type=None)


async def test_the_size_refusal_says_how_large_the_file_is(tmp_path: Path) -> None:
    store = FileEvidenceStore(tmp_path)  # the default limit

    with pytest.raises(EvidenceRejected, match=r"the file is 12.4 MiB; the limit is 10 MiB"):
        await store.save(PDF.ljust(13_000_000, b" "), filename="scan.pdf", claimed_type=None)


async def test_a_stream_is_stored_chunk_by_chunk(store: FileEvidenceStore) -> None:
    data = PDF.ljust(1000, b"%")

    stored = await store.save(chunks_of(data), filename="scan.pdf", claimed_type="application/pdf")

    assert stored.sha256 == hashlib.sha256(data).hexdigest()
    assert await store.open(stored.key) == data


async def test_an_endless_stream_is_cut_off_at_the_limit(
    store: FileEvidenceStore, root: Path
) -> None:
    pulled = 0

    async def endless() -> AsyncIterator[bytes]:
        nonlocal pulled
        yield PDF
        while True:
            pulled += 1
            yield b" " * 100

    with pytest.raises(EvidenceRejected, match="more than 1 KiB; the limit is 1 KiB") as refused:
        await store.save(endless(), filename="scan.pdf", claimed_type=None)

    assert refused.value.rule == "too_large"
    assert pulled <= 11  # stopped right after the limit, not read to the end
    assert files_in(root) == []


async def test_a_stream_of_the_wrong_type_is_refused_before_it_is_written(
    store: FileEvidenceStore, root: Path
) -> None:
    with pytest.raises(EvidenceRejected, match="ZIP archive"):
        await store.save(chunks_of(zip_archive(), 10), filename="a.pdf", claimed_type=None)
    assert files_in(root) == []


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\evil.pdf", "evil.pdf"),
        ("C:\\Users\\工会\\工资条.jpg", "工资条.jpg"),
        ("wage\x00slip\r\n.pdf", "wageslip.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),
        ("..", "unnamed"),
        ("", "unnamed"),
    ],
)
def test_the_original_name_is_made_safe_to_show(given: str, kept: str) -> None:
    assert sanitise_filename(given) == kept


def test_a_long_name_is_cut_to_120_characters_keeping_its_extension() -> None:
    kept = sanitise_filename("证" * 300 + ".pdf")
    assert len(kept) == 120
    assert kept.endswith("证.pdf")


async def test_the_stored_name_is_sanitised(store: FileEvidenceStore) -> None:
    stored = await store.save(PDF, filename="../../etc/passwd", claimed_type=None)
    assert stored.original_name == "passwd"


async def test_files_and_folders_are_readable_by_this_user_only(
    store: FileEvidenceStore, root: Path
) -> None:
    stored = await store.save(PDF, filename="a.pdf", claimed_type=None)
    path = root / stored.key[:2] / stored.key

    assert [mode(path), mode(path.parent), mode(root)] == [0o600, 0o700, 0o700]


async def test_a_missing_or_forged_key_is_a_key_error(store: FileEvidenceStore) -> None:
    stored = await store.save(PDF, filename="a.pdf", claimed_type=None)
    await store.delete(stored.key)
    await store.delete(stored.key)  # already gone: nothing happens

    for key in (stored.key, "../../etc/passwd", stored.key.upper()):
        with pytest.raises(KeyError):
            await store.open(key)
