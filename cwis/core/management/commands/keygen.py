"""`cwis keygen`: print a new key entry for CWIS_FIELD_KEYS or CWIS_SEARCH_KEYS."""

from django.core.management.base import BaseCommand

from cwis.core.crypto import CIPHERS, HASHES, KEY_ID, new_key_entry


class Command(BaseCommand):
    help = ("Print a new random key entry (id:algorithm:base64key). Put it first in "
            "CWIS_FIELD_KEYS (sm4, aes) or CWIS_SEARCH_KEYS (sm3, sha256), then run rotate_keys.")

    def add_arguments(self, parser):
        parser.add_argument("--id", required=True, help="a short name, e.g. 2027a")
        parser.add_argument("--algorithm", required=True, choices=[*CIPHERS, *HASHES])

    def handle(self, *args, id: str, algorithm: str, **options):
        if not KEY_ID.match(id):
            self.stderr.write("The id is 1-16 of A-Z a-z 0-9 _ -")
            raise SystemExit(2)
        self.stdout.write(new_key_entry(id, algorithm))
