"""The security administrator's locks page and the audit administrator's security log."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cwis.accounts.export import security_log_xlsx
from cwis.accounts.forms import SecurityLogFilterForm, UnlockForm
from cwis.accounts.lockout import failed_sign_ins, lockout_clear
from cwis.accounts.selectors import security_event_list
from cwis.core.audit import SecurityEventKind, security_event_record
from cwis.core.export import XLSX
from cwis.core.permissions import Perm
from cwis.core.web import page

MSG_UNLOCKED = _("Unlocked: %(what)s.")


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


def _filtered(request):
    form = SecurityLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    events = security_event_list(actor=request.user, **{k: v for k, v in filters.items() if v})
    return form, events


@page(perm=Perm.SECURITY_LOG_VIEW)
def security_log(request):
    form, events = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/security_log.html", {
        "form": form,
        "page": Paginator(events, 50).get_page(request.GET.get("page")),
        "query": query.urlencode(),
        "retention_days": settings.CWIS_SECURITY_LOG_RETENTION_DAYS,
    })


@page(perm=Perm.SECURITY_LOG_VIEW)
def security_log_export(request):
    _form, events = _filtered(request)
    events = list(events[: settings.CWIS_SECURITY_LOG_EXPORT_MAX_ROWS])
    security_event_record(SecurityEventKind.EXPORT, request.user, request,
                          detail=f"security log, {len(events)} rows")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = FileResponse(security_log_xlsx(events), as_attachment=True,
                            filename=f"security-log-{stamp}.xlsx", content_type=XLSX)
    response["Cache-Control"] = "no-store"
    return response
