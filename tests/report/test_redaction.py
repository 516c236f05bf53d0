"""Secret redaction: which keys and values are secrets, the redacted copies reports print, and the
marker that still shows a reviewer that a secret changes."""

from __future__ import annotations

import copy
import json
from unittest import mock

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bbvalues.bigbang.detect import Detection, Evidence, Problem
from bbvalues.documents.inputs import load_inputs
from bbvalues.documents.yamltree import walk
from bbvalues.errors import Origin
from bbvalues.documents.paths import get_path
from bbvalues.lint.finding import Finding
from bbvalues.migrate.overlay import overlay_values
from bbvalues.documents.paths import MISSING
from bbvalues.migrate.plan import Change, MigrationPlan, RequiredEdit
from bbvalues.migrate.views import json_patch, values_diff
from bbvalues.report.redact import (
    REDACTED, REDACTED_CHANGED, Redactor, is_secret, is_secret_key, redact, redact_pair, scrub_embedded, secret_texts,
)
from bbvalues.report import redact as redact_module
from bbvalues.report.redact_reports import redacted_detection, redacted_findings, redacted_plan
from tests.conftest import shared_path

SECRET_KEYS = ["password", "adminPassword", "KEYCLOAK_ADMIN_PASSWORD", "client_secret", "clientSecret", "accessToken",
               "adminToken", "token", "tokens", "privateKey", "apiKey", "api_key", "secretKey", "secretkey",
               "secret_key", "secretAccessKey", "kms_secret_key", "cookieSecret", "railsSecret", "accessSecret",
               "credentials", "passphrase", "htpasswd", "tls.key", "argocdServerAdminPassword", "secret"]
HARMLESS_KEYS = ["existingSecret", "existingSecretPasswordKey", "secretName", "secretRef", "secretKeyRef",
                 "passwordSecretName", "credentialName", "client_secret_ref", "tokenTTL", "tokenTTLSeconds",
                 "token_uri", "token_url", "tokenEndpoint", "tokenType", "passwordFile", "bearerTokenFile",
                 "secretMountPath", "passwordKey", "imagePullSecrets", "pullSecrets", "accessKey", "accessKeyId",
                 "usePasswordFiles",
                 "automountServiceAccountToken", "secretAnnotations", "key", "name", "value", "protect", "username",
                 "client_id", "enabled"]


@pytest.mark.parametrize("key", SECRET_KEYS)
def test_keys_that_hold_a_secret(key):
    assert is_secret_key(key)
    assert redact({key: "s3cr3t-value"}) == {key: REDACTED}


@pytest.mark.parametrize("key", HARMLESS_KEYS)
def test_keys_that_name_or_configure_a_secret_are_kept(key):
    assert not is_secret_key(key)
    assert redact({key: "some-name"}) == {key: "some-name"}


def test_every_listed_kind_is_redacted_and_harmless_values_stay():
    values = {
        "registryCredentials": [{"registry": "registry1.dso.mil", "username": "robot", "password": "reg-pw-1"}],
        "git": {"credentials": {"username": "flux", "privateKey": "ssh-key-text", "password": 12345678}},
        "sso": {"client_secret": "sso-secret", "tokenTTL": 5, "existingSecret": "sso-creds"},
        "cert": {"tls": {"crt": "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
                         "anywhere": "-----BEGIN RSA PRIVATE KEY-----\nMIIE\n-----END RSA PRIVATE KEY-----\n"}},
        "notes": "ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]",
        "selector": {"key": "protect", "value": "keycloak"},
        "env": [{"name": "DB_PASSWORD", "value": "env-pw"}, {"name": "LOG_LEVEL", "value": "debug"}],
        "flags": {"password": True, "token": None, "secret": ""},
        "gitlab": {"password": {"secret": "gitlab-postgres", "key": "password"}},
    }
    redacted = redact(values)
    assert redacted["registryCredentials"] == [{"registry": "registry1.dso.mil", "username": "robot",
                                                "password": REDACTED}]
    assert redacted["git"]["credentials"] == {"username": "flux", "privateKey": REDACTED, "password": REDACTED}
    assert redacted["sso"] == {"client_secret": REDACTED, "tokenTTL": 5, "existingSecret": "sso-creds"}
    assert redacted["cert"]["tls"] == {"crt": values["cert"]["tls"]["crt"], "anywhere": REDACTED}
    assert redacted["notes"] == REDACTED
    assert redacted["selector"] == {"key": "protect", "value": "keycloak"}
    assert redacted["env"] == [{"name": "DB_PASSWORD", "value": REDACTED}, {"name": "LOG_LEVEL", "value": "debug"}]
    assert redacted["flags"] == values["flags"], "booleans, nulls and empty strings have nothing to hide"
    assert redacted["gitlab"] == values["gitlab"], "{secret: NAME, key: KEY} names a Secret and its entry"
    assert values["sso"]["client_secret"] == "sso-secret", "redact returns a copy"


