from cwis.transfers.tests.factories import sides  # noqa: F401 - fixture
