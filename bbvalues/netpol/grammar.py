"""The shorthand key grammar: local keys, remote keys, port specs and port names (BBCOMMON-NETPOL §3-5).

The regular expressions are bb-common's own (Go RE2: `\\d` and `\\w` are ASCII, `$` is the end of
the text), and the port parser keeps its quirks on purpose: leading-zero ports are octal,
reversed ranges count down, unbalanced brackets are accepted, an egress CIDR range is expanded.
"""

from __future__ import annotations

import re

from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import format_value, sprig_int
from bbvalues.patterns import Pattern
from bbvalues.records import named_tuple

_PORT_SPEC = r"(\d+|\d+-\d+|\[?\d+(,\d+)*\]?)"
INGRESS_LOCAL = Pattern(r"((tcp|udp)://)?[\w-]+(:(\[?\d+(,\d+)*\]?|\d+|\d+-\d+))?", re.ASCII)
INGRESS_K8S = Pattern(r"([A-Za-z0-9-]+@)?([A-Za-z0-9-]+|\*)(/([A-Za-z0-9-]+|\*))?", re.ASCII)
INGRESS_CIDR = Pattern(r"(\d+\.){3}\d+/\d+", re.ASCII)
EGRESS_K8S = Pattern(r"((tcp|udp)://)?([A-Za-z0-9-]+|\*)(/([A-Za-z0-9-]+|\*))?(:" + _PORT_SPEC + ")?", re.ASCII)
EGRESS_CIDR = Pattern(r"((tcp|udp)://)?(\d+\.){3}\d+/\d+(:" + _PORT_SPEC + ")?", re.ASCII)
DEFINITION_KEY = Pattern(r"[\w-]+", re.ASCII)
LITERAL_KEY = Pattern(r"[A-Za-z0-9-]+", re.ASCII)
_PORT_LIST = Pattern(r"\[?\d+(,\d+)*\]?", re.ASCII)

_PORT_FORMAT = "<<port>|<port-range>|<port-array>>"
INGRESS_LOCAL_FORMAT = f"[<udp|tcp>://]<pod-name>[:{_PORT_FORMAT}]"
INGRESS_K8S_FORMAT = "[<identity>@]<namespace>[/<pod>]"
INGRESS_CIDR_FORMAT = "<cidr>"
EGRESS_K8S_FORMAT = f"[<tcp|udp>://]<namespace>[/<pod>][:{_PORT_FORMAT}]"
EGRESS_CIDR_FORMAT = f"[<tcp|udp>://]<cidr>[:{_PORT_FORMAT}]"
DEFINITION_FORMAT = "<definition-name>"


# Named tuples, not dataclasses: each call imports them, and a dataclass's methods are compiled anew by each process.

@named_tuple
class PortSpec:
    """Ports named by a key: the protocol, the expanded port numbers, and whether it was a range."""

    protocol: str = "TCP"
    numbers: tuple[int, ...] = ()
    is_range: bool = False

    def entries(self) -> list[dict]:
        """NetworkPolicy `ports`: one `port`/`endPort` entry for a range, else one entry per port."""
        if self.is_range:
            if not self.numbers:
                return []
            return [{"port": self.numbers[0], "endPort": self.numbers[-1], "protocol": self.protocol}]
        return [{"port": number, "protocol": self.protocol} for number in self.numbers]


@named_tuple
class LocalKey:
    """`[<udp|tcp>://]<pod-name>[:<ports>]` (ingress) or a verbatim pod name / `*` (egress)."""

    raw: str
    pod: str
    ports: PortSpec = PortSpec()


@named_tuple
class K8sRemote:
    raw: str
    namespace: str
    pod: str = ""
    identity: str = ""
    ports: PortSpec = PortSpec()


@named_tuple
class CidrRemote:
    raw: str
    cidr: str
    ports: PortSpec = PortSpec()


def _check(pattern: re.Pattern, key: str, what: str, expected: str, path: tuple) -> None:
    if not pattern.fullmatch(key):
        raise NetpolError(f"{what} key '{key}' does not comply with expected format: {expected}", path)


