"""Where the bundled resources live (catalogue, rule packs, schema, styles)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent / "resources"
MODELS = Path(__file__).resolve().parent.parent / "models"


def resource(*parts: str) -> Path:
    """Path of a bundled resource file, e.g. ``resource("catalogue", "poa.toml")``."""
    return ROOT.joinpath(*parts)
