import pytest

from tests.oidc import local_provider


@pytest.fixture(scope="session")
def local_oidc():
    provider, stop = local_provider.start()
    yield provider
    stop()


@pytest.fixture
def google(db, local_oidc, settings):
    """Harbour configured with the local provider as the trust's Google Workspace."""
    settings.HARBOUR_BASE_URL = "http://testserver"
    settings.HARBOUR_OIDC_PROVIDERS = {"google": local_oidc.provider("google")}
    return local_oidc
