from django.apps import AppConfig
from django.core import checks
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cwis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        # Each app declares its kinds of background job in its jobs.py (cwis.core.jobs).
        autodiscover_modules("jobs")
        from cwis.core.crypto import check_keys

        checks.register(check_keys, checks.Tags.security)