def test_secrets_inside_a_string_are_replaced_in_place():
    blob = "[default]\naws_access_key_id = minio\naws_secret_access_key = minio123\n"
    assert scrub_embedded(blob) == "[default]\naws_access_key_id = minio\naws_secret_access_key = <redacted>\n"
    assert scrub_embedded("redis://authservice:pw-123@redis:6379/0") == "redis://authservice:<redacted>@redis:6379/0"
    yaml_blob = 'type: s3\nconfig:\n  bucket: "thanos"\n  secret_key: "minio123"\n  password: ""\n'
    assert redact({"objstoreConfig": yaml_blob}) == {
        "objstoreConfig": 'type: s3\nconfig:\n  bucket: "thanos"\n  secret_key: <redacted>\n  password: ""\n'}


MEGABYTE = 1024 * 1024


@pytest.mark.parametrize("filler", [
    "Ab0" * (MEGABYTE // 3),  # a pasted bundle: one run of the characters a URL scheme is made of
    "a1" * (MEGABYTE // 2),  # letters and digits in turns: a scheme could start at every other one
    "-" * MEGABYTE,  # a ruler of dashes, the characters a key line may start with
    "key: a" + " " * MEGABYTE + "b",  # a key line with a long run of blanks inside its value
])
def test_a_megabyte_string_is_scrubbed_in_one_pass_and_only_its_secrets_go(filler):
    """Each pattern starts a match only where a run starts and never rescans it: these took hours."""
    text = f"{filler}\nurl: https://admin:pw-123@db.local/x\npassword = hunter2\n{filler}"
    assert scrub_embedded(text) == f"{filler}\nurl: https://admin:<redacted>@db.local/x\npassword = <redacted>\n{filler}"
    assert secret_texts({"bundle": text}) == {"pw-123", "hunter2"}


def test_a_redactor_looks_for_the_inputs_secrets_only_when_it_first_redacts_a_text():
    searched = []

    class Values(dict):
        def items(self):
            searched.append(True)
            return super().items()

    redactor = Redactor.for_values([Values(password="hunter2-xyz")])
    assert searched == []  # an overlay run prints no report: it never walks the inputs
    assert redactor.text("it is hunter2-xyz") == "it is <redacted>" and searched == [True]
    assert redactor.text("hunter2-xyz again") == "<redacted> again" and searched == [True]


def test_is_secret_judges_a_leaf_by_its_nearest_key():
    assert is_secret(("registryCredentials", 0, "password"), "x")
    assert is_secret(("tokens", 1), "x")
    assert is_secret(("anything",), "ENC[AES256_GCM,data:abc=]")
    assert not is_secret(("password",), True)
    assert not is_secret(("tokenTTL",), 5)
    assert not is_secret(("password",), MISSING)


def test_a_changed_secret_is_marked_and_never_shown():
    before = {"auth": {"password": "old-pw", "token": "same-token", "user": "a"}}
    after = {"auth": {"password": "new-pw", "token": "same-token", "user": "b", "apiKey": "added-key"}}
    old, new = redact_pair(before, after)
    assert old == {"auth": {"password": REDACTED, "token": REDACTED, "user": "a"}}
    assert new == {"auth": {"password": REDACTED_CHANGED, "token": REDACTED, "user": "b", "apiKey": REDACTED}}
    patch = json_patch(old, new)
    assert {"op": "replace", "path": "/auth/password", "value": REDACTED_CHANGED} in patch
    assert not any(op["path"] == "/auth/token" for op in patch), "an unchanged secret is not in the patch"
    diff = values_diff(old, new)
    assert f"-  password: {REDACTED}\n" in diff and f"+  password: {REDACTED_CHANGED}\n" in diff
    for text in ("old-pw", "new-pw", "same-token", "added-key"):
        assert text not in json.dumps(patch) + diff


def test_a_secret_that_changes_type_is_marked_changed():
    _old, new = redact_pair({"password": 1234}, {"password": "1234"})
    assert new == {"password": REDACTED_CHANGED}


def test_redactor_scrubs_the_inputs_secrets_from_free_text():
    redactor = Redactor.for_values([{"password": "hunter2-xyz", "adminPassword": "thanos", "pin": {"token": "abc"}},
                                    {"thanos": {"enabled": True}}])
    text = "principal 'hunter2-xyz' (hunter2-xyzz, xhunter2-xyz) of thanos; pin abc"
    assert redactor.text(text) == "principal '<redacted>' (hunter2-xyzz, xhunter2-xyz) of thanos; pin abc"
    assert Redactor.for_values([{"password": "hunter2-xyz"}], enabled=False).text(text) == text


def test_secret_texts_leave_out_short_and_public_ones():
    values = {"password": "thanos", "token": "abc", "clientSecret": "long-secret", "thanos": {"enabled": True},
              "privateKey": "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n"}
    texts = secret_texts(values)
    assert "long-secret" in texts and "MIIEvQIBADANBgkqhkiG9w0B" in texts
    assert "thanos" not in texts and "abc" not in texts


def test_a_secret_that_is_also_a_harmless_value_elsewhere_is_still_searched_for_by_its_lines():
    text = "first line of it\nsecond line of it"
    for values in ({"note": text, "password": text}, {"password": text, "note": text}):
        assert secret_texts(values) == {"first line of it", "second line of it"}


def _plan() -> MigrationPlan:
    origin = Origin("values.yaml", 3, 5)
    return MigrationPlan(
        inputs=["values.yaml"], source_mode="sidecar", target_mode="ambient-gateway", release="3.30.0",
        changes=[Change(("sso", "client_secret"), "old-secret-1", "new-secret-2", "rule-a",
                        "reason quotes old-secret-1", origin),
                 Change(("git", "password"), MISSING, "fresh-secret-3", "rule-b", "new key"),
                 Change(("istio", "ambient", "enabled"), False, True, "ambient-switch", "ambient")],
        required_edits=[RequiredEdit(("x",), "rule-c", "delete x (it was old-secret-1)", origin)],
        caveats=["caveat old-secret-1"], warnings=["warning old-secret-1"])


def test_redacted_plan_is_a_copy_and_the_overlay_keeps_real_values():
    plan = _plan()
    redactor = Redactor.for_values([{"sso": {"client_secret": "old-secret-1"}}])
    shown = redacted_plan(plan, redactor)
    first, second, third = shown.changes
    assert (first.old, first.new) == (REDACTED, REDACTED_CHANGED)
    assert second.old is MISSING and second.new == REDACTED
    assert (third.old, third.new) == (False, True)
    assert "old-secret-1" not in repr(shown)
    assert overlay_values(plan)["git"]["password"] == "fresh-secret-3", "the plan an overlay is made from is untouched"
    assert redacted_plan(plan, Redactor(enabled=False)) is plan


def test_redacted_findings_and_detection():
    redactor = Redactor.for_values([{"labels": {"deploy-token": 731904288}}])
    finding = Finding("v.yaml", 4, 7, "yaml11-label-value", "error", "label is the number 731904288",
                      'quote it: "731904288"')
    shown, = redacted_findings([finding], redactor)
    assert (shown.message, shown.fix) == ("label is the number <redacted>", 'quote it: "<redacted>"')
    detection = Detection("sidecar", "sidecar", "3.30.0", evidence=[
        Evidence('labels."example.com/deploy-token"', 731904288, None, "note"),
        Evidence("istio.ambient.enabled", False, None, "global ambient switch")],
        problems=[Problem("ambient-switch", "istio.ambient.enabled", "731904288 is odd", "why", "fix 731904288")])
    shown = redacted_detection(detection, redactor)
    assert [item.value for item in shown.evidence] == [REDACTED, False]
    assert [(problem.detail, problem.fix) for problem in shown.problems] == [("<redacted> is odd", "fix <redacted>")]


# -- property: secret leaves are redacted, the rest and the shape are kept ---------------------------------------

_SECRET_VOCABULARY = ["password", "adminPassword", "client_secret", "accessToken", "privateKey", "secretKey", "tokens"]
_HARMLESS_VOCABULARY = ["enabled", "secretName", "existingSecret", "tokenTTL", "labels", "protect", "username", "url"]
_safe_text = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC0123456789-_ ", min_size=0, max_size=12)
_leaves = st.one_of(_safe_text, st.integers(-10**6, 10**6), st.booleans(), st.none(), st.floats(allow_nan=False))
_values = st.recursive(
    _leaves,
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(_SECRET_VOCABULARY + _HARMLESS_VOCABULARY), children, max_size=4)),
    max_leaves=25)
