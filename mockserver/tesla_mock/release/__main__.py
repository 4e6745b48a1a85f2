"""`python -m tesla_mock.release spec-check ...`: see tesla_mock/release/cli.py."""

from tesla_mock.release.cli import main

main()
