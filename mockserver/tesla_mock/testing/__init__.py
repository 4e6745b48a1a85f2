"""Testing against the mock vehicle: servers, the admin client, the per-test handle.

The public names are re-exported by `mockserver` (its `__all__`); the pytest plugin
(`tesla_mock.pytest_plugin`) builds its fixture from them. `ports` is the one module for free
ports, readiness polls and starting and stopping servers.
"""
