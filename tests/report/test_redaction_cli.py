"""`--show-secrets`: every report command and format keeps the values' secrets out of stdout and
stderr unless asked, while the overlay (an artifact the user applies) keeps its real values."""

from __future__ import annotations

import pytest

from tests.helpers import run_cli

# One of each kind the redaction knows, each text unique so a leak is found wherever it lands.
VALUES = """\
registryCredentials:
  - registry: registry1.dso.mil
    username: robot
    password: RegistryPassw0rd-4f1c
domain: dev.bigbang.mil
git:
  credentials:
    username: flux
    privateKey: SshPrivateKeyText-6a0e
istiod:
  enabled: true
  values:
    podLabels:
      example.com/deploy-token: 731904288
istioGateway:
  enabled: true
  values:
    gateways:
      public:
        gatewayCerts:
          - name: public-cert
            tls:
              cert: "<tls-cert>"
              key: |
                -----BEGIN PRIVATE KEY-----
                MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjPemBody0001
                -----END PRIVATE KEY-----
monitoring:
  enabled: true
  sso:
    enabled: true
    prometheus:
      client_id: bb8-prometheus
      client_secret: PromClientSecret-8c2e
  values:
    grafana:
      adminPassword: GrafanaAdminPassword-31ce
    istio:
      authorizationPolicies:
        custom:
          - name: api-token
            spec:
              selector: {matchLabels: {app.kubernetes.io/name: prometheus}}
              action: ALLOW
              rules:
                - to: [{operation: {paths: ["/api/*"]}}]
                  when: [{key: "request.headers[x-api-token]", values: ["HeaderApiToken-5d7a"]}]
addons:
  authservice:
    enabled: true
    values:
      redis:
        url: redis://authservice:RedisUrlPassword-9e0b@redis:6379
      clientSecret: AuthserviceClientSecret-77aa
  thanos:
    enabled: true
    sso: {enabled: true, client_id: bb8-thanos}
    values:
      objstoreConfig: |
        type: s3
        config:
          access_key: thanos
          secret_key: ThanosS3SecretKey-0c4d
      accessToken: ThanosAccessToken-2b9f
"""
SECRETS = ["RegistryPassw0rd-4f1c", "SshPrivateKeyText-6a0e", "731904288",
           "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjPemBody0001", "PromClientSecret-8c2e", "GrafanaAdminPassword-31ce",
           "HeaderApiToken-5d7a", "RedisUrlPassword-9e0b", "AuthserviceClientSecret-77aa", "ThanosS3SecretKey-0c4d",
           "ThanosAccessToken-2b9f"]
assert all(secret in VALUES for secret in SECRETS)

MIGRATE = ("migrate", "--to", "ambient-gateway")
REVIEW = ("review", "--to", "ambient-gateway")
# Each report, and the secrets it prints with --show-secrets (a diff shows the lines around each change,
# a lint finding or review quotes only what it is about). The patch and the mode evidence show none of
# these values even then: test_redaction.py covers their redaction (a changed secret in a patch, a
# secret-keyed evidence value); here they must simply not leak.
DIFF_SHOWS = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjPemBody0001", "HeaderApiToken-5d7a", "RedisUrlPassword-9e0b",
              "AuthserviceClientSecret-77aa", "ThanosS3SecretKey-0c4d", "ThanosAccessToken-2b9f"]
REPORTS = {
    "migrate -o json": (MIGRATE + ("-o", "json"), ["HeaderApiToken-5d7a"]),
    "migrate -o jsonpatch": (MIGRATE + ("-o", "jsonpatch"), []),
    "migrate -o diff": (MIGRATE + ("-o", "diff"), DIFF_SHOWS),
    "migrate --in-place --dry-run": (MIGRATE + ("--in-place", "--dry-run"), DIFF_SHOWS),
    "review text": (REVIEW + ("-o", "text"), ["731904288"]),
    "review markdown": (REVIEW + ("-o", "markdown"), ["731904288"]),
    "review json": (REVIEW + ("-o", "json"), ["HeaderApiToken-5d7a", "731904288"]),
    **{f"lint {name}": (("lint", "-o", name), ["731904288"])
       for name in ("text", "json", "github", "gitlab-codequality", "sarif")},
    "detect text": (("detect", "-o", "text"), []),
    "detect json": (("detect", "-o", "json"), []),
}


@pytest.fixture
def values_file(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text(VALUES)
    return str(path)


def _run(args: tuple, values_file: str, *extra: str):
    result = run_cli(*args, "--bigbang-version", "3.30.0", *extra, values_file)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result


@pytest.mark.parametrize("report", sorted(REPORTS))
def test_reports_print_no_secret_unless_asked(report, values_file):
    args, shown = REPORTS[report]
    redacted = _run(args, values_file)
    output = redacted.stdout + redacted.stderr
    assert [secret for secret in SECRETS if secret in output] == []
    revealed = _run(args, values_file, "--show-secrets")
    assert revealed.exit_code == redacted.exit_code
    assert [secret for secret in shown if secret not in revealed.stdout] == []
    if shown:
        assert "redacted" in redacted.stdout  # markdown escapes the angle brackets


def test_the_overlay_is_an_artifact_and_keeps_real_values(values_file, tmp_path):
    overlay = _run(MIGRATE, values_file)
    assert "HeaderApiToken-5d7a" in overlay.stdout and "<redacted>" not in overlay.stdout
    assert [secret for secret in SECRETS if secret in overlay.stderr] == []
    configmap = _run(MIGRATE + ("--emit", "configmap", "--name", "bigbang-ambient"), values_file)
    assert "HeaderApiToken-5d7a" in configmap.stdout


def test_in_place_writes_real_values(values_file):
    result = _run(MIGRATE + ("--in-place", "--no-backup"), values_file)
    written = open(values_file).read()
    assert "HeaderApiToken-5d7a" in written and "<redacted>" not in written
    assert all(secret in written for secret in SECRETS)
    assert [secret for secret in SECRETS if secret in result.stdout + result.stderr] == []


def test_a_report_written_to_a_file_is_redacted_too(values_file, tmp_path):
    target = tmp_path / "plan.json"
    _run(MIGRATE + ("-o", "json", "--output-file", str(target)), values_file)
    text = target.read_text()
    assert "<redacted>" in text and "HeaderApiToken-5d7a" not in text


def test_sops_values_are_refused_without_echoing_them(tmp_path):
    path = tmp_path / "values.yaml"
    path.write_text("monitoring:\n  sso:\n    client_secret: ENC[AES256_GCM,data:Zm9vYmFy,iv:x,tag:y,type:str]\n")
    result = run_cli("review", "--to", "ambient-gateway", "--bigbang-version", "3.30.0", str(path))
    assert result.exit_code == 1 and "SOPS-encrypted" in result.stderr
    assert "Zm9vYmFy" not in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["migrate", "review", "lint", "detect"])
def test_every_report_command_documents_show_secrets(command):
    result = run_cli(command, "--help")
    assert "--show-secrets" in result.output
