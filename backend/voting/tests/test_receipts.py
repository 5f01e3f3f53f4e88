import uuid

from django.test import override_settings

from voting.receipts import ALPHABET, receipt_hash, receipt_new, receipt_normalize, seal


def test_receipt_codes_are_random_and_readable():
    codes = {receipt_new() for _ in range(200)}
    assert len(codes) == 200
    for code in codes:
        parts = code.split("-")
        assert [len(p) for p in parts] == [4, 4, 4, 4]
        assert all(c in ALPHABET for c in "".join(parts))


def test_receipt_spellings_share_one_hash():
    code = "7KQ3-M9TX-2B4H-0PZD"
    assert (
        receipt_hash(code)
        == receipt_hash(" 7kq3 m9tx 2b4h opzd ")
        == receipt_hash("7KQ3M9TX2B4H0PZD")
    )
    assert receipt_hash(code) != receipt_hash("7KQ3-M9TX-2B4H-0PZE")
    assert receipt_normalize("too short") is None
    assert receipt_normalize("UUUU-UUUU-UUUU-UUUU") is None  # U is not in the alphabet


def test_the_seal_depends_on_the_key():
    ballot_id = uuid.uuid4()
    with override_settings(BALLOT_SEAL_KEY="one key"):
        one = seal(ballot_id)
        assert seal(ballot_id) == one and seal(uuid.uuid4()) != one
    with override_settings(BALLOT_SEAL_KEY="another key"):
        assert seal(ballot_id) != one
