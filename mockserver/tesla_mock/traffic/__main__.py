"""`python -m tesla_mock.traffic traffic check ...`: see tesla_mock/traffic/cli.py."""

from tesla_mock.traffic.cli import main

main()
