"""What the institutions pages share: the form page, where each page is, the saved notice."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

FORM_TEMPLATE = "institutions/form.html"


def saved(request: HttpRequest, url: str) -> HttpResponse:
    messages.success(request, _("Saved."))
    return redirect(url)


def without_version(data: dict) -> dict:
    """A form's data for a service that creates a record (no version to check)."""
    return {name: value for name, value in data.items() if name != "version"}


def detail_url(pk: int) -> str:
    return reverse("institution_detail", args=[pk])


def staff_url(pk: int) -> str:
    return reverse("institution_staff", args=[pk])


def transformation_url(pk: int) -> str:
    return reverse("transformation_detail", args=[pk])


def province_url(code: str) -> str:
    return reverse("province_layout", args=[code])
