"""Command-line entry points; each command lives in its own module."""
