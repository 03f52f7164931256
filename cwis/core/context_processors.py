from cwis.core.navigation import navigation_for
from cwis.core.permissions import PERMISSIONS


def role_permissions(request):
    """`role_perms`: what the signed-in user's role may do, for showing menus and buttons;
    `nav`: the navigation bar's entries (cwis.core.navigation), built only when a template
    reads it (a partial page never does).

    Only for display: services check again on every action.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"role_perms": frozenset(), "nav": ()}
    return {
        "role_perms": frozenset(str(p) for p in PERMISSIONS.get(user.role, ())),
        "nav": lambda: navigation_for(user, request.path),
    }
