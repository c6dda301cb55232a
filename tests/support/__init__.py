"""Helpers the test suites and the benchmarks share: processes, servers, the browser, a course.

Fixtures stay in the ``conftest.py`` files; what they are built from lives here, so a suite or
a benchmark imports it from one place instead of from another suite's conftest."""
