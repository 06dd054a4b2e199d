import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _no_statistics_from_another_test():
    # The statistics cache their protected tables under the newest row ids; a test
    # database that hands the same ids out again must not be answered from another
    # test's tables.
    cache.clear()
    yield
    cache.clear()
