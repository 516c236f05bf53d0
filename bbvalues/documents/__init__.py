"""Reading inputs (values files, manifests with embedded values, HelmReleases) and editing them in place."""
