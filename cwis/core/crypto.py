"""Encryption at rest of the most sensitive columns (ID numbers, guardians' telephones).

A column declared as `EncryptedCharField` holds `enc1:<key id>:<base64 of nonce, ciphertext
and tag>`: SM4-GCM (GB/T 32907) or AES-256-GCM, authenticated, with a fresh nonce per value
and the column's purpose as associated data, so a value copied into another column does not
decrypt. Python code sees plain text; the database, its dumps and backups never do.

Such a column cannot be searched (every write is different), so an exact search goes through
a `KeyedHashField` beside it: an HMAC (SM3 or SHA-256) of the normalised value under a search
key. `search_hashes(value)` gives the value's hash under every configured search key, so a
search still finds rows while the keys are being rotated.

Keys come from the environment (settings `CWIS_FIELD_KEYS` and `CWIS_SEARCH_KEYS`), never
from the database. Each setting is a comma-separated list of `<id>:<algorithm>:<base64 key>`;
the first entry is the one new values use, the others still decrypt (or still match) until
`cwis rotate_keys` has rewritten every row (docs/security.md, "Encryption at rest").
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.db import models
from django.db.models import lookups

PREFIX = "enc1:"
CIPHERS = {"sm4": 16, "aes": 32}  # algorithm -> key length in bytes
HASHES = {"sm3": 32, "sha256": 32}
NONCE_BYTES = 12
TAG_BYTES = 16
KEY_ID = re.compile(r"^[A-Za-z0-9_-]{1,16}$")


class DecryptionError(Exception):
    """A stored value that no configured key opens: a missing key or a tampered value."""


@dataclass(frozen=True)
class Key:
    id: str
    algorithm: str
    secret: bytes


def parse_keys(raw: str, *, algorithms_allowed: dict[str, int], setting: str) -> tuple[Key, ...]:
    """`id:algorithm:base64key,...` -> keys, the first being the current one."""
    keys: list[Key] = []
    for entry in filter(None, (part.strip() for part in raw.split(","))):
        try:
            key_id, algorithm, encoded = entry.split(":", 2)
            secret = base64.b64decode(encoded, validate=True)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{setting}: each entry is id:algorithm:base64key") from exc
        if not KEY_ID.match(key_id):
            raise ImproperlyConfigured(
                f"{setting}: key id {key_id!r} must be 1-16 of A-Z a-z 0-9 _ -")
        if algorithm not in algorithms_allowed:
            raise ImproperlyConfigured(
                f"{setting}: algorithm {algorithm!r} is not one of {', '.join(algorithms_allowed)}")
        if len(secret) != algorithms_allowed[algorithm]:
            raise ImproperlyConfigured(
                f"{setting}: a {algorithm} key is {algorithms_allowed[algorithm]} bytes")
        if any(k.id == key_id for k in keys):
            raise ImproperlyConfigured(f"{setting}: key id {key_id!r} appears twice")
        keys.append(Key(key_id, algorithm, secret))
    if not keys:
        raise ImproperlyConfigured(f"{setting} names no key")
    return tuple(keys)


@cache
def _field_keys(raw: str) -> tuple[Key, ...]:
    return parse_keys(raw, algorithms_allowed=CIPHERS, setting="CWIS_FIELD_KEYS")


@cache
def _search_keys(raw: str) -> tuple[Key, ...]:
    return parse_keys(raw, algorithms_allowed=HASHES, setting="CWIS_SEARCH_KEYS")


def field_keys() -> tuple[Key, ...]:
    return _field_keys(settings.CWIS_FIELD_KEYS)


def search_keys() -> tuple[Key, ...]:
    return _search_keys(settings.CWIS_SEARCH_KEYS)


def check_keys(app_configs=None, **kwargs) -> list:
    """System check: both key settings parse (a bad key stops `cwis check`, not a request)."""
    from django.core.checks import Error

    errors = []
    for read in (field_keys, search_keys):
        try:
            read()
        except ImproperlyConfigured as exc:
            errors.append(Error(str(exc), id="cwis.E010"))
    return errors


def new_key_entry(key_id: str, algorithm: str) -> str:
    """A fresh `id:algorithm:base64key` entry (`cwis keygen`)."""
    size = {**CIPHERS, **HASHES}[algorithm]
    return f"{key_id}:{algorithm}:{base64.b64encode(os.urandom(size)).decode()}"


# --- values -----------------------------------------------------------------------------

def _seal(key: Key, nonce: bytes, plain: bytes, aad: bytes) -> bytes:
    if key.algorithm == "aes":
        return AESGCM(key.secret).encrypt(nonce, plain, aad)
    encryptor = Cipher(algorithms.SM4(key.secret), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(aad)
    return encryptor.update(plain) + encryptor.finalize() + encryptor.tag


def _open(key: Key, nonce: bytes, sealed: bytes, aad: bytes) -> bytes:
    if key.algorithm == "aes":
        return AESGCM(key.secret).decrypt(nonce, sealed, aad)
    body, tag = sealed[:-TAG_BYTES], sealed[-TAG_BYTES:]
    decryptor = Cipher(algorithms.SM4(key.secret), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(aad)
    return decryptor.update(body) + decryptor.finalize()


def encrypt(value: str, *, purpose: str) -> str:
    """The stored form of a non-empty value under the current key ("" stays "")."""
    if not value:
        return ""
    key = field_keys()[0]
    nonce = os.urandom(NONCE_BYTES)
    sealed = _seal(key, nonce, value.encode(), purpose.encode())
    return f"{PREFIX}{key.id}:{base64.b64encode(nonce + sealed).decode()}"


def is_encrypted(stored: str) -> bool:
    return stored.startswith(PREFIX)


def key_id_of(stored: str) -> str | None:
    """The id of the key a stored value is sealed with (None: not encrypted)."""
    return stored[len(PREFIX):].split(":", 1)[0] if is_encrypted(stored) else None


def decrypt(stored: str, *, purpose: str) -> str:
    """The value; a value stored before encryption was switched on is returned as it is
    (`cwis rotate_keys` encrypts it)."""
    if not is_encrypted(stored):
        return stored
    key_id, _, encoded = stored[len(PREFIX):].partition(":")
    key = next((k for k in field_keys() if k.id == key_id), None)
    if key is None:
        raise DecryptionError(f"no key {key_id!r} in CWIS_FIELD_KEYS")
    try:
        raw = base64.b64decode(encoded, validate=True)
        return _open(key, raw[:NONCE_BYTES], raw[NONCE_BYTES:], purpose.encode()).decode()
    except (InvalidTag, ValueError) as exc:
        raise DecryptionError(f"a {purpose} value does not open with key {key_id!r}") from exc


def _digest(key: Key, message: bytes) -> str:
    if key.algorithm == "sha256":
        return hmac.new(key.secret, message, hashlib.sha256).hexdigest()
    mac = crypto_hmac.HMAC(key.secret, hashes.SM3())
    mac.update(message)
    return mac.finalize().hex()


def keyed_hash(value: str, *, purpose: str, key: Key | None = None) -> str:
    """The search column's value for a normalised value, under the current search key:
    `<key id>:<hex digest>`, so a rotation sees which key made it without recomputing it."""
    if not value:
        return ""
    key = key or search_keys()[0]
    digest = _digest(key, purpose.encode() + b"\x00" + value.encode())
    return f"{key.id}:{digest}"


def hash_key_id_of(digest: str) -> str | None:
    return digest.split(":", 1)[0] if digest else None


def search_hashes(value: str, *, purpose: str) -> list[str]:
    """The value's hash under every configured search key: filter with `<column>__in`."""
    return [keyed_hash(value, purpose=purpose, key=k) for k in search_keys()] if value else []


