import time

from django.core.management.base import BaseCommand
from django_otp.oath import TOTP

from cwis.accounts.demo import DEMO_TOTP_HEX


class Command(BaseCommand):
    help = "Print the current two-factor code of the demo administrators (demo key only)."

    def handle(self, *args, **options):
        totp = TOTP(bytes.fromhex(DEMO_TOTP_HEX))
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp.token():06d}  (valid for {left} more seconds)")
