"""Report tables, computed once: every table the product shows or writes.

Each function here turns a blueprint (and its projection) into a
:class:`Table` of raw figures under fixed headings. The Finance dock, the PDF
report, the workbook and the CSV files only render them, so a heading or a
figure reads the same everywhere. A new table (an option comparison, a
decision log) is a new function in one of these modules, then a line in each
renderer that shows it.

- :mod:`.table`: the :class:`Table` value and how a cell becomes words.
- :mod:`.financial`: by year, by force, payback, apportionment (cost sharing),
  payments, contributions, phasing, functions, sensitivity, one function.
- :mod:`.design`: the delivery matrix, problems and waivers, the decision log,
  assumptions.
- :mod:`.economic`: the economic case: options compared, discounting, cumulative
  savings, each option's differences.
- :mod:`.flat`: the data tables the CSV export adds (one row per id and year).
- :mod:`.workshop`: who serves an area (a trace) and demand walk-through results.
"""

from designer.core.tables import flat
from designer.core.tables.design import assumptions, decisions, delivery_matrix, problems
from designer.core.tables.economic import (
    change_figures,
    options_comparison,
    options_cumulative,
    options_differences,
    options_discounting,
    preferred_words,
    rate_text,
    versus_base,
)
from designer.core.tables.financial import (
    FORCE_MEASURES,
    apportionment,
    by_force,
    by_year,
    contributions,
    function_figures,
    functions,
    no_payback,
    payback,
    payments,
    phasing,
    sensitivity,
)
from designer.core.tables.table import (
    DATA,
    EVERYWHERE,
    Column,
    Quantity,
    Remark,
    Row,
    Table,
    cell_text,
    kind_of,
    texts,
)
from designer.core.tables.workshop import trace_table, walkthrough_table

__all__ = [
    "DATA", "EVERYWHERE", "FORCE_MEASURES", "Column", "Quantity", "Remark", "Row", "Table",
    "apportionment", "assumptions", "by_force", "by_year", "cell_text", "change_figures",
    "contributions",
    "decisions", "delivery_matrix", "flat", "function_figures", "functions", "kind_of",
    "no_payback", "options_comparison", "options_cumulative", "options_differences",
    "options_discounting", "payback", "payments", "phasing", "preferred_words", "problems",
    "rate_text", "sensitivity", "texts", "trace_table", "versus_base", "walkthrough_table",
]
