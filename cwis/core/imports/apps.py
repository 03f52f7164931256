from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """The import engine (cwis.core.imports): its own app so its tables have their own
    migrations, apart from the core's."""

    name = "cwis.core.imports"
    label = "imports"
    verbose_name = _("Spreadsheet imports")
