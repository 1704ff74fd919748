"""The analyst's workbench: HTML pages over the same store queries as the API."""
