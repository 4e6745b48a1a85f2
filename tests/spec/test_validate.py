"""Both specs are valid OpenAPI 3.0 documents (connexion 3.3 cannot serve 3.1)."""

import pytest
from openapi_spec_validator import OpenAPIV30SpecValidator, validate
from openapi_spec_validator.validation.exceptions import OpenAPIValidationError

from tests.spec import oas


@pytest.mark.parametrize("path", oas.ALL_SPECS, ids=lambda p: p.name)
def test_spec_is_valid_openapi_30(path):
    doc = oas.load(path)
    assert str(doc["openapi"]).startswith("3.0."), "connexion 3.3 only serves OpenAPI 3.0.x"
    validate(doc, base_uri=path.as_uri(), cls=OpenAPIV30SpecValidator)


def test_validator_rejects_a_broken_spec():
    doc = oas.load(oas.VEHICLE_SPEC)
    path, method, _ = next(oas.operations(doc))
    del doc["paths"][path][method]["responses"]
    with pytest.raises(OpenAPIValidationError, match="responses"):
        validate(doc, base_uri=oas.VEHICLE_SPEC.as_uri(), cls=OpenAPIV30SpecValidator)
