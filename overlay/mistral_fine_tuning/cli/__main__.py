"""`python -m mistral_fine_tuning.cli`: the same as `mistral-ft`."""

import sys

from . import main

sys.exit(main())