_trees = st.dictionaries(st.sampled_from(_SECRET_VOCABULARY + _HARMLESS_VOCABULARY), _values, max_size=5)


def _nearest_key(path: tuple) -> str:
    return next(str(part) for part in reversed(path) if not isinstance(part, int))


def _expected_secret(path: tuple, value) -> bool:
    """The oracle, written from the vocabulary rather than from the module's rules."""
    holds_text = isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != ""
    return holds_text and _nearest_key(path) in _SECRET_VOCABULARY


def _shape(value):
    if isinstance(value, dict):
        return {key: _shape(child) for key, child in value.items()}
    if isinstance(value, list):
        return [_shape(child) for child in value]
    return None


@settings(max_examples=100, deadline=None)
@given(_trees)
def test_every_leaf_under_a_secret_key_is_redacted_and_nothing_else_changes(tree):
    redacted = redact(tree)
    assert _shape(redacted) == _shape(tree)
    for path, value in walk(tree):
        if isinstance(value, (dict, list)):
            continue
        shown = get_path(redacted, path)
        if _expected_secret(path, value):
            assert shown == REDACTED, path
        else:
            assert shown == value and type(shown) is type(value), path


@settings(max_examples=100, deadline=None)
@given(_trees, st.data())
def test_a_pair_marks_exactly_the_secrets_that_differ(before, data):
    after = copy.deepcopy(before)
    for path, value in walk(before):
        if path and not isinstance(value, (dict, list)) and data.draw(st.booleans(), label=f"change {path}"):
            _parent(after, path)[path[-1]] = data.draw(_leaves, label=f"new {path}")
    after.update(data.draw(_trees, label="added keys"))
    _old, new = redact_pair(before, after)
    for path, value in walk(after):
        if isinstance(value, (dict, list)) or not _expected_secret(path, value):
            continue
        was = _lookup(before, path)
        changed = was is not _NOWHERE and (was != value or type(was) is not type(value))
        assert get_path(new, path) == (REDACTED_CHANGED if changed else REDACTED), path


