"""Addresses: SOURCE_ID:N and SOURCE_ID:N:START-END."""

import pytest

from reader.core.address import Address, format_address, parse_address
from reader.core.errors import UserError


@pytest.mark.parametrize(
    "text, expected",
    [
        ("gov-2024:12", Address("gov-2024", 12)),
        ("gov-2024:12:5-17", Address("gov-2024", 12, 5, 17)),
        ("000_19dd5644fb0830a9:3", Address("000_19dd5644fb0830a9", 3)),
        (" 报告:1:0-1 ", Address("报告", 1, 0, 1)),
    ],
)
def test_parse(text, expected):
    assert parse_address(text) == expected


@pytest.mark.parametrize("address", [Address("x", 3), Address("x", 3, 0, 9), Address("报告 2024", 2, 4, 5)])
def test_format_round_trips(address):
    assert parse_address(str(address)) == address
    assert str(address) == format_address(address.source_id, address.para, address.start, address.end)


@pytest.mark.parametrize(
    "text, says",
    [
        ("", "expected SOURCE_ID:N"),
        ("gov", "expected SOURCE_ID:N"),
        (":3", "expected SOURCE_ID:N"),
        ("gov:x", "expected SOURCE_ID:N"),
        ("gov:3:5", "expected SOURCE_ID:N"),
        ("a:b:7", "expected SOURCE_ID:N"),
        ("gov:3:5-", "expected SOURCE_ID:N"),
        ("gov:-3", "expected SOURCE_ID:N"),
        ("gov:0", "numbered from 1"),
        ("gov:3:9-9", "START < END"),
        ("gov:3:9-2", "START < END"),
        ("gov:" + "9" * 5000, "at most 9 digits"),
        ("gov:1:0-" + "9" * 5000, "at most 9 digits"),
    ],
)
def test_bad_addresses_are_user_errors(text, says):
    with pytest.raises(UserError, match=says) as e:
        parse_address(text)
    assert "\n" not in str(e.value) and len(str(e.value)) < 200
