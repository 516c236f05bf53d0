"""The shorthand key grammar: local keys, remote keys, port specs and port names (BBCOMMON-NETPOL §3-5).

The regular expressions are bb-common's own (Go RE2: `\\d` and `\\w` are ASCII, `$` is the end of
the text), each tested without `re` as a `Shape` (bbvalues/patterns.py). The port parser keeps its quirks
on purpose: leading-zero ports are octal, reversed ranges count down, unbalanced brackets are accepted,
an egress CIDR range is expanded.
"""

from __future__ import annotations

from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import format_value, sprig_int
from bbvalues.patterns import ASCII_LETTERS, DIGITS, WORD, Shape, consists_of
from bbvalues.records import named_tuple

_NAME = ASCII_LETTERS + DIGITS + "-"  # `[A-Za-z0-9-]`
_WORD_OR_DASH = WORD + "-"  # `[\w-]`


def _is_number(text: str) -> bool:
    return consists_of(text, DIGITS)


def _is_port_list(text: str) -> bool:
    body = text[1:] if text.startswith("[") else text
    return all(map(_is_number, (body[:-1] if body.endswith("]") else body).split(",")))


def _is_port_spec(text: str) -> bool:
    start, dash, end = text.partition("-")
    return _is_port_list(text) or bool(dash) and _is_number(start) and _is_number(end)


def _is_name_or_any(text: str) -> bool:
    return text == "*" or consists_of(text, _NAME)


def _is_subject(text: str) -> bool:
    """`<namespace>[/<pod>]`, each a name or `*`."""
    namespace, slash, pod = text.partition("/")
    return _is_name_or_any(namespace) and (not slash or _is_name_or_any(pod))


def _is_cidr(text: str) -> bool:
    address, slash, bits = text.partition("/")
    octets = address.split(".")
    return bool(slash) and len(octets) == 4 and all(map(_is_number, octets)) and _is_number(bits)


def _with_ports(is_target):
    """`[<tcp|udp>://]<target>[:<ports>]`, where a target holds no colon."""
    def is_key(key: str) -> bool:
        target, colon, ports = (key[6:] if key.startswith(("tcp://", "udp://")) else key).partition(":")
        return is_target(target) and (not colon or _is_port_spec(ports))
    return is_key


def _is_ingress_k8s(key: str) -> bool:
    identity, at, subject = key.rpartition("@")
    return (not at or consists_of(identity, _NAME)) and _is_subject(subject)


_PORT_SPEC = r"(\d+|\d+-\d+|\[?\d+(,\d+)*\]?)"
INGRESS_LOCAL = Shape(r"((tcp|udp)://)?[\w-]+(:(\[?\d+(,\d+)*\]?|\d+|\d+-\d+))?",
                      _with_ports(lambda pod: consists_of(pod, _WORD_OR_DASH)))
INGRESS_K8S = Shape(r"([A-Za-z0-9-]+@)?([A-Za-z0-9-]+|\*)(/([A-Za-z0-9-]+|\*))?", _is_ingress_k8s)
CIDR = Shape(r"(\d+\.){3}\d+/\d+", _is_cidr)
EGRESS_K8S = Shape(r"((tcp|udp)://)?([A-Za-z0-9-]+|\*)(/([A-Za-z0-9-]+|\*))?(:" + _PORT_SPEC + ")?",
                   _with_ports(_is_subject))
EGRESS_CIDR = Shape(r"((tcp|udp)://)?(\d+\.){3}\d+/\d+(:" + _PORT_SPEC + ")?", _with_ports(_is_cidr))
DEFINITION_KEY = Shape(r"[\w-]+", lambda key: consists_of(key, _WORD_OR_DASH))
LITERAL_KEY = Shape(r"[A-Za-z0-9-]+", lambda key: consists_of(key, _NAME))
_PORT_LIST = Shape(r"\[?\d+(,\d+)*\]?", _is_port_list)

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


def _check(pattern: Shape, key: str, what: str, expected: str, path: tuple) -> None:
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
    _check(CIDR, key, "Ingress cidr", INGRESS_CIDR_FORMAT, path)
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
