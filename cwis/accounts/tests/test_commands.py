import io

import pytest
import time_machine
from django.core.management import CommandError, call_command
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from cwis.accounts.demo import DEMO_TOTP_HEX, load
from cwis.accounts.models import SecurityEvent, User
from cwis.core.audit import SecurityEventKind
from cwis.core.permissions import Role

pytestmark = pytest.mark.django_db


def test_create_admin_makes_an_administrator_without_superuser(monkeypatch):
    answers = iter(["Admin-password-2026", "Admin-password-2026"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    call_command("create_admin", "sec-1", role=Role.SECURITY_ADMIN, stdout=io.StringIO())
    user = User.objects.get(username="sec-1")
    assert (user.role, user.is_superuser) == (Role.SECURITY_ADMIN, False)
    assert user.check_password("Admin-password-2026")
    assert SecurityEvent.objects.filter(kind=SecurityEventKind.ACCOUNT_CREATE,
                                        username="sec-1").exists()


def test_create_admin_refuses_a_weak_password(monkeypatch):
    monkeypatch.setattr("getpass.getpass", lambda prompt="": "short")
    with pytest.raises(CommandError):
        call_command("create_admin", "sec-1", role=Role.SECURITY_ADMIN)
    assert not User.objects.filter(username="sec-1").exists()


def test_the_demo_administrators_share_the_documented_key(make_user):
    make_user(Role.SYSTEM_ADMIN, username="demo-admin", is_superuser=True)
    load()
    load()  # idempotent
    admins = User.objects.filter(role__in=[Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN,
                                           Role.AUDIT_ADMIN])
    assert sorted(admins.values_list("username", flat=True)) == [
        "demo-admin", "demo-audit-admin", "demo-security-admin"]
    assert not admins.filter(is_superuser=True).exists()
    devices = TOTPDevice.objects.filter(user__in=admins, confirmed=True)
    assert sorted(devices.values_list("key", flat=True)) == [DEMO_TOTP_HEX] * 3
    out = io.StringIO()
    with time_machine.travel(1_800_000_000, tick=False):  # one clock for both codes
        call_command("demo_code", stdout=out)
        assert out.getvalue()[:6] == f"{TOTP(bytes.fromhex(DEMO_TOTP_HEX)).token():06d}"
