"""`bbvalues netpol`: the NetworkPolicies and AuthorizationPolicies bb-common renders from values.

The engine (bbvalues.netpol) and the YAML reader are imported inside the commands so that
`bbvalues --help` does not pay for them.
"""

from __future__ import annotations

from bbvalues.cli.common import EXIT_CHANGES, EXIT_OK, fail, print_data, say, warn
from bbvalues.cli.params import (
    BIGBANG_VERSION, FLAG, TOGGLE, VALUES_KEY, Argument, Group, Option, command, output_option,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

netpol = Group("netpol", help="Expand bb-common network-policy shorthand (bb-common 0.14.1) into NetworkPolicies and "
                              "AuthorizationPolicies, and compare what two sets of values produce.")

RELEASE = Option("release", "--release", metavar="NAME",
                 help="Helm release name (used by prependReleaseName and {{ .Release.Name }}). "
                      "Default: release-name, or the package name with --package.")
NAMESPACE = Option("namespace", "--namespace", "-n", metavar="NS",
                   help="Release namespace the policies are rendered into. Default: default, or the package's "
                        "namespace with --package.")
PACKAGE = Option("package", "--package", "-p", metavar="NAME",
                 help="Treat the inputs as Big Bang umbrella values and expand NAME's <package>.values, with the "
                      "switches the umbrella sets for the mode (HBONE injection, ambient kubelet default, "
                      "AuthorizationPolicies from netpols).")
AMBIENT = Option("ambient", "--ambient/--no-ambient", kind=TOGGLE,
                 help="With --package: force ambient or sidecar mode instead of detecting it from "
                      "istio.ambient.enabled / ztunnel.enabled.")
RENDER_OPTIONS = [RELEASE, NAMESPACE, PACKAGE, AMBIENT, VALUES_KEY, BIGBANG_VERSION]


# root keys only the umbrella chart has: their presence means the user passed umbrella values
UMBRELLA_ONLY_KEYS = ("addons", "packages", "istiod", "istioGateway", "kyvernoPolicies", "clusterAuditor")


def _origin(origins: dict, path: tuple):
    """The position of the deepest written key on `path` (a rendered key may not exist as such)."""
    for end in range(len(path), 0, -1):
        origin = origins.get(tuple(path[:end]))
        if origin is not None:
            return origin
    return None


def _render(names: list[str], values_key: str, release: Optional[str], namespace: Optional[str],
            package: Optional[str], ambient: Optional[bool], bigbang_version: Optional[str]) -> list[dict]:
    """Read and merge the files, expand the policies; bb-common's rejections become file:line errors."""
    from bbvalues.documents.inputs import load_inputs
    from bbvalues.errors import BBValuesError
    from bbvalues.helm.merge import merge_sources
    from bbvalues.netpol import DEFAULT_NAMESPACE, DEFAULT_RELEASE_NAME, NetpolError, expand

    inputs = load_inputs(names, values_key=values_key)
    for message in inputs.warnings:
        warn(message)
    effective = merge_sources(inputs.sources)
    values, prefix = effective.values, ()
    if package:
        from bbvalues.bigbang.releases import select_release
        from bbvalues.bigbang.shape import check_umbrella_shape
        from bbvalues.netpol.umbrella import package_values

        info = inputs.helm_release
        selected = select_release(bigbang_version, info.chart_version if info else None, info.origin if info else None)
        if selected.warning:
            warn(selected.warning)
        check_umbrella_shape(effective, selected.release)
        try:
            block = package_values(values, package, ambient, release=selected.release)
        except BBValuesError as exc:  # the package is missing from the merged inputs: name them
            raise BBValuesError(exc.message, exc.origin, file=exc.file or ", ".join(names), hint=exc.hint) from None
        values, prefix = block.values, block.path
        release = release or block.name
        namespace = namespace or block.namespace
    else:
        umbrella_keys = sorted(key for key in UMBRELLA_ONLY_KEYS if key in values)
        if umbrella_keys:
            warn(f"these look like Big Bang umbrella values ({', '.join(umbrella_keys)} at the root); bb-common reads "
                 "package-level values, so you probably want --package NAME")
    try:
        return expand(values, release_name=release or DEFAULT_RELEASE_NAME, namespace=namespace or DEFAULT_NAMESPACE)
    except NetpolError as exc:
        from bbvalues.documents.yamltree import dotted_path
        from bbvalues.netpol.hints import hint_for

        origin = _origin(effective.origins, prefix + exc.path)
        where = dotted_path(prefix + exc.path)
        hint = "; ".join(part for part in (hint_for(exc.message), f"key: {where}" if where else None) if part) or None
        raise BBValuesError(f"bb-common rejects these values: {exc.message}", origin,
                            file=None if origin else names[-1], hint=hint) from None


@netpol.add
@command("expand", help="Print, as a YAML stream, the NetworkPolicies and AuthorizationPolicies bb-common renders.",
         short_help="Print the policies bb-common renders",
         epilog="\b\nExamples:\n"
                "  bbvalues netpol expand --namespace monitoring --release monitoring values.yaml\n"
                "  bbvalues netpol expand --package authservice umbrella.yaml overrides.yaml\n"
                "  bbvalues netpol expand --package monitoring --no-ambient umbrella.yaml | kubectl diff -f -\n\n"
                "Exit codes: 0 rendered, 1 error (including values bb-common rejects).",
         params=[Argument("files", "FILE...", multiple=True, required=True,
                          help="Values files in Helm order (later files win), or '-' for stdin. Package-level values "
                               "(networkPolicies/istio at the root) unless --package is given."),
                 *RENDER_OPTIONS])
def expand(files: list[str], release: Optional[str], namespace: Optional[str], package: Optional[str],
           ambient: Optional[bool], values_key: str, bigbang_version: Optional[str]) -> int:
    from bbvalues.netpol import dump_manifests

    documents = _render(files, values_key, release, namespace, package, ambient, bigbang_version)
    if not documents:
        say("note: these values render no policies (is networkPolicies.enabled / istio.enabled set?)")
    print_data(dump_manifests(documents))
    return EXIT_OK


def _split_sides(args: list[str]) -> tuple[list[str], list[str]]:
    """`--before A B --after C D` (also `--before=A`): the files of each side, in order."""
    sides: dict[str, list[str]] = {"--before": [], "--after": []}
    current = None
    for arg in args:
        flag, equals, value = arg.partition("=")
        if flag in sides:
            current = flag
            if equals:
                sides[flag].append(value)
        elif current is None:
            raise _usage(f"'{arg}' comes before --before/--after: say which side it belongs to")
        elif arg.startswith("-") and arg != "-":
            raise _usage(f"unknown option '{arg}'")
        else:
            sides[current].append(arg)
    for flag, names in sides.items():
        if not names:
            raise _usage(f"{flag} needs at least one file")
    return sides["--before"], sides["--after"]


def _usage(message: str):
    return fail(f"{message} (see bbvalues netpol diff --help)")


@netpol.add
@command("diff", help="List the policies added, removed and changed (pods, direction, peers, ports) between two sets "
                      "of values.", short_help="Compare the policies of two sets of values",
         epilog="\b\nExamples:\n"
                "  bbvalues netpol diff --before old/values.yaml --after new/values.yaml\n"
                "  bbvalues netpol diff -p monitoring --before base.yaml prod.yaml --after base.yaml new.yaml\n"
                "  bbvalues netpol diff -o markdown --before main.yaml --after branch.yaml >> review.md\n\n"
                "Exit codes: 0 done (1 error); with --exit-code, 2 when any policy differs.",
         params=[Argument("sides", "--before FILE... --after FILE...", multiple=True, required=True,
                          help="The values files of each side, each list in Helm order."),
                 output_option(("text", "json", "markdown"), "text, json or markdown."),
                 *RENDER_OPTIONS,
                 Option("exit_code", "--exit-code", kind=FLAG, help="Exit 2 when the policies differ.")],
         passes_unknown_options=True)
def diff(sides: list[str], output: str, release: Optional[str], namespace: Optional[str], package: Optional[str],
         ambient: Optional[bool], values_key: str, bigbang_version: Optional[str], exit_code: bool) -> int:
    from bbvalues.netpol.diff import diff_policies
    from bbvalues.report.formats import netpol_diff_renderer

    before_files, after_files = _split_sides(sides)
    before = _render(before_files, values_key, release, namespace, package, ambient, bigbang_version)
    after = _render(after_files, values_key, release, namespace, package, ambient, bigbang_version)
    result = diff_policies(before, after)
    print_data(netpol_diff_renderer(output)(result))
    return EXIT_CHANGES if exit_code and result.has_changes else EXIT_OK
