"""The Qt-free core: schema, catalogue, file I/O, graph, rules and finance.

Nothing under `designer.core` may import Qt, so the command line, tests and
benchmarks run exactly the code the desktop app runs.
"""
