from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from cwis.core import selectors
from cwis.core.errors import NotFoundError, PermissionDeniedError
from cwis.core.todo import todo_for


@login_required
def home(request):
    today = timezone.localdate()
    items = todo_for(request.user, today=today)
    overdue = sum(1 for item in items if item.is_overdue(today))
    return render(
        request,
        "core/home.html",
        {"todo_items": items, "overdue_count": overdue, "today": today},
    )


@login_required
def division_browser(request):
    parent = request.GET.get("parent") or None
    try:
        divisions = selectors.division_children(parent_code=parent)
        current = selectors.division_get(code=parent) if parent else None
    except NotFoundError as exc:
        raise Http404 from exc
    template = "core/_division_rows.html" if request.htmx else "core/divisions.html"
    return render(request, template, {"divisions": divisions, "current": current})


@login_required
def access_log(request):
    try:
        logs = selectors.access_log_list(actor=request.user)
    except PermissionDeniedError as exc:
        raise Http404 from exc
    page = Paginator(logs, 50).get_page(request.GET.get("page"))
    return render(request, "core/access_log.html", {"page": page})
