"""`mistral_fine_tuning.models` under mistralai 2.x's path (`from mistralai.client.models import ...`): importing
this module gives that module itself."""

import sys
from typing import TYPE_CHECKING

from .. import models as _models

if TYPE_CHECKING:
    from ..models import *  # noqa: F403  (every name of the module it stands for)

sys.modules[__name__] = _models
