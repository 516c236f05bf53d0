"""bb-common network-policy shorthand -> NetworkPolicy / AuthorizationPolicy manifests (bb-common 0.14.1)."""

from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.render import DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME, expand

__all__ = ["DEFAULT_NAMESPACE", "DEFAULT_RELEASE_NAME", "NetpolError", "dump_manifests", "expand"]


def dump_manifests(documents: list[dict]) -> str:
    """A YAML stream of the manifests, written the way `helm template` writes them."""
    from bbvalues.netpol.goyaml import dump_documents

    return dump_documents(documents)