@settings(max_examples=100, deadline=None)
@given(_trees)
def test_no_searchable_secret_text_survives_a_redactor(tree):
    shown = json.dumps(Redactor.for_values([tree]).value(tree))
    for text in secret_texts(tree):
        assert json.dumps(text) not in shown


# Few texts, so that the same text comes back at other places and under other keys; some carry secrets inside.
_FEW_TEXTS = st.sampled_from([
    "thanos", "hunter22", "long enough", "first line of it\nsecond line of it", "db_password: s3cr3t-value\nx: 1",
    "postgres://user:pw-12345@db:5432/x", "ENC[AES256_GCM,data:abc=,iv:x,tag:y,type:str]", " padded text ", "1000",
    "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0B\n-----END PRIVATE KEY-----\n"])
_few_values = st.recursive(
    st.one_of(_FEW_TEXTS, st.sampled_from([1000, 1000.0, 12345678, True, None, ""])),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(_SECRET_VOCABULARY + _HARMLESS_VOCABULARY + ["name", "value"]), children,
                        max_size=4)),
    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_trees, st.dictionaries(st.sampled_from(_SECRET_VOCABULARY + _HARMLESS_VOCABULARY),
                                                  _few_values, max_size=5)), min_size=1, max_size=3))
def test_secret_texts_looks_at_each_text_once_and_finds_what_looking_at_every_leaf_finds(trees):
    assert secret_texts(*trees) == _every_leaf_secret_texts(trees)


def _every_leaf_secret_texts(trees) -> set[str]:
    """secret_texts as the module docstring says it, leaf by leaf with nothing remembered."""
    found, public = set(), set()

    def visit(value, under_secret_key):
        if isinstance(value, dict):
            public.update(str(key).strip() for key in value)
            secret_keys = redact_module._secret_entries(value)
            for key, child in value.items():
                visit(child, key in secret_keys)
        elif isinstance(value, list):
            for child in value:
                visit(child, under_secret_key)
        elif redact_module._redactable(value):
            if under_secret_key or redact_module._whole_value_secret(value):
                redact_module._record(found, str(value))
            else:
                public.add(str(value).strip())
                if isinstance(value, str):
                    scrub_embedded(value, found)

    for tree in trees:
        visit(tree, False)
    return {text for text in found if text.strip() not in public}


