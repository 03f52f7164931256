from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone

from cwis.core import selectors
from cwis.core.audit_records import describe_entries
from cwis.core.divisions import division_names
from cwis.core.errors import NotFoundError
from cwis.core.forms import AccessLogFilterForm
from cwis.core.home import home_panels
from cwis.core.permissions import Perm, has_perm
from cwis.core.todo import todo_for
from cwis.core.web import page


@page
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    items = todo_for(request.user, today=today)
    overdue = sum(1 for item in items if item.is_overdue(today))
    return render(
        request,
        "core/home.html",
        {"todo_items": items, "overdue_count": overdue, "today": today,
         "panels": home_panels(request.user, today=today)},
    )


@page
def division_browser(request: HttpRequest) -> HttpResponse:
    parent = request.GET.get("parent") or None
    divisions = selectors.division_children(parent_code=parent)
    current = selectors.division_get(code=parent) if parent else None
    template = "core/_division_rows.html" if request.htmx else "core/divisions.html"
    return render(request, template, {"divisions": divisions, "current": current})


@page
def division_places(request: HttpRequest) -> JsonResponse:
    """The places right under `parent` inside the user's jurisdiction, for the place picker
    (static/cwis/places.js): [{code, name, level}], 404 outside it."""
    parent = request.GET.get("parent", "")[:12]
    if parent and not parent.isdigit():
        raise NotFoundError()
    places = selectors.places_under(actor=request.user, parent_code=parent)
    return JsonResponse({"places": [
        {"code": d.code, "name": d.name, "level": d.level}
        for d in places.only("code", "name", "level")]})


@page
def access_log(request: HttpRequest) -> HttpResponse:
    # Someone who may not read the log is not told that the page exists.
    if not has_perm(request.user, Perm.AUDIT_VIEW):
        raise NotFoundError()
    form = AccessLogFilterForm(request.GET or None)
    page_ = selectors.access_log_page(actor=request.user, filters=form.filters(),
                                      page=request.GET.get("page"))
    division_names(log.division_code for log in page_)  # one query for the page's places
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "page" and v])
    return render(request, "core/access_log.html", {
        "page": page_, "entries": describe_entries(page_), "form": form, "query": query})
