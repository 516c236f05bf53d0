"""bb-common network-policy shorthand -> NetworkPolicy / AuthorizationPolicy manifests (bb-common 0.14.1).

`expand(values, release_name=..., namespace=...)` renders; `NetpolError` is what bb-common rejects
(`.message` its text, `.path` the key); `dump_manifests` writes a YAML stream as Helm does;
`diff_policies` compares two renders and `render_text` / `render_json` / `render_markdown` report it.
"""

from bbvalues.netpol.diff import PolicyDiff, diff_policies, render_json, render_markdown, render_text
from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.goyaml import dump_documents as dump_manifests
from bbvalues.netpol.render import DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME, expand

__all__ = ["DEFAULT_NAMESPACE", "DEFAULT_RELEASE_NAME", "NetpolError", "PolicyDiff", "diff_policies",
           "dump_manifests", "expand", "render_json", "render_markdown", "render_text"]
