"""Refusals of the partners module (module constants: tests assert them)."""

from django.utils.translation import gettext_lazy as _

MSG_KIND = _("Choose what the request is for.")
MSG_DEPARTMENT = _("This department does not handle this kind of request.")
MSG_NO_CHILDREN = _("Choose at least one child.")
MSG_NOT_CANDIDATE = _("%(child)s cannot be listed in this request.")
MSG_ALREADY_REQUESTED = _("%(child)s is already in an unanswered request of this kind.")
MSG_NO_AREA = _("Your account has no jurisdiction to send requests from.")
MSG_OUTCOME = _("Choose done or refused.")
MSG_REFERENCE = _("A done answer needs its reference (hukou, school-roll or insurance "
                  "number, or the approval).")
MSG_REFUSAL_REASON = _("Say why the request is refused.")
MSG_ANSWER_DATE = _("Give the date of the answer.")
MSG_BEFORE_SENT = _("The answer cannot be dated before the request was sent.")
MSG_ALREADY_ANSWERED = _("This child was already answered differently; the answer stands.")
MSG_FILE = _("Upload the list downloaded from this request (Excel .xlsx).")
MSG_ROW = _("Row %(row)s, column %(column)s: %(message)s")
MSG_UNKNOWN_ROW = _("this line is not a child of this request")
MSG_EMPTY_UPLOAD = _("The list holds no answer.")
