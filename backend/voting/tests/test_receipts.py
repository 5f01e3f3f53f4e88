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


def test_every_symbol_is_drawn_evenly_at_every_position():
    """80 random bits, 5 per symbol: each of the 32 symbols about as often at each of the 16
    positions (a code that favoured some would be easier to guess). 32,000 draws: 1,000
    expected per symbol and position, σ 31; a fair draw leaves 800–1,200 (6.4 σ) in one of the
    512 cells about once in 10^7 runs, a symbol never drawn or drawn a quarter more often fails."""
    counts = [dict.fromkeys(ALPHABET, 0) for _ in range(16)]
    for _ in range(32_000):
        for i, c in enumerate(receipt_new().replace("-", "")):
            counts[i][c] += 1
    for position in counts:
        assert min(position.values()) >= 800 and max(position.values()) <= 1_200


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
