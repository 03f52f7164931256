from cwis.protection.tests.conftest import community, frozen_today  # noqa: F401 - fixtures
from cwis.protection.tests.test_county_work_browser import zh  # noqa: F401 - a fixture
