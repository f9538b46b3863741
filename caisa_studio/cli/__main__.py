"""``python -m caisa_studio.cli``."""

from __future__ import annotations

import sys

from caisa_studio.cli import main

sys.exit(main())
