"""Test-wide set-up. GUI tests render offscreen, whatever machine runs them."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_QPA_PLATFORM"] = "offscreen"

from hypothesis import settings

# CI judges a landing on the code, not on the draw: property tests run on a fixed seed
# there. Local runs keep exploring fresh examples (and remember failures in .hypothesis/).
settings.register_profile("ci", derandomize=True)
if os.environ.get("CI"):
    settings.load_profile("ci")
