"""`excludeCIDRs` and bb-common's CIDR containment test (§10).

The test is bb-common's arithmetic, not Python's ipaddress: octets go through sprig `int` (a
leading zero is octal), host bits of the outer CIDR are ignored, and nothing is range-checked.
"""

from __future__ import annotations

from bbvalues.netpol.gotypes import dig, sprig_int

METADATA_ENDPOINT = "169.254.169.254/32"


def _address(ip: str) -> int:
    octets = (ip.split(".") + ["0", "0", "0", "0"])[:4]
    return sum(sprig_int(octet) * 256 ** (3 - index) for index, octet in enumerate(octets))


def contains(outer: str, inner: str) -> bool:
    """`utils/_cidr-contains.tpl`: same network on the outer mask, and the inner mask at least as long."""
    ip_a, _, mask_a_text = outer.partition("/")
    ip_b, _, mask_b_text = inner.partition("/")
    mask_a, mask_b = sprig_int(mask_a_text), sprig_int(mask_b_text)
    if mask_b < mask_a:
        return False
    # sprig until() with a negative count still runs |count| times, so a mask above 32 divides too
    divisor = 2 ** abs(32 - mask_a)
    return _address(ip_a) // divisor == _address(ip_b) // divisor


def exclusions_within(cidr: str, network_policies: dict) -> list[str]:
    """The `except` list for an egress CIDR remote: configured exclusions it contains, minus itself."""
    exclusions = dig(network_policies, "egress", "excludeCIDRs", default=[METADATA_ENDPOINT]) or []
    return [str(e) for e in exclusions if e != cidr and contains(cidr, str(e))]
