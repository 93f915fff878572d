"""Business-case exports: the xlsx workbook and flat CSV tables (Qt-free)."""
