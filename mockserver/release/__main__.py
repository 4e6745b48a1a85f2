"""`python -m mockserver.release spec-check ...`: see mockserver/release/cli.py."""

from mockserver.release.cli import main

main()
