"""Background jobs of the partners module: the data-quality scan (issue 18). It runs every
rule of `quality_rules.RULES` over the whole country and replaces each rule's stored
findings in one transaction per rule, so the page never reads half a scan; the page reads
the findings scoped to the user's jurisdiction."""

import csv
import io

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.core.jobs.registry import JobFile, Progress, job_kind
from cwis.partners.models import Finding
from cwis.partners.quality_rules import RULES

BATCH = 5000


def quality_scan(progress: Progress | None = None) -> dict[str, int]:
    """Run every rule; returns {rule: findings}."""
    today = timezone.localdate()
    found_at = timezone.now()
    counts = {}
    for done, spec in enumerate(RULES.values()):
        with transaction.atomic():
            Finding.objects.filter(rule=spec.key).delete()
            batch, total = [], 0
            for child_id, code, other_id, detail in spec.find(today):
                batch.append(Finding(rule=spec.key, division_code=code, child_id=child_id,
                                     other_id=other_id, detail=detail[:300],
                                     found_at=found_at))
                if len(batch) >= BATCH:
                    Finding.objects.bulk_create(batch)
                    total += len(batch)
                    batch = []
            Finding.objects.bulk_create(batch)
            counts[spec.key] = total + len(batch)
        if progress is not None:
            progress(done + 1, len(RULES))
    return counts


@job_kind("partners.quality_scan", label=_("Data-quality scan"))
def quality_scan_job(job, progress: Progress) -> JobFile:
    counts = quality_scan(progress)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["rule", "findings"])
    writer.writerows(counts.items())
    return JobFile("data-quality-scan.csv", out.getvalue().encode("utf-8-sig"))
