"""Releasing the spec and its SDK: the breaking-change gate, versions and the changelog.

* `changes`: what a change is (who it breaks) and which version bump it needs;
* `schemas`, `specdiff`: the project's own rules, comparing two specs operation by operation
  and naming each field, parameter and operation that changed;
* `openapidiff`: Atlassian's openapi-diff (npm) on the request and response bodies the rules
  found changed, as a second opinion on whether a body accepts more or less than before;
* `gate`: which spec to compare with (the last release) and the verdict on `info.version`;
* `changelog`: CHANGELOG.md entries written from the gate's report;
* `cli`: `tesla-mock spec-check`, `tesla-mock changelog`, `tesla-mock bump`.
"""
