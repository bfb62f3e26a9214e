"""Encryption at rest and keyed hashes for sensitive personal information (敏感个人信息).

``FieldCipher`` encrypts a column value with AES-256-GCM under a keyring from settings;
``PersonKeyer`` gives the keyed hash (HMAC-SHA256 under the federation-wide secret) by which
every deployment of the county names the same person without exchanging an ID number.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from collections.abc import Mapping

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from unionfed.common.identifiers import parse_resident_id

_VERSION = "v1"
_KEY_ID = re.compile(r"[A-Za-z0-9_-]{1,32}")
_PURPOSE = re.compile(r"[a-z][a-z0-9_.]{0,63}")
_KEY_BYTES = 32
_NONCE_BYTES = 12
_TAG_BYTES = 16
_MIN_SECRET_BYTES = 32


class PersonalDataError(Exception):
    """A key, secret or token was refused; ``reason`` is a short code, never the data itself.

    Reasons: ``setting``, ``key``, ``malformed``, ``unknown_key``, ``authentication``.
    """

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason


def _b64decode(text: str) -> bytes:
    """Standard or URL-safe base64, padded or not; anything else is ``binascii.Error``."""
    text = text.strip().translate(str.maketrans("-_", "+/"))
    return base64.b64decode(text + "=" * (-len(text) % 4), validate=True)


class FieldCipher:
    """AES-256-GCM for short strings, e.g. a member's resident ID number in its column.

    Tokens read ``v1.<key_id>.<base64url(nonce|ciphertext)>``. The version, key id and the
    caller's ``context`` (e.g. ``"member.resident_id"``) are authenticated, so a token copied
    into another column or relabelled with another key id does not decrypt.
    """

    def __init__(self, keys: Mapping[str, bytes], current: str) -> None:
        for key_id, key in keys.items():
            if not _KEY_ID.fullmatch(key_id):
                raise PersonalDataError("key", "key ids are 1-32 letters, digits, _ or -")
            if len(key) != _KEY_BYTES:
                raise PersonalDataError("key", f"key {key_id!r} must be {_KEY_BYTES} bytes")
        if current not in keys:
            raise PersonalDataError("key", f"current key {current!r} is not in the keyring")
        self._aeads = {key_id: AESGCM(bytes(key)) for key_id, key in keys.items()}
        self.current = current

    @classmethod
    def from_setting(cls, value: str) -> FieldCipher:
        """Parse ``"k1:<base64>,k2:<base64>"``; the LAST entry is current, so rotating is
        appending a key (old ones stay to decrypt what they wrote)."""
        keys: dict[str, bytes] = {}
        for entry in filter(None, (part.strip() for part in value.split(","))):
            key_id, sep, encoded = entry.partition(":")
            key_id = key_id.strip()
            if not sep or not _KEY_ID.fullmatch(key_id) or key_id in keys:
                raise PersonalDataError("setting", "entries must be distinct <key_id>:<base64>")
            try:
                keys[key_id] = _b64decode(encoded)
            except (binascii.Error, ValueError):
                # The value is a secret: say which entry, never echo it.
                raise PersonalDataError("setting", f"key {key_id!r} is not base64") from None
        if not keys:
            raise PersonalDataError("setting", "no keys in the setting")
        return cls(keys, current=list(keys)[-1])

    def encrypt(self, plaintext: str, *, context: str) -> str:
        """Encrypt under the current key with a fresh random nonce."""
        nonce = secrets.token_bytes(_NONCE_BYTES)
        sealed = self._aeads[self.current].encrypt(
            nonce, plaintext.encode("utf-8"), _associated(self.current, context)
        )
        body = base64.urlsafe_b64encode(nonce + sealed).rstrip(b"=").decode("ascii")
        return f"{_VERSION}.{self.current}.{body}"

    @staticmethod
    def key_of(token: str) -> str | None:
        """The key id a token names (None: not a v1 token); decrypting still checks it."""
        version, _, rest = token.partition(".")
        key_id, dot, _ = rest.partition(".")
        return key_id if version == _VERSION and dot and _KEY_ID.fullmatch(key_id) else None

    def decrypt(self, token: str, *, context: str) -> str:
        """Decrypt a token under whichever key it names, for the same ``context``."""
        version, _, rest = token.partition(".")
        key_id, _, body = rest.partition(".")
        if version != _VERSION or not _KEY_ID.fullmatch(key_id) or not body:
            raise PersonalDataError("malformed", "not a v1 personal-data token")
        if key_id not in self._aeads:
            raise PersonalDataError("unknown_key", f"token names unknown key {key_id!r}")
        try:
            raw = _b64decode(body)
        except (binascii.Error, ValueError):
            raise PersonalDataError("malformed", "token body is not base64url") from None
        # Insist on the canonical encoding: otherwise a changed final character that only
        # flips unused padding bits would still decrypt, and tampering would go unnoticed.
        if base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii") != body:
            raise PersonalDataError("malformed", "token body is not canonical base64url")
        if len(raw) < _NONCE_BYTES + _TAG_BYTES:
            raise PersonalDataError("malformed", "token body is too short")
        try:
            plain = self._aeads[key_id].decrypt(
                raw[:_NONCE_BYTES], raw[_NONCE_BYTES:], _associated(key_id, context)
            )
            return plain.decode("utf-8")
        except (InvalidTag, UnicodeDecodeError):
            raise PersonalDataError(
                "authentication", "token does not authenticate (tampered or wrong context)"
            ) from None

    def __repr__(self) -> str:
        return f"FieldCipher(keys={sorted(self._aeads)}, current={self.current!r})"


def _associated(key_id: str, context: str) -> bytes:
    if not context:
        raise PersonalDataError("malformed", "a context naming the field is required")
    # Key ids contain no dot, so this prefix cannot be confused whatever the context holds.
    return f"{_VERSION}.{key_id}.{context}".encode()


class PersonKeyer:
    """Keyed hashes (HMAC-SHA256, lowercase hex) for exact-match lookups without the value.

    ``lookup_key(value, purpose=p)`` is HMAC(secret, p + NUL + value) in UTF-8;
    ``person_key(id)`` is ``lookup_key(checked id, purpose="person")``. Every deployment
    must compute exactly this, so the construction is part of the federation's contract.
    """

    def __init__(self, secret: bytes) -> None:
        if len(secret) < _MIN_SECRET_BYTES:
            raise PersonalDataError("key", f"secret must be at least {_MIN_SECRET_BYTES} bytes")
        self._secret = bytes(secret)

    @classmethod
    def from_setting(cls, value: str) -> PersonKeyer:
        """Base64 decoding to at least 32 bytes, else the raw text's UTF-8 bytes (≥ 32)."""
        try:
            decoded = base64.b64decode(value.strip(), validate=True)
        except (binascii.Error, ValueError):
            decoded = b""
        return cls(decoded if len(decoded) >= _MIN_SECRET_BYTES else value.encode("utf-8"))

    def person_key(self, resident_id: str) -> str:
        """The person's federation-wide key; an invalid number raises ``IdentifierError``."""
        number = parse_resident_id(resident_id.strip().upper()).number
        return self.lookup_key(number, purpose="person")

    def lookup_key(self, value: str, *, purpose: str) -> str:
        """Key an already-normalised value (e.g. ``normalise_mobile``) for one purpose."""
        if not _PURPOSE.fullmatch(purpose):
            raise PersonalDataError("malformed", "purpose is lower-case letters, digits, _ or .")
        message = purpose.encode() + b"\x00" + value.encode("utf-8")
        return hmac.new(self._secret, message, hashlib.sha256).hexdigest()

    def __repr__(self) -> str:
        return "PersonKeyer(secret=<hidden>)"


def generate_key_setting(key_id: str = "k1") -> str:
    """A fresh ``<key_id>:<base64 of 32 random bytes>`` to append to the keyring setting."""
    if not _KEY_ID.fullmatch(key_id):
        raise PersonalDataError("key", "key ids are 1-32 letters, digits, _ or -")
    return f"{key_id}:{base64.b64encode(secrets.token_bytes(_KEY_BYTES)).decode('ascii')}"
