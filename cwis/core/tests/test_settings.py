import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

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


def documented_production_environment() -> dict[str, str]:
    """The lines of docs/deployment.md's production environment block (NAME=value)."""
    doc = (Path(__file__).parents[3] / "docs" / "deployment.md").read_text(encoding="utf-8")
    block = doc.split("## The production environment", 1)[1].split("```sh", 1)[1]
    block = block.split("```", 1)[0]
    return dict(re.findall(r"^([A-Z][A-Z0-9_]*)=(\S*)", block, flags=re.MULTILINE))


def test_the_deploy_check_is_clean_under_the_documented_production_environment():
    env = documented_production_environment()
    assert {"CWIS_ENV", "SECRET_KEY", "DATABASE_URL", "ALLOWED_HOSTS", "CWIS_FIELD_KEYS",
            "CWIS_SEARCH_KEYS"} <= set(env)
    env["SECRET_KEY"] = secrets.token_urlsafe(50)  # the doc says how to make one
    env.update(PRODUCTION_KEYS)  # so does it for the keys (cwis keygen)
    result = run_cwis("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout + result.stderr


def test_the_deploy_check_fails_on_a_warning():
    """The check above could not pass by ignoring warnings: a weak key is one."""
    env = {**documented_production_environment(), **PRODUCTION_KEYS, "SECRET_KEY": "short"}
    result = run_cwis("check", "--deploy", "--fail-level", "WARNING", **env)
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout


def test_a_boolean_setting_refuses_anything_but_true_or_false(monkeypatch):
    monkeypatch.setenv("CWIS_TEST_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("CWIS_TEST_FLAG", default=False)
    monkeypatch.setenv("CWIS_TEST_FLAG", "false")
    assert env_bool("CWIS_TEST_FLAG", default=True) is False
