"""Imports (Qt-free): other formats read into a blueprint; the registry in :mod:`.formats`."""
