from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render

from cwis.core.errors import NotFoundError
from cwis.institutions import selectors
from cwis.institutions.models import InstitutionKind, InstitutionLevel

FILTERS = ("level", "kind", "status", "division", "q")


@login_required
def institution_list(request):
    filters = {k: request.GET.get(k, "") for k in FILTERS}
    institutions = selectors.institution_list(actor=request.user, filters=filters)
    page = Paginator(institutions, 50).get_page(request.GET.get("page"))
    query = "&".join(f"{k}={v}" for k, v in filters.items() if v)
    return render(
        request,
        "institutions/list.html",
        {
            "page": page,
            "filters": filters,
            "query": query,
            "levels": InstitutionLevel.choices,
            "kinds": InstitutionKind.choices,
        },
    )


@login_required
def institution_detail(request, pk: int):
    try:
        institution = selectors.institution_get(actor=request.user, institution_id=pk)
    except NotFoundError as exc:
        raise Http404 from exc
    return render(request, "institutions/detail.html", {"institution": institution})
