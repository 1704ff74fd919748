import rashomon

EXPECTED = [
    "Article",
    "Claim",
    "Config",
    "ConfigError",
    "Document",
    "Entity",
    "Event",
    "Evidence",
    "IngestError",
    "Pipeline",
    "Quote",
    "RashomonError",
    "RunReport",
    "Signal",
    "StageError",
    "Stance",
    "Store",
    "StoreError",
    "load_config",
    "open_store",
    "stage",
]


def test_public_api_is_pinned_and_sorted() -> None:
    assert rashomon.__all__ == EXPECTED
    assert sorted(rashomon.__all__) == rashomon.__all__


def test_public_api_names_resolve() -> None:
    for name in rashomon.__all__:
        assert getattr(rashomon, name) is not None