_NOWHERE = object()


def _parent(tree, path: tuple):
    for part in path[:-1]:
        tree = tree[part]
    return tree


def _lookup(tree, path: tuple):
    node = tree
    for part in path:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return _NOWHERE
    return node


# -- the real-world corpus ----------------------------------------------------------------------------------------

CORPUS_SECRETS = {
    "bigbang/tests-test-values.yaml": [
        ("packages", "garage", "values", "garageInit", "adminToken"),
        ("packages", "garage", "values", "upstream", "environment", 0, "value")],
    "bigbang-historic/3.29.0--tests-test-values-ambient.yaml": [
        ("addons", "argocd", "values", "upstream", "configs", "secret", "argocdServerAdminPassword"),
        ("addons", "mattermost", "sso", "client_secret")],
    "bigbang/chart-ingress-certs.yaml": [
        ("istioGateway", "values", "gateways", "public", "gatewayCerts", 0, "tls", "key")],
    "bigbang/chart-values.yaml": [("addons", "mimir", "minioObjectStorage", "configSecret", "secretKey"),
                                  ("addons", "mimir", "minioObjectStorage", "defaultUserCredentials", "password")],
}


@pytest.mark.parametrize("name", sorted(CORPUS_SECRETS))
def test_realworld_secrets_are_redacted_and_their_neighbours_kept(name):
    source, = load_inputs([str(shared_path("corpus", "realworld", name))]).sources
    redacted = redact(source.values)
    for path in CORPUS_SECRETS[name]:
        assert get_path(source.values, path) not in ("", None, REDACTED)
        assert get_path(redacted, path) == REDACTED, path
    kept = [path for path, value in walk(source.values)
            if isinstance(value, (bool, int, str)) and path[-1] in ("enabled", "secretName", "name", "username")]
    assert kept and all(get_path(redacted, path) == get_path(source.values, path) for path in kept)


def test_a_changed_url_password_is_marked_but_a_visible_change_is_left_alone():
    _old, new = redact_pair({"url": "redis://u:pw-1@redis:6379"}, {"url": "redis://u:pw-2@redis:6379"})
    assert new == {"url": f"redis://u:{REDACTED_CHANGED}@redis:6379"}
    _old, new = redact_pair({"url": "redis://u:pw-1@redis:6379"}, {"url": "redis://u:pw-1@valkey:6379"})
    assert new == {"url": f"redis://u:{REDACTED}@valkey:6379"}, "the host change shows; the password did not change"


def test_a_text_without_an_anchor_holds_no_part_of_a_secret_key():
    """The five searches that spare a big text the ten: each part of a secret key holds one of the anchors."""
    assert all(any(anchor in part for anchor in redact_module._PART_ANCHORS)
               for part in redact_module._SECRET_KEY_PARTS)
    assert redact_module._may_name_a_secret("x: 1\nmy_pass_Word: 2\n")  # found across separators, as before
    assert not redact_module._may_name_a_secret("setting0: value-0-AAAA\n" * 1000)
    # `.key` squashes to the anchor `key`
    assert redact_module._may_name_a_secret("setting0: value-0-AAAA\n" * 1000 + "tls.Key: x\n")


_WORDS_AND_SEPARATORS = [part.decode() for part in redact_module._SECRET_KEY_PARTS] + [
    "PASS", "Word", "Key", "api", "x", "é", "\u00df", "_", "-", ".", " ", ":", "=", "\n"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS_AND_SEPARATORS), max_size=12).map("".join),
       st.integers(min_value=1, max_value=9))
def test_a_text_squashed_a_piece_at_a_time_names_a_secret_as_the_whole_text_does(text, piece):
    """The pieces overlap by a part's length but one: a part split between two pieces is still found."""
    whole = text.encode("utf-8", "ignore").translate(redact_module._LOWER_CASE, redact_module._SEPARATOR_BYTES)
    expected = bool(redact_module._DOT_KEY.search(text)) or any(
        part in whole for part in redact_module._SECRET_KEY_PARTS)
    with mock.patch.object(redact_module, "_SQUASHED_PIECE", piece):
        assert redact_module._may_name_a_secret(text) is expected
