"""Exports (Qt-free): the workbook and CSV tables, GraphML, ArchiMate; the format registry."""
