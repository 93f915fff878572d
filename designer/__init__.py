"""Alliance Blueprint Designer: design, check and cost a police strategic alliance."""

__version__ = "0.1.0"
