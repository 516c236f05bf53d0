"""bb-common network-policy shorthand -> NetworkPolicy / AuthorizationPolicy manifests (bb-common 0.14.1).

`expand(values, release_name=..., namespace=...)` renders; `NetpolError` is what bb-common rejects
(`.message` its text, `.path` the key); `dump_manifests` writes a YAML stream as Helm does.
`bbvalues.netpol.diff` compares two renders and reports it, `bbvalues.netpol.umbrella` finds a
package's values in umbrella values: each is imported only where it is used (a `netpol expand`
call needs neither).
"""

from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.goyaml import dump_documents as dump_manifests
from bbvalues.netpol.render import DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME, expand

__all__ = ["DEFAULT_NAMESPACE", "DEFAULT_RELEASE_NAME", "NetpolError", "dump_manifests", "expand"]
