"""The desktop designer (PySide6 Widgets): one document, many views of it."""
