"""Other views of a migration plan: an RFC 6902 patch and a diff of the effective values, the overlay
wrapped as a ConfigMap for Flux `valuesFrom`, and the values files a helm render after the migration reads."""

from __future__ import annotations


from bbvalues.documents.emit import emit_values
from bbvalues.documents.inputs import InputSet
from bbvalues.documents.layers import ValuesLayer, without_keys
from bbvalues.documents.yamltree import dotted_path
from bbvalues.documents.paths import delete_path
from bbvalues.helm.merge import Effective, copy_values, merge_into
from bbvalues.migrate.overlay import overlay_values, render_overlay
from bbvalues.migrate.plan import MigrationPlan


def effective_after(plan: MigrationPlan, effective: Effective) -> dict:
    """The effective values once the required deletions are made in the user's files and the overlay is
    applied after them, as the last values file (a manual rewrite keeps its entry until a person edits it)."""
    after = copy_values(effective.values)
    for edit in plan.required_edits:
        if edit.deletes:
            delete_path(after, edit.path)
    return merge_into(after, overlay_values(plan))


def json_patch(before: dict, after: dict) -> list[dict]:
    """RFC 6902 operations from `before` to `after` (the effective values before and after the migration)."""
    import jsonpatch

    return list(jsonpatch.make_patch(before, after))


def values_diff(before: dict, after: dict) -> str:
    """A unified diff of the effective values before and after the migration, as YAML."""
    import difflib  # only for `-o diff`: the overlay's import path stays short

    lines_before = emit_values(before).splitlines(keepends=True)
    lines_after = emit_values(after).splitlines(keepends=True)
    return "".join(difflib.unified_diff(lines_before, lines_after, "effective values (before)",
                                        "effective values (after)"))


def as_configmap(overlay_text: str, name: str, namespace: str) -> str:
    """The overlay as a ConfigMap whose `values.yaml` key Flux can list last in `valuesFrom`."""
    body = "".join(f"    {line}" if line.strip() else "\n" for line in overlay_text.splitlines(keepends=True))
    return (f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n  namespace: {namespace}\n"
            f"data:\n  values.yaml: |\n{body}")


def migrated_layers(inputs: InputSet, plan: MigrationPlan) -> tuple[list[ValuesLayer], list[str]]:
    """The inputs with the plan's required deletions made on copies, then the overlay, as helm `-f` layers;
    and the required edits a person makes, which no render can model."""
    deletions = [edit.path for edit in plan.required_edits if edit.deletes]
    layers = [without_keys(source, deletions) for source in inputs.sources]
    layers.append(ValuesLayer(f"bbvalues overlay (--to {plan.target_mode})", render_overlay(plan), overlay_values(plan)))
    not_modelled = [f"{edit.origin or '(position unknown)'}: {edit.verb} {dotted_path(edit.path)} [{edit.rule}] "
                    f"{edit.reason}" for edit in plan.required_edits if not edit.deletes]
    return layers, not_modelled
