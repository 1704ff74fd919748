from rashomon.ingest import NearDuplicateIndex, minhash_of
from rashomon.ingest.duplicates import signature_bytes

ORIGINAL = (
    "The coast guard of Veltria said on Tuesday that a naval patrol fired on the trawler Marit Solen "
    "in the Sarn Strait, killing twelve crew members. Ostmark recalled its ambassador in protest and "
    "called the attack a violation of international law. The Admiralty said the boat ignored warnings."
)


def test_duplicates_link_a_syndicated_copy_but_not_a_different_report() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    index.add("art_0000000000000001", minhash_of(ORIGINAL))
    copy = "MERIDIAN POST — " + ORIGINAL + " More to follow."
    other = "Ostmark imposed sanctions on Veltrian banks on Thursday, its foreign minister said in Kaldhavn."
    match = index.match(minhash_of(copy))
    assert match is not None
    assert match.article_id == "art_0000000000000001"
    assert match.similarity >= 0.8
    assert index.match(minhash_of(other)) is None


def test_duplicates_signatures_survive_storage() -> None:
    index = NearDuplicateIndex(threshold=0.8)
    index.add_bytes("art_00000000000000aa", signature_bytes(minhash_of(ORIGINAL)))
    assert len(index) == 1
    match = index.match(minhash_of(ORIGINAL + " Update."))
    assert match is not None
    assert match.article_id == "art_00000000000000aa"


def test_duplicates_exclude_self() -> None:
    index = NearDuplicateIndex()
    index.add("art_00000000000000aa", minhash_of(ORIGINAL))
    assert index.match(minhash_of(ORIGINAL), exclude="art_00000000000000aa") is None
