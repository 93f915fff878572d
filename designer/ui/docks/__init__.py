"""Dock widgets around the canvas: palette, inspector, outline, problems, find."""
