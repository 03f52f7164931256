"""The security administrator's locks page and the audit administrator's security log."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from cwis.accounts.forms import SecurityLogFilterForm, UnlockForm
from cwis.accounts.lockout import failed_sign_ins, lockout_clear
from cwis.accounts.selectors import security_log_page
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.jobs.services import job_start
from cwis.core.permissions import Perm
from cwis.core.web import page

MSG_UNLOCKED = _("Unlocked: %(what)s.")
MSG_EXPORT_STARTED = _(
    "The security log is being exported in the background. The file will be here when it "
    "is ready, and stays under “My background jobs”."
)


@page(perm=Perm.LOCKOUT_MANAGE, methods=("GET", "POST"))
def lockouts(request):
    form = UnlockForm(request.POST or None)
    if form.is_bound and form.is_valid():
        username, address = form.cleaned_data["username"], form.cleaned_data["ip_address"]
        lockout_clear(actor=request.user, username=username, ip_address=address or "",
                      request=request)
        messages.success(request, MSG_UNLOCKED % {"what": username or address})
        return redirect("lockouts")
    accounts, addresses = failed_sign_ins(actor=request.user)
    return render(request, "accounts/lockouts.html", {
        "accounts": accounts, "addresses": addresses,
        "account_limit": settings.CWIS_LOCKOUT_ACCOUNT_LIMIT,
        "address_limit": settings.CWIS_LOCKOUT_ADDRESS_LIMIT,
        "minutes": settings.CWIS_LOCKOUT_MINUTES,
    })


def _filters(request) -> dict:
    """The page's filters that are set and valid (an invalid one is ignored, as on the page)."""
    form = SecurityLogFilterForm(request.GET or None)
    if not (form.is_bound and form.is_valid()):
        return {}
    return {k: v for k, v in form.cleaned_data.items() if v}


@page(perm=Perm.SECURITY_LOG_VIEW)
def security_log(request):
    listed = security_log_page(actor=request.user, filters=_filters(request),
                               page=request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/security_log.html", {
        "form": SecurityLogFilterForm(request.GET or None),
        "page": listed,
        "query": query.urlencode(),
        "retention_days": settings.CWIS_SECURITY_LOG_RETENTION_DAYS,
    })


@page(perm=Perm.SECURITY_LOG_VIEW)
def security_log_export(request):
    """The export runs as a background job (up to CWIS_SECURITY_LOG_EXPORT_MAX_ROWS rows):
    the audit administrator watches it on its page and finds the file under "My background
    jobs". The export is in the security log from the moment it is asked for."""
    filters = {k: v.isoformat() if isinstance(v, dt.date) else v
               for k, v in _filters(request).items()}
    job = job_start(actor=request.user, kind="accounts.security_log",
                    params={"filters": filters})
    security_event_record(SecurityEventKind.EXPORT, request.user, request,
                          detail=f"security log, job {job.pk}, filters {filters}")
    messages.info(request, MSG_EXPORT_STARTED)
    return redirect("job_detail", job.pk)
