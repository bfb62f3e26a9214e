"""What a test looks for when it checks that nothing personal went onto the event stream.

Event ids, keyed hashes and correlation ids are hexadecimal, and a hex string can hold eleven or
eighteen digits in a row by chance (``…a16145748818b…``). A number only counts when it stands
alone: no hex digit on either side. Otherwise a check for "no mobile number" fails once in a
few hundred runs on a random uuid.
"""

from __future__ import annotations

import re

_ALONE_BEFORE = r"(?<![0-9a-fA-F])"
_ALONE_AFTER = r"(?![0-9a-fA-F])"
RESIDENT_ID = re.compile(_ALONE_BEFORE + r"[0-9]{17}[0-9Xx]" + _ALONE_AFTER)
MOBILE = re.compile(_ALONE_BEFORE + r"1[3-9][0-9]{9}" + _ALONE_AFTER)


def numbers_that_look_personal(text: str) -> list[str]:
    """Every resident-ID-shaped or mobile-shaped number standing alone in ``text``."""
    return RESIDENT_ID.findall(text) + MOBILE.findall(text)
