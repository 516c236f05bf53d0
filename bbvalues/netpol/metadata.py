"""Names, labels and annotations bb-common puts on what it renders (BBCOMMON-NETPOL §6, §8)."""

from __future__ import annotations

from bbvalues.netpol.errors import NetpolError
from bbvalues.netpol.gotypes import dig, go_type, merge, truthy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

SOURCE_LABEL = "network-policies.bigbang.dev/source"
DIRECTION_LABEL = "network-policies.bigbang.dev/direction"
HBONE_LABEL = "ambient.istio.network-policies.bigbang.dev/hbone-injected"
GENERATED = "generated.network-policies.bigbang.dev/"
LOCAL_KEY = GENERATED + "local-key"
REMOTE_KEY = GENERATED + "remote-key"
LOCAL_SELECTOR_OVERRIDE = GENERATED + "with-local-selector-override"
REMOTE_SELECTOR_OVERRIDES = GENERATED + "with-remote-selector-overrides"
FROM_SPEC_LITERAL = GENERATED + "from-spec-literal"
FROM_DEFINITION = GENERATED + "from-definition"
DEDUPLICATED = "generated.bigbang.dev/deduplicated"


def default_labels(direction: str) -> dict:
    return {SOURCE_LABEL: "bb-common", DIRECTION_LABEL: direction}


def release_prefix(values: dict, release_name: str, config_key: str) -> str:
    """`lower(release)-` when `<config_key>.prependReleaseName` is set (`networkPolicies` or `istio`)."""
    config = values.get(config_key) or {}
    return f"{release_name.lower()}-" if isinstance(config, dict) and truthy(config.get("prependReleaseName")) else ""


def user_metadata(local_config: Any, remote_config: Any, local_path: tuple = (), remote_path: tuple = ()) -> dict:
    """`_metadata-overrides.tpl`: remote labels/annotations beat local ones, except empty remote values."""
    local = dig(local_config, "metadata", default={}) if isinstance(local_config, dict) else {}
    remote = dig(remote_config, "metadata", default={}) if isinstance(remote_config, dict) else {}
    merged = {}
    for part in ("annotations", "labels"):
        local_part = _metadata_map(local, part, local_path)
        remote_part = _metadata_map(remote, part, remote_path)
        merged[part] = merge(remote_part, local_part)
    return {"metadata": merged}


def _metadata_map(metadata: Any, part: str, path: tuple) -> dict:
    """`metadata.<part>` as sprig `merge` takes it: empty is an empty map, anything else but a map fails the render."""
    value = dig(metadata, part, default={}) if isinstance(metadata, dict) else {}
    if not truthy(value):
        return {}
    if not isinstance(value, dict):
        raise NetpolError(f"wrong type for value; expected map[string]interface {{}}; got {go_type(value)}",
                          path + ("metadata", part))
    return dict(value)


def apply_user_metadata(resource: dict, local_config: Any, remote_config: Any, local_path: tuple = (),
                        remote_path: tuple = ()) -> dict:
    """Generated labels and annotations win over the user's (`merge resource overrides`)."""
    return merge(resource, user_metadata(local_config, remote_config, local_path, remote_path))
