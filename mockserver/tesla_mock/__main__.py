from tesla_mock.cli import main

main()
