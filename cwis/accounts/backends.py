"""Django-admin permissions from the CWIS role, not from groups or per-user grants.

The roles are the one table of who may do what (cwis.core.permissions); the Django admin
reads the same table through ADMIN_MODEL_PERMISSIONS, so an account's admin rights change
only when the security administrator changes its role.
"""

from django.contrib.auth.backends import ModelBackend

from cwis.core.permissions import ADMIN_MODEL_PERMISSIONS


class RoleBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        return set(ADMIN_MODEL_PERMISSIONS.get(user_obj.role, ()))

    def get_user_permissions(self, user_obj, obj=None) -> set[str]:
        return self.get_all_permissions(user_obj, obj)

    def get_group_permissions(self, user_obj, obj=None) -> set[str]:
        return set()
