"""How to fix each input bb-common rejects, keyed by the start of bb-common's own message."""

from __future__ import annotations

_PORTS = "ports are a number, a list [80,443] or a range 8000-8010"
HINTS = (
    ("Ingress local key", "an ingress local key is [tcp|udp://]<pod-name>[:<ports>]; the pod name uses letters, digits, "
                          "'-' and '_' ('*' and '.' are not allowed: select several pods with a podSelector override); "
                          + _PORTS),
    ("Ingress k8s key", "ingress k8s keys are [<service-account>@]<namespace>[/<pod>] with no port or protocol: "
                        "put those on the local key (e.g. 'tcp://app:8080')"),
    ("Ingress cidr key", "ingress cidr keys are a bare IPv4 a.b.c.d/n: put ports on the local key"),
    ("Egress k8s key", "egress k8s keys are [tcp|udp://]<namespace>[/<pod>][:<ports>]; namespace and pod use letters, "
                       "digits and '-' (or '*'); " + _PORTS),
    ("Egress cidr key", "egress cidr keys are [tcp|udp://]a.b.c.d/n[:<ports>] (IPv4 only); " + _PORTS),
    ("Ingress definition key", "definition names use letters, digits, '-' and '_'"),
    ("Egress definition key", "definition names use letters, digits, '-' and '_'"),
    ("NetworkPolicy definition", "define it under networkPolicies.<direction>.definitions with a non-empty 'to' (egress) "
                                 "or 'from' (ingress) list, or use a built-in (egress: kubeAPI; ingress: gateway, "
                                 "monitoring); names are case-sensitive"),
    ("Rule key", "a literal key is a plain name (letters, digits, '-'); the NetworkPolicy rules go under its 'spec'"),
    ("values don't meet", "bb-common's values.schema.json is checked before anything renders: fix the type or remove "
                          "the key it names"),
    ("error calling tpl", "keys may use {{ .Release.Name }}, {{ .Release.Namespace }} and {{ .Values.<path> }}"),
    ("error calling dig", "each egress.from.<pod> value must be a map with a 'to' map"),
)


def hint_for(message: str) -> str | None:
    return next((hint for prefix, hint in HINTS if message.startswith(prefix)), None)
