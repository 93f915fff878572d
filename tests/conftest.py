"""Test-wide set-up. GUI tests render offscreen, whatever machine runs them."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["QT_QPA_PLATFORM"] = "offscreen"
