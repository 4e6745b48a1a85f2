"""Recorded traffic of the vehicle API, checked against the spec and replayed on the mock.

* `recordings`: exchanges read from VCR cassettes (timdorr/tesla-api's YAML), HAR files, the
  mock's journal export and this project's corpus manifest, and cassettes written;
* `validate`: each exchange against the spec (operation, request, status, answer);
* `redact`: tokens, VINs, ids and locations replaced, consistently, before anything is kept;
* `record`: `tesla-mock record --upstream URL`, a validating, redacting recording proxy;
* `replay`: `tesla-mock traffic replay CASSETTE`, a recording replayed on the mock's
  simulated clock and a fidelity report;
* `cli`: the `traffic` and `record` subcommands.
"""
