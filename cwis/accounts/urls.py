from django.urls import path

from cwis.accounts import security_views, views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.sign_in_code, name="sign_in_code"),
    path("account/", views.account_home, name="account"),
    path("account/password/", views.password_change, name="password_change"),
    path("account/tokens/", views.token_list, name="token_list"),
    path("account/tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("account/two-factor/", views.two_factor_status, name="two_factor"),
    path("account/two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("account/two-factor/recovery-codes/", views.recovery_codes_renew,
         name="recovery_codes_renew"),
    path("account/two-factor/disable/", views.two_factor_disable, name="two_factor_disable"),
    path("security/locks/", security_views.lockouts, name="lockouts"),
    path("security/log/", security_views.security_log, name="security_log"),
    path("security/log/export.xlsx", security_views.security_log_export,
         name="security_log_export"),
]
