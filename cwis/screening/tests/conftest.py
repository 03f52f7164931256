from cwis.protection.tests.conftest import community, frozen_today  # noqa: F401 - fixtures
