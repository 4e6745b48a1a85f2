"""`python -m mockserver.traffic traffic check ...`: see mockserver/traffic/cli.py."""

from mockserver.traffic.cli import main

main()
