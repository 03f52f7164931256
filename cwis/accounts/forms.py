from django import forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from cwis.core.audit import SecurityEventKind
from cwis.core.forms import DATE, BaseForm, with_blank

MSG_PASSWORDS_DIFFER = _("The two new passwords differ.")


class CodeForm(BaseForm):
    code = forms.CharField(
        label=_("Verification code"), max_length=16,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text",
                                      "autofocus": True}),
    )


class PasswordChangeForm(BaseForm):
    old_password = forms.CharField(
        label=_("Current password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password = forms.CharField(
        label=_("New password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html,
    )
    new_password_again = forms.CharField(
        label=_("New password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("new_password") != data.get("new_password_again"):
            self.add_error("new_password_again", MSG_PASSWORDS_DIFFER)
        return data


class PasswordConfirmForm(BaseForm):
    password = forms.CharField(
        label=_("Your password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class UnlockForm(BaseForm):
    username = forms.CharField(required=False, max_length=255, widget=forms.HiddenInput)
    ip_address = forms.GenericIPAddressField(required=False, widget=forms.HiddenInput)

    def clean(self):
        data = super().clean()
        if bool(data.get("username")) == bool(data.get("ip_address")):
            raise forms.ValidationError(_("Name an account or an address."))
        return data


class SecurityLogFilterForm(BaseForm):
    username = forms.CharField(label=_("Account"), required=False, max_length=150)
    kind = forms.ChoiceField(label=_("Event"), required=False,
                             choices=with_blank(SecurityEventKind.choices))
    date_from = forms.DateField(label=_("From"), required=False, widget=DATE)
    date_to = forms.DateField(label=_("To"), required=False, widget=DATE)
