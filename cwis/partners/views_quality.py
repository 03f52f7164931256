"""The data-quality page: per rule, the findings of the last scan inside the user's
jurisdiction, and the list of one rule's findings, each linked to the file. The scan runs
as a background job (jobs.py)."""

from django.shortcuts import redirect, render

from cwis.core.audit import access_log_record
from cwis.core.jobs.services import job_start
from cwis.core.pagination import CappedPaginator
from cwis.core.permissions import Perm
from cwis.core.web import page
from cwis.partners import selectors_quality as selectors
from cwis.partners.quality_rules import RULES

PAGE_SIZE = 50


@page(perm=Perm.DATA_QUALITY)
def quality(request):
    rule = request.GET.get("rule", "")
    listing = None
    if rule in RULES:
        listing = CappedPaginator(selectors.finding_list(actor=request.user, rule=rule),
                                  PAGE_SIZE).get_page(request.GET.get("page"))
        access_log_record(actor=request.user, object_type="data_quality", object_id=rule,
                          division_code=request.user.division.code
                          if request.user.division_id else "", request=request)
    return render(request, "partners/quality.html", {
        "counts": selectors.finding_counts(actor=request.user), "rule": rule,
        "rule_label": RULES[rule].label if rule in RULES else "", "page": listing,
        "last_scan": selectors.last_scan(actor=request.user)})


@page(perm=Perm.DATA_QUALITY, methods=("POST",))
def quality_scan(request):
    job = job_start(actor=request.user, kind="partners.quality_scan", params={})
    return redirect("job_detail", job.pk)
