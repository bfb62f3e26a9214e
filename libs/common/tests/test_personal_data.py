"""Personal data at rest: field encryption with key rotation, and keyed hashes for lookups.

Every resident ID number here is made up in the test with its check digit computed by
python-stdnum, so that no real person's number appears in the repository.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import pytest
from stdnum.cn import ric

from unionfed.common.identifiers import IdentifierError
from unionfed.common.personal_data import (
    FieldCipher,
    PersonalDataError,
    PersonKeyer,
    generate_key_setting,
)

CONTEXT = "member.resident_id"
SECRET = b"federation-secret-for-tests-only-0123456789"
OTHER_SECRET = b"another-deployment-secret-for-tests-only-99"


def resident_id(order: str = "123", birth: str = "19850614", region: str = "110105") -> str:
    """A made-up number with a correct check digit."""
    body = region + birth + order
    return body + ric.calc_check_digit(body + "?")


def with_check_x() -> str:
    return next(
        number
        for number in (resident_id(order=f"{n:03d}") for n in range(1000))
        if number.endswith("X")
    )


def key(byte: int) -> bytes:
    return bytes([byte]) * 32


def setting(*entries: tuple[str, bytes]) -> str:
    return ",".join(f"{kid}:{base64.b64encode(k).decode()}" for kid, k in entries)


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher({"k1": key(1)}, current="k1")


def refusal(call, *args, **kwargs) -> PersonalDataError:
    with pytest.raises(PersonalDataError) as error:
        call(*args, **kwargs)
    return error.value


def test_a_value_round_trips_through_a_compact_ascii_token(cipher):
    token = cipher.encrypt("张三 13800000000", context=CONTEXT)
    assert token.startswith("v1.k1.") and token.isascii() and "=" not in token
    assert cipher.decrypt(token, context=CONTEXT) == "张三 13800000000"


def test_each_encryption_uses_a_fresh_nonce(cipher):
    number = resident_id()
    tokens = {cipher.encrypt(number, context=CONTEXT) for _ in range(20)}
    assert len(tokens) == 20
    assert all(number not in token for token in tokens)


def test_changing_any_one_character_of_a_token_is_refused(cipher):
    token = cipher.encrypt(resident_id(), context=CONTEXT)
    for position, char in enumerate(token):
        tampered = token[:position] + ("B" if char == "A" else "A") + token[position + 1 :]
        with pytest.raises(PersonalDataError):
            cipher.decrypt(tampered, context=CONTEXT)


def test_a_token_does_not_decrypt_in_another_column(cipher):
    token = cipher.encrypt(resident_id(), context=CONTEXT)
    assert refusal(cipher.decrypt, token, context="member.mobile").reason == "authentication"


def test_a_token_relabelled_with_another_key_id_does_not_decrypt():
    # Same key bytes under both ids: only the authenticated key id tells them apart.
    cipher = FieldCipher({"k1": key(1), "k2": key(1)}, current="k1")
    token = cipher.encrypt("13800000000", context=CONTEXT)
    relabelled = token.replace("v1.k1.", "v1.k2.", 1)
    assert refusal(cipher.decrypt, relabelled, context=CONTEXT).reason == "authentication"


def test_rotation_keeps_old_tokens_readable_and_encrypts_with_the_last_key():
    old = FieldCipher.from_setting(setting(("k1", key(1))))
    rotated = FieldCipher.from_setting(setting(("k1", key(1)), ("k2", key(2))))
    old_token = old.encrypt("13800000000", context=CONTEXT)

    assert rotated.current == "k2"
    assert rotated.decrypt(old_token, context=CONTEXT) == "13800000000"
    assert rotated.encrypt("13800000000", context=CONTEXT).startswith("v1.k2.")


def test_a_token_under_an_unknown_key_id_is_refused():
    rotated = FieldCipher({"k1": key(1), "k2": key(2)}, current="k2")
    token = rotated.encrypt("13800000000", context=CONTEXT)
    old = FieldCipher({"k1": key(1)}, current="k1")
    assert refusal(old.decrypt, token, context=CONTEXT).reason == "unknown_key"


@pytest.mark.parametrize("token", ["", "v1", "v1.k1.", "v2.k1.AAAA", "v1.k:1.AAAA", "v1.k1.@@@@"])
def test_a_malformed_token_is_refused(cipher, token):
    assert refusal(cipher.decrypt, token, context=CONTEXT).reason == "malformed"


def test_refusals_name_neither_the_plaintext_nor_the_key(cipher):
    number = resident_id()
    token = cipher.encrypt(number, context=CONTEXT)
    short_key = base64.b64encode(b"\x07" * 16).decode()
    errors = [
        refusal(cipher.decrypt, token, context="member.mobile"),
        refusal(cipher.decrypt, token[:-1] + ("A" if token[-1] != "A" else "B"), context=CONTEXT),
        refusal(FieldCipher.from_setting, f"k1:{short_key}"),
        refusal(FieldCipher.from_setting, "k1:not*base64*at*all"),
        refusal(FieldCipher.from_setting, short_key),
        refusal(PersonKeyer, b"tiny-secret"),
    ]
    secrets_shown = [number, short_key, "not*base64", base64.b64encode(key(1)).decode()]
    for error in errors:
        text = f"{error} {error!r}"
        assert not any(secret in text for secret in secrets_shown), text
    assert "k1" in repr(cipher) and base64.b64encode(key(1)).decode() not in repr(cipher)


@pytest.mark.parametrize(
    "keys, current",
    [({"k1": key(1)[:16]}, "k1"), ({"k1": key(1)}, "k2"), ({"k.1": key(1)}, "k.1")],
)
def test_a_bad_keyring_is_refused(keys, current):
    assert refusal(FieldCipher, keys, current=current).reason == "key"


def test_a_generated_key_setting_makes_a_working_cipher():
    value = generate_key_setting("k7")
    assert value.startswith("k7:") and value != generate_key_setting("k7")
    cipher = FieldCipher.from_setting(value)
    assert cipher.decrypt(cipher.encrypt("x", context=CONTEXT), context=CONTEXT) == "x"


def test_a_person_key_is_a_stable_hmac_of_the_checked_number():
    number = resident_id()
    keyer = PersonKeyer(SECRET)
    expected = hmac.new(SECRET, b"person\x00" + number.encode(), hashlib.sha256).hexdigest()
    assert keyer.person_key(number) == expected
    assert PersonKeyer(SECRET).person_key(f" {number} ") == expected


def test_a_lower_case_x_gives_the_same_person_key():
    number = with_check_x()
    keyer = PersonKeyer(SECRET)
    assert keyer.person_key(number.lower()) == keyer.person_key(number)


def test_another_secret_gives_another_person_key():
    number = resident_id()
    assert PersonKeyer(SECRET).person_key(number) != PersonKeyer(OTHER_SECRET).person_key(number)


def test_an_invalid_number_is_never_keyed():
    number = resident_id()
    wrong_check = number[:17] + ("0" if number[17] != "0" else "1")
    with pytest.raises(IdentifierError):
        PersonKeyer(SECRET).person_key(wrong_check)


def test_lookup_keys_are_separated_by_purpose():
    keyer = PersonKeyer(SECRET)
    assert keyer.lookup_key("13800000000", purpose="mobile") != keyer.lookup_key(
        "13800000000", purpose="emergency_contact"
    )
    assert refusal(keyer.lookup_key, "x", purpose="Mobile\x00").reason == "malformed"


def test_a_short_secret_is_refused():
    assert refusal(PersonKeyer, b"s" * 31).reason == "key"
    assert refusal(PersonKeyer.from_setting, "s" * 31).reason == "key"


def test_a_secret_setting_is_base64_or_raw_text():
    raw = "a-federation-passphrase-of-enough-length"
    assert PersonKeyer.from_setting(raw).lookup_key("v", purpose="p") == PersonKeyer(
        raw.encode()
    ).lookup_key("v", purpose="p")
    encoded = base64.b64encode(SECRET).decode()
    assert PersonKeyer.from_setting(encoded).lookup_key("v", purpose="p") == PersonKeyer(
        SECRET
    ).lookup_key("v", purpose="p")
