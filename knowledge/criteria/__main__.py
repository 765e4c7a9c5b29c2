"""Run the criteria command line: `python -m knowledge.criteria list|dump|score|plan`."""

import sys

from knowledge.criteria.cli import main

sys.exit(main())
