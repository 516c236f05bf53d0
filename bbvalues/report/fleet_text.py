"""What `bbvalues migrate --in-place DIR...` did to each environment: one line each, then a total."""

from __future__ import annotations


def render_fleet_migration(result, dry_run: bool) -> tuple[str, list[str]]:
    """(the diff of every edit, for --dry-run; the summary lines for stderr)."""
    lines = []
    verb = "would edit" if dry_run else "edited"
    for env in result.environments:
        shared = f" (shared with {', '.join(env.shared_with)})" if env.shared_with else ""
        if env.refused:
            lines.append(f"error: {env.name}: nothing written: {env.refused[0]}")
            lines.extend(f"  also: {message}" for message in env.refused[1:])
        elif env.changes:
            files = sorted(set(env.written)) if not dry_run else []
            lines.append(f"{env.name}: {verb} {env.changes} change(s) for {result.target}{shared}"
                         + (f": {', '.join(files)}" if files else ""))
        else:
            lines.append(f"{env.name}: nothing to do for {result.target}")
        lines.extend(f"  warning: {message}" for message in env.warnings)
        lines.extend(f"  required edit left to you: {message}" for message in env.manual)
    done = sum(1 for env in result.environments if env.changes and not env.refused)
    refused = sum(1 for env in result.environments if env.refused)
    lines.append(f"{len(result.environments)} environment(s): {done} {verb.replace('would edit', 'to edit')}, "
                 f"{refused} refused, {len(result.environments) - done - refused} already {result.target}")
    return "".join(env.diff for env in result.environments), lines
