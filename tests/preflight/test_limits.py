"""brochure.preflight.limits: the budget of one file, per page and for the whole file, and the
phrases that say which limit stopped the reading."""

from __future__ import annotations

import pytest

from brochure.errors import BrochureError
from brochure.preflight.limits import DEFAULT_LIMITS, MIB, Budget, LimitReached, Limits, size_text


def test_the_defaults_are_the_documented_ones() -> None:
    assert Limits() == DEFAULT_LIMITS
    assert (DEFAULT_LIMITS.pages, DEFAULT_LIMITS.page_operators) == (1000, 250_000)
    assert DEFAULT_LIMITS.stream_bytes == 16 * MIB
    assert issubclass(LimitReached, BrochureError)


def test_each_page_gets_its_own_operators_within_the_files() -> None:
    budget = Budget(Limits(page_operators=100, file_operators=250))
    budget.start_page()
    assert budget.operator_cap == 100
    budget.page_operators = 100
    budget.start_page()
    budget.page_operators = 100
    budget.start_page()
    assert (budget.file_operators, budget.operator_cap) == (200, 50)
    assert "the file's limit of 250 operators" in str(budget.operator_limit())
    fresh = Budget(Limits(page_operators=100))
    assert "after 100 operators (the limit per page" in str(fresh.operator_limit())


def test_tokens_are_spent_per_page_and_per_file() -> None:
    budget = Budget(Limits(page_tokens=10, file_tokens=15))
    budget.spend_tokens(10)
    with pytest.raises(LimitReached, match=r"more than 10 tokens \(the limit per page\)"):
        budget.spend_tokens(1)
    budget.start_page()
    budget.spend_tokens(5)
    with pytest.raises(LimitReached, match="the file's limit of 15 content tokens"):
        budget.spend_tokens(1)
    assert (budget.page_tokens, budget.file_tokens) == (5, 15)


def test_bytes_left_is_the_smaller_of_the_stream_and_file_limits() -> None:
    budget = Budget(Limits(stream_bytes=100, file_bytes=250))
    assert budget.bytes_left == 100
    budget.spend_bytes(200)
    assert budget.bytes_left == 50
    assert "the file's limit of 250 bytes" in str(budget.byte_limit())
    assert "more than 100 bytes (the limit per stream" in str(
        Budget(Limits(stream_bytes=100)).byte_limit()
    )
    budget.spend_bytes(100)
    assert budget.bytes_left == 0


def test_size_text() -> None:
    assert [size_text(n) for n in (100, 4096, 1536, 16 * MIB)] == [
        "100 bytes",
        "4 KiB",
        "1.5 KiB",
        "16 MiB",
    ]
