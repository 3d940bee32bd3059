"""`python -m bench`: see `bench.run`."""

import sys

from .run import main

if __name__ == "__main__":  # the fake server's process imports this module again, as `__mp_main__`
    sys.exit(main())
