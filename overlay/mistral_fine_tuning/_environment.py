"""What the package reads from outside the code: environment variable names and the default server.

A module of constants with no imports, so that the command line can share them without loading the client.
"""

from __future__ import annotations

from typing import Final

DEFAULT_SERVER_URL: Final = "https://api.mistral.ai"
API_KEY_ENV: Final = "MISTRAL_API_KEY"
"""The API key, read by `Mistral()` when no `api_key` is given."""
SERVER_URL_ENV: Final = "MISTRAL_SERVER_URL"
"""The base URL, read by `Mistral()` when no `server_url` is given (a local fake, a proxy)."""
SERVERS: Final = {"eu": DEFAULT_SERVER_URL}
"""The spec's servers, by the names the official SDK gives them (`Mistral(server="eu")`)."""
