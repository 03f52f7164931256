from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from cwis.accounts.models import SecurityEvent
from cwis.core.audit import SecurityEventKind, security_event_record


class Command(BaseCommand):
    help = (
        "Remove security log entries older than CWIS_SECURITY_LOG_RETENTION_DAYS (never one "
        "younger than 180 days). Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        days = settings.CWIS_SECURITY_LOG_RETENTION_DAYS
        with transaction.atomic():
            count = SecurityEvent.objects.purge_older_than(days)
            if count:
                security_event_record(SecurityEventKind.LOG_PURGE,
                                      detail=f"{count} entries older than {days} days")
        self.stdout.write(f"removed {count} security log entries older than {days} days")
