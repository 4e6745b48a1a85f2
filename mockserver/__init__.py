"""A stateful mock Tesla vehicle for the charging API, served by connexion from the OpenAPI spec."""
