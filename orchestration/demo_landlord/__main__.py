"""`python -m orchestration.demo_landlord`: see cli.py."""

import sys

from orchestration.demo_landlord.cli import main

sys.exit(main())
