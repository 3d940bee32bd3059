"""`mistral_fine_tuning.errors` under mistralai 2.x's path (`from mistralai.client.errors import ...`): importing
this module gives that module itself."""

import sys

from .. import errors as _errors
from ..errors import *  # noqa: F403  (every name of the module it stands for)

sys.modules[__name__] = _errors
