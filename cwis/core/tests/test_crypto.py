"""Encryption at rest: the primitives, the key settings and the key tools (issue 12, item 17)."""

import base64

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

from cwis.core import crypto
from cwis.core.crypto import CIPHERS, HASHES, DecryptionError, parse_keys
from cwis.core.tests.test_settings import run_cwis

NUMBER = "360121201001011034"
SM4 = "k1:sm4:" + base64.b64encode(b"1" * 16).decode()
AES = "k2:aes:" + base64.b64encode(b"2" * 32).decode()
SM3 = "s1:sm3:" + base64.b64encode(b"3" * 32).decode()
SHA = "s2:sha256:" + base64.b64encode(b"4" * 32).decode()


@pytest.mark.parametrize("keys", [SM4, AES])
def test_a_value_round_trips_and_its_stored_form_gives_nothing_away(keys):
    with override_settings(CWIS_FIELD_KEYS=keys):
        stored = crypto.encrypt(NUMBER, purpose="citizen_id")
        assert stored.startswith(f"enc1:{keys.split(':')[0]}:")
        assert NUMBER not in stored
        assert NUMBER[6:14] not in stored
        assert crypto.decrypt(stored, purpose="citizen_id") == NUMBER
        # A fresh nonce each time: equal numbers do not give equal stored values.
        assert crypto.encrypt(NUMBER, purpose="citizen_id") != stored


def test_an_empty_value_stays_empty():
    assert crypto.encrypt("", purpose="citizen_id") == ""
    assert crypto.decrypt("", purpose="citizen_id") == ""
    assert crypto.keyed_hash("", purpose="citizen_id") == ""
    assert crypto.search_hashes("", purpose="citizen_id") == []


def test_a_value_moved_to_another_column_or_altered_does_not_open():
    with override_settings(CWIS_FIELD_KEYS=SM4):
        stored = crypto.encrypt(NUMBER, purpose="citizen_id")
        with pytest.raises(DecryptionError):
            crypto.decrypt(stored, purpose="guardian_phone")
        raw = bytearray(base64.b64decode(stored.split(":", 2)[2]))
        raw[-1] ^= 1
        tampered = "enc1:k1:" + base64.b64encode(bytes(raw)).decode()
        with pytest.raises(DecryptionError):
            crypto.decrypt(tampered, purpose="citizen_id")


def test_a_value_under_a_key_no_longer_configured_is_an_error_not_garbage():
    with override_settings(CWIS_FIELD_KEYS=SM4):
        stored = crypto.encrypt(NUMBER, purpose="citizen_id")
    with override_settings(CWIS_FIELD_KEYS=AES), pytest.raises(DecryptionError, match="k1"):
        crypto.decrypt(stored, purpose="citizen_id")
    with override_settings(CWIS_FIELD_KEYS=f"{AES},{SM4}"):  # the old key kept for reading
        assert crypto.decrypt(stored, purpose="citizen_id") == NUMBER


def test_a_value_stored_before_encryption_reads_as_it_is():
    assert crypto.decrypt(NUMBER, purpose="citizen_id") == NUMBER


@pytest.mark.parametrize("keys", [SM3, SHA])
def test_the_keyed_hash_is_stable_per_key_and_purpose(keys):
    with override_settings(CWIS_SEARCH_KEYS=keys):
        digest = crypto.keyed_hash(NUMBER, purpose="citizen_id")
        assert digest.startswith(keys.split(":")[0] + ":")
        assert len(digest.split(":")[1]) == 64
        assert NUMBER not in digest
        assert crypto.keyed_hash(NUMBER, purpose="citizen_id") == digest
        assert crypto.keyed_hash(NUMBER, purpose="guardian_phone") != digest
        assert crypto.search_hashes(NUMBER, purpose="citizen_id") == [digest]


def test_every_search_key_gives_a_hash_so_a_search_finds_rows_mid_rotation():
    with override_settings(CWIS_SEARCH_KEYS=SM3):
        old = crypto.keyed_hash(NUMBER, purpose="citizen_id")
    with override_settings(CWIS_SEARCH_KEYS=f"{SHA},{SM3}"):
        new = crypto.keyed_hash(NUMBER, purpose="citizen_id")
        assert new != old
        assert crypto.search_hashes(NUMBER, purpose="citizen_id") == [new, old]


@pytest.mark.parametrize(("raw", "message"), [
    ("", "names no key"),
    ("k1:sm4", "id:algorithm:base64key"),
    ("k1:sm4:not base64!", "id:algorithm:base64key"),
    ("k1:des:" + base64.b64encode(b"1" * 8).decode(), "not one of"),
    ("k1:sm4:" + base64.b64encode(b"1" * 32).decode(), "16 bytes"),
    ("a b:sm4:" + base64.b64encode(b"1" * 16).decode(), "key id"),
    (f"{SM4},{SM4}", "appears twice"),
])
def test_a_malformed_key_setting_is_refused_with_a_reason(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_keys(raw, algorithms_allowed=CIPHERS, setting="CWIS_FIELD_KEYS")


def test_the_system_check_reports_a_bad_key():
    with override_settings(CWIS_SEARCH_KEYS="s1:sm3:AAAA"):
        errors = crypto.check_keys()
    assert [e.id for e in errors] == ["cwis.E010"]
    assert crypto.check_keys() == []


@pytest.mark.parametrize("algorithm", [*CIPHERS, *HASHES])
def test_keygen_prints_an_entry_the_settings_accept(algorithm, capsys):
    call_command("keygen", id="2027a", algorithm=algorithm)
    entry = capsys.readouterr().out.strip()
    allowed = CIPHERS if algorithm in CIPHERS else HASHES
    (key,) = parse_keys(entry, algorithms_allowed=allowed, setting="X")
    assert (key.id, key.algorithm) == ("2027a", algorithm)


def test_a_production_server_starts_with_keys_from_the_environment():
    result = run_cwis("check", CWIS_ENV="production",
                      SECRET_KEY="x" * 30 + "-production-secret-key-for-the-check-1",
                      CWIS_FIELD_KEYS=AES, CWIS_SEARCH_KEYS=SHA)
    assert result.returncode == 0, result.stderr
    bad = run_cwis("check", CWIS_ENV="production",
                   SECRET_KEY="x" * 30 + "-production-secret-key-for-the-check-1",
                   CWIS_FIELD_KEYS="k1:sm4:AAAA", CWIS_SEARCH_KEYS=SHA)
    assert bad.returncode != 0
    assert "cwis.E010" in bad.stderr
