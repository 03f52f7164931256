import factory

from cwis.accounts.models import User
from cwis.core.permissions import Role


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"测试用户{n}")
    role = Role.COUNTY_OFFICER
    is_active = True
    password = factory.django.Password("pw-for-tests-123")
