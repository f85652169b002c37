import pytest
from rest_framework.test import APIClient

from tests.factories import PASSWORD


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def token_for(api):
    """token_for(user) -> an APIClient authenticated with a token obtained over HTTP, as a client does."""

    def _token(user):
        client = APIClient()
        response = client.post("/api/v1/auth/token/", {"username": user.username, "password": PASSWORD},
                               format="json")
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
        return client

    return _token
