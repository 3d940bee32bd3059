"""`mistral_fine_tuning.utils` under mistralai 2.x's path (`from mistralai.client.utils import ...`): importing this
module gives that module itself."""

import sys

from .. import utils as _utils
from ..utils import *  # noqa: F403  (every name of the module it stands for)

sys.modules[__name__] = _utils
