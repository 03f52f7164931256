"""Demo accounts of the security administrator and the audit administrator, and the second
factor of the three demo administrators: one fixed, documented TOTP key (the RFC 6238 test
key, README "Demo accounts"), so the demo is usable with any authenticator app or with
`cwis demo_code`. Never use a fixed key outside the demo."""

from binascii import hexlify

from django_otp.plugins.otp_totp.models import TOTPDevice

from cwis.accounts.models import User
from cwis.core.permissions import Role
from cwis.demo_base import DEMO_PASSWORD

DEMO_TOTP_KEY = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # base32 of b"12345678901234567890"
DEMO_TOTP_HEX = hexlify(b"12345678901234567890").decode()

ADMINS = [
    ("demo-security-admin", "安全管理员", Role.SECURITY_ADMIN),
    ("demo-audit-admin", "审计管理员", Role.AUDIT_ADMIN),
]


def load() -> None:
    for username, display_name, role in ADMINS:
        if not User.objects.filter(username=username).exists():
            user = User(username=username, display_name=display_name, role=role)
            user.set_password(DEMO_PASSWORD)
            user.full_clean()
            user.save()
    # The administrators get no superuser flag: their rights come from the role.
    User.objects.filter(username="demo-admin").update(is_superuser=False)
    for user in User.objects.filter(username__in=["demo-admin", *(a[0] for a in ADMINS)]):
        TOTPDevice.objects.get_or_create(
            user=user, confirmed=True,
            defaults={"name": "CWIS demo", "key": DEMO_TOTP_HEX},
        )
