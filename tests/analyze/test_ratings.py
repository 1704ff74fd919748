from pathlib import Path

import pytest

from rashomon.analyze.ratings import RATINGS_ENV, domain_of, load_ratings


@pytest.fixture
def ratings_dir(tmp_path: Path) -> Path:
    (tmp_path / "golden_truth_dataset.csv").write_text(
        "domain,reliability_label,newsguard_score,label_source\n"
        "reuters.com,1,100.0,newsguard\n"
        "example-news.com,-1,,mbfc\n",
        encoding="utf-8",
    )
    (tmp_path / "mbfc.csv").write_text(
        "source,country,bias,factual_reporting,press_freedom,media_type,popularity,mbfc_credibility_rating,nela_gt_label\n"
        "example-news.com,usa,right,low,mostly free,website,low traffic,low credibility,unreliable\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(
    ("url", "domain"),
    [
        ("https://www.reuters.com/world/x", "reuters.com"),
        ("http://amp.example-news.com/a", "example-news.com"),
        ("reuters.com/world", "reuters.com"),
        ("", ""),
    ],
)
def test_ratings_domain_of_url(url: str, domain: str) -> None:
    assert domain_of(url) == domain


def test_ratings_are_attributed_and_dated(ratings_dir: Path) -> None:
    table = load_ratings(ratings_dir)
    [rating] = table.lookup("https://www.reuters.com/world/story")
    assert rating.sentence() == "rated reliable by NewsGuard (2018–19): score 100.0"
    mbfc = table.lookup("https://uk.example-news.com/a")
    assert [r.rater for r in mbfc] == ["Media Bias/Fact Check"]
    assert (
        mbfc[0]
        .sentence()
        .startswith("rated low factual reporting by Media Bias/Fact Check (before June 2024)")
    )
    assert table.lookup("https://sarn-herald.example/x") == []


def test_ratings_come_from_the_environment_and_their_absence_is_no_error(
    ratings_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(RATINGS_ENV, raising=False)
    assert len(load_ratings()) == 0
    monkeypatch.setenv(RATINGS_ENV, str(tmp_path / "missing"))
    assert len(load_ratings()) == 0
    monkeypatch.setenv(RATINGS_ENV, str(ratings_dir))
    assert len(load_ratings()) == 2
