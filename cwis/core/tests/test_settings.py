import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from cwis.settings import env_bool


def run_cwis(*args, **env):
    dropped = ("SECRET_KEY", "CWIS_ENV", "DJANGO_ALLOW_ASYNC_UNSAFE")
    full_env = {k: v for k, v in os.environ.items() if k not in dropped}
    full_env.update(env)
    return subprocess.run(  # noqa: S603 - our own interpreter and command
        [sys.executable, "-m", "cwis", *args], env=full_env, capture_output=True, text=True,
        check=False,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = run_cwis("check", CWIS_ENV="production")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


PRODUCTION_KEYS = {
    "CWIS_FIELD_KEYS": "k1:sm4:" + "A" * 22 + "==",
    "CWIS_SEARCH_KEYS": "s1:sm3:" + "B" * 43 + "=",
}


def test_production_refuses_to_start_without_the_encryption_keys():
    result = run_cwis("check", CWIS_ENV="production",
                      SECRET_KEY="x" * 30 + "-production-secret-key-for-the-check-1")
    assert result.returncode != 0
    assert "CWIS_FIELD_KEYS and CWIS_SEARCH_KEYS must be set" in result.stderr


def test_the_deploy_check_is_clean_with_production_settings():
    result = run_cwis(
        "check", "--deploy", "--fail-level", "WARNING",
        CWIS_ENV="production", SECRET_KEY="x" * 30 + "-production-secret-key-for-the-check-1",
        **PRODUCTION_KEYS,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_a_boolean_setting_refuses_anything_but_true_or_false(monkeypatch):
    monkeypatch.setenv("CWIS_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("CWIS_TEST_FLAG", default=False)
    monkeypatch.setenv("CWIS_TEST_FLAG", "false")
    assert env_bool("CWIS_TEST_FLAG", default=True) is False