# --- model fields -----------------------------------------------------------------------

class _EmptyOnlyExact(lookups.Exact):
    """`column=""` (is the value missing?) is the one comparison an encrypted column allows."""

    def get_prep_lookup(self):
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: search it through its keyed hash column")
        return super().get_prep_lookup()


class EncryptedCharField(models.CharField):
    """A text column stored encrypted (see the module docstring). Only `=""` and `isnull`
    filter on it; everything else is a FieldError, so no query silently finds nothing."""

    def __init__(self, *args, purpose: str, **kwargs):
        self.purpose = purpose
        kwargs.setdefault("max_length", 200)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["purpose"] = self.purpose
        return name, path, args, kwargs

    def get_lookup(self, lookup_name):
        if lookup_name == "exact":
            return _EmptyOnlyExact
        if lookup_name == "isnull":
            return super().get_lookup(lookup_name)
        return None

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value, purpose=self.purpose)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if not value or is_encrypted(value):
            return value
        return encrypt(value, purpose=self.purpose)


class KeyedHashField(models.CharField):
    """The exact-search column of an encrypted one: filled from `source` on every save and
    insert (bulk_create included; a queryset `update()` of the source must set it too)."""

    def __init__(self, *args, source: str, purpose: str, **kwargs):
        self.source, self.purpose = source, purpose
        kwargs.update(max_length=81, editable=False, blank=True, default="")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for fixed in ("max_length", "editable", "blank", "default"):
            kwargs.pop(fixed, None)
        kwargs.update(source=self.source, purpose=self.purpose)
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = keyed_hash(getattr(model_instance, self.source) or "", purpose=self.purpose)
        setattr(model_instance, self.attname, value)
        return value


def encrypted_columns(model: type[models.Model]) -> Iterator[models.Field]:
    for field in model._meta.concrete_fields:
        if isinstance(field, EncryptedCharField | KeyedHashField):
            yield field