def _split_protocol(key: str) -> tuple[str, str]:
    if "://" in key:
        scheme, rest = key.split("://", 1)
        return scheme.upper(), rest
    return "TCP", key


def parse_ports(spec: str) -> tuple[int, ...]:
    """`_parse-ports.tpl`: a list (brackets optional, even unbalanced) or an `a-b` range."""
    if _PORT_LIST.fullmatch(spec):
        body = spec[1:] if spec.startswith("[") else spec
        body = body[:-1] if body.endswith("]") else body
        return tuple(sprig_int(part) for part in body.split(","))
    if "-" in spec:
        start_text, end_text = spec.split("-")[:2]
        start, end = sprig_int(start_text), sprig_int(end_text)
        count = end - start + 1
        # sprig's until() counts down for a negative count, so a reversed range yields start..end+2
        step = 1 if count >= 0 else -1
        return tuple(start + offset for offset in range(0, count, step))
    return (sprig_int(spec),)


def _port_spec(protocol: str, text: str | None, range_aware: bool = True) -> PortSpec:
    if text is None:
        return PortSpec(protocol)
    return PortSpec(protocol, parse_ports(text), range_aware and "-" in text)


def parse_ingress_local(key: str, path: tuple) -> LocalKey:
    _check(INGRESS_LOCAL, key, "Ingress local", INGRESS_LOCAL_FORMAT, path)
    protocol, rest = _split_protocol(key)
    pod, _, ports = rest.partition(":")
    return LocalKey(key, pod, _port_spec(protocol, ports if ":" in rest else None))


def parse_ingress_k8s(key: str, path: tuple) -> K8sRemote:
    _check(INGRESS_K8S, key, "Ingress k8s", INGRESS_K8S_FORMAT, path)
    identity, _, subject = key.rpartition("@")
    namespace, _, pod = subject.partition("/")
    return K8sRemote(key, namespace, pod, identity)


def parse_ingress_cidr(key: str, path: tuple) -> CidrRemote:
    _check(INGRESS_CIDR, key, "Ingress cidr", INGRESS_CIDR_FORMAT, path)
    return CidrRemote(key, key)


def parse_egress_k8s(key: str, path: tuple) -> K8sRemote:
    _check(EGRESS_K8S, key, "Egress k8s", EGRESS_K8S_FORMAT, path)
    protocol, rest = _split_protocol(key)
    subject, colon, ports = rest.partition(":")
    namespace, _, pod = subject.partition("/")
    return K8sRemote(key, namespace, pod, "", _port_spec(protocol, ports if colon else None))


def parse_egress_cidr(key: str, path: tuple) -> CidrRemote:
    _check(EGRESS_CIDR, key, "Egress cidr", EGRESS_CIDR_FORMAT, path)
    protocol, rest = _split_protocol(key)
    cidr, colon, ports = rest.partition(":")
    # the egress cidr parser never reports a range, so a-b becomes one entry per port
    return CidrRemote(key, cidr, _port_spec(protocol, ports if colon else None, range_aware=False))


def parse_definition_key(key: str, direction: str, path: tuple) -> str:
    _check(DEFINITION_KEY, key, f"{direction.title()} definition", DEFINITION_FORMAT, path)
    return key


def check_literal_key(key: str, path: tuple) -> str:
    if not LITERAL_KEY.fullmatch(key):
        raise NetpolError(f"Rule key '{key}' cannot combine shorthand syntax with a spec value", path)
    return key


def name_ports(entries: list[dict], is_range: bool) -> str:
    """`_name-ports.tpl`: `any-port`, `port-80`, `ports-80-443` or `ports-8000-thru-8010`."""
    if not entries:
        return "any-port"
    if is_range:
        first = entries[0]
        return f"ports-{format_value(first.get('port'))}-thru-{format_value(first.get('endPort'))}"
    numbers = "".join(f"-{format_value(entry.get('port'))}" for entry in entries)
    return ("ports" if len(entries) > 1 else "port") + numbers
