from django.conf import settings
from django.core.management.base import BaseCommand

from cwis.core.jobs.services import jobs_expire


class Command(BaseCommand):
    help = (
        "Remove the files of background jobs finished more than CWIS_JOB_RESULT_DAYS ago "
        "(the jobs stay, marked expired). Run it daily, e.g. from cron."
    )

    def handle(self, *args, **options):
        count = jobs_expire()
        self.stdout.write(f"removed the files of {count} jobs finished more than "
                          f"{settings.CWIS_JOB_RESULT_DAYS} days ago")
