"""The child's "family and adulthood" tab: the foster placement (or where the child lives)
and the adulthood plan, with the actions the actor may take."""

from django.shortcuts import render
from django.utils import timezone

from cwis.care.selectors import adulthood as adulthood_selectors
from cwis.care.selectors import foster as foster_selectors
from cwis.care.selectors.pattern import care_child
from cwis.care.views.common import log
from cwis.children.tabs import file_tabs
from cwis.core.permissions import Perm, has_perm
from cwis.core.web import page


@page
def family_tab(request, child_id: int):
    child = care_child(actor=request.user, child_id=child_id)
    log(request, child, "child", "care_family")
    today = timezone.localdate()
    return render(request, "care/family/tab.html", {
        "child": child, "tab": "care_family", "today": today,
        "tabs": file_tabs(actor=request.user, child_id=child.pk),
        "foster": foster_selectors.foster_placement_of_child(actor=request.user, child=child),
        "placements": foster_selectors.foster_history_of_child(actor=request.user,
                                                               child=child),
        "adulthood": adulthood_selectors.adulthood_of_child(actor=request.user, child=child,
                                                            today=today),
        "may_foster": has_perm(request.user, Perm.CARE_FAMILY),
        "may_plan": has_perm(request.user, Perm.CARE_ADULTHOOD),
    })
