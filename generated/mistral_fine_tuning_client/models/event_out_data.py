from __future__ import annotations

from typing import (
    TYPE_CHECKING,
    Any,
    TypeAlias,
)

# A free-form object (no properties of its own): a plain dict, as the official SDK types it, so that json.dumps,
# .get() and .items() work on it; a new key the server adds is just another key.
if TYPE_CHECKING:
    EventOutData: TypeAlias = dict[str, Any]
else:
    EventOutData = dict
