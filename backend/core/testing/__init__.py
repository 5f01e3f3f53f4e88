"""Test building blocks shared by the apps' test suites (importable, not collected as tests)."""
