"""Keep secrets out of reports: values that look like credentials are replaced before anything is printed.

Reports end up in merge-request comments and CI logs, which are far more widely readable than the
SOPS-encrypted files the values came from. What counts as a secret:

- a value whose key names one: a key *containing* password, passwd, passphrase, secret, token or
  credential, or ending in privateKey, apiKey, secretKey, secretAccessKey, encryptionKey or signingKey
  (`adminPassword`, `client_secret`, `clientSecret`, `accessToken`, `registryCredentials[0].password`),
  and Secret-style data keys ending in `.key` (`tls.key`);
- the `value`/`values` next to a `name`/`key` that names one (`env: [{name: DB_PASSWORD, value: x}]`);
- whatever its key: a SOPS `ENC[...]` value, a PEM private key, the password in a URL
  (`postgres://user:pw@host`) and `key: value` / `key=value` lines with such a key inside a
  multi-line string (a config file held as a string);

and what does not, because it names or configures a secret rather than holding one:

- keys whose first word is `existing`, `use`, `create`, `enable`, `automount` (`existingSecret`),
  and `secret` next to `key` (`{secret: gitlab-rails, key: password}` names a Secret and its entry);
- keys whose last word is a setting (`secretName`, `secretRef`, `tokenTTL`, `tokenUrl`,
  `passwordFile`, `credentialName`, `accessKeyId`, ...) or that end in `Key` without being a key
  themselves (`passwordKey` names the entry of a Secret), `imagePullSecrets` (Secret names) and
  `accessKey` (an access key id, the user name half of a key pair: `secretKey` is the secret);
- booleans, nulls and empty strings (nothing to hide, and `password: ""` must still read as unset).

A number under a secret key is redacted (`password: 12345678` is a YAML integer); numbers that
configure a secret sit under a setting key (`tokenTTL: 5`) and stay. A mapping under a secret key
(`credentials:`, `secrets:`, the `externalSecrets` package) is not redacted whole: its entries are
judged by their own keys, so `username` and `enabled` stay readable.

`Redactor` also searches free text (lint messages, reasons, a --dry-run diff) for the inputs'
secret texts. A secret shorter than 4 characters, or whose text the inputs also use as a key or a
harmless value (`password: thanos` next to the `thanos` package), is not searched for: it would
blank out every mention of the word, and the report shows that word for its other use anyway.
"""

from __future__ import annotations

import functools
import re

from bbvalues.patterns import Pattern

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Iterable, Optional

REDACTED = "<redacted>"
# A secret the change replaces: a reviewer sees that it changed, never what it was or becomes.
REDACTED_CHANGED = "<redacted (changed)>"

_MARKERS = ("password", "passwd", "passphrase", "secret", "token", "credential")
_SECRET_KEY_ENDINGS = ("privatekey", "apikey", "secretkey", "secretaccesskey", "encryptionkey", "signingkey")
_REFERENCE_FIRST_WORDS = frozenset({"existing", "use", "create", "enable", "automount"})
_SETTING_LAST_WORDS = frozenset({
    "name", "names", "ref", "refs", "id", "ttl", "expiry", "expiration", "lifetime", "duration", "timeout",
    "seconds", "interval", "length", "size", "count", "enabled", "file", "files", "path", "paths", "dir", "type",
    "mode", "format", "url", "uri", "endpoint", "issuer", "audience", "audiences", "annotations", "labels",
    "namespace", "policy", "provider", "kind", "version", "header", "selector", "template",
})
_REFERENCE_ENDINGS = ("pullsecret", "pullsecrets")
_WORD = Pattern(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
# What `_WORD` leaves out (UTF-8 bytes of other characters are all >= 0x80), and what it may then find.
_SEPARATOR_BYTES = bytes(byte for byte in range(256) if not chr(byte).isascii() or not chr(byte).isalnum())
_LOWER_CASE = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
# Each is one scan of a squashed text (megabytes, for a big config): an ending holding a marker needs no scan of its own.
_SECRET_KEY_PARTS = tuple(part.encode() for part in _MARKERS + _SECRET_KEY_ENDINGS
                          if part in _MARKERS or not any(marker in part for marker in _MARKERS))
# Every part holds one of these: a text that holds none of them holds no part, which a megabyte config
# (a dashboard, a bundle) tells in five searches instead of ten.
_PART_ANCHORS = (b"pass", b"secret", b"token", b"credential", b"key")
_LONGEST_PART_BUT_ONE = max(map(len, _SECRET_KEY_PARTS)) - 1
_SQUASHED_PIECE = 1 << 16  # characters of a text squashed at a time (`_may_name_a_secret`)
_DOT_KEY = Pattern(r"(?i)\.key")
_WHOLE_VALUE_SECRET = Pattern(r"ENC\[[A-Z0-9_]+,data:|-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----")
# Both patterns run over every string of the inputs, some of them megabytes long, so each is linear
# in its text: a match starts only where a run of scheme (or key) characters starts, and no part can
# backtrack into its neighbour (possessive `*+`, `++`; a part's characters never continue the next part).
_URL_PASSWORD = Pattern(r"(?<![a-zA-Z0-9+.-])[0-9+.-]*+(?P<lead>[a-zA-Z][a-zA-Z0-9+.-]*+://[^/\s:@]*+:)"
                           r"(?P<secret>[^/\s@]++)(?=@)")
_KEY_LINE = Pattern(r"(?m)^(?P<lead>[ \t+-]*+(?:export[ \t]+)?[\"']?)(?P<key>[A-Za-z0-9_.-]++)"
                       r"(?P<sep>[\"']?[ \t]*[:=][ \t]*)(?P<secret>[^\s#|>](?:.*[^ \t\n])?)[ \t]*$")
# Secrets shorter than this are not searched for in free text: they would match everywhere.
MIN_TEXT_LENGTH = 4
_MIN_LINE_LENGTH = 8


def is_secret_key(key: Any) -> bool:
    """Whether a value under the mapping key `key` holds a credential (see the module docstring)."""
    return _is_secret_key_text(str(key))


@functools.lru_cache(maxsize=8192)  # a values file repeats its keys (`enabled`, `values`) thousands of times
def _is_secret_key_text(text: str) -> bool:
    if text.lower().endswith(".key"):
        return True
    if not _may_name_a_secret(text):
        return False
    words = [word.lower() for word in _WORD.findall(text)]
    joined = "".join(words)
    if not any(marker in joined for marker in _MARKERS) and not joined.endswith(_SECRET_KEY_ENDINGS):
        return False
    if words[0] in _REFERENCE_FIRST_WORDS or joined.endswith(_REFERENCE_ENDINGS):
        return False
    if words[-1] == "key":
        return joined.endswith(_SECRET_KEY_ENDINGS)
    return words[-1] not in _SETTING_LAST_WORDS


def _may_name_a_secret(text: str) -> bool:
    """Whether a key in `text` can be a secret key: with its separators dropped (its words joined, as
    `_WORD` splits them) it holds a marker or a secret ending, or it has `.key` in it. For one key the
    quick negative answer of `is_secret_key`; for a whole config text, the test that spares matching
    every line of one that names no secret anywhere.

    The text is squashed and lower-cased a piece at a time, in one pass in C each, and each piece is
    searched with the end of the one before (as long as a part but one): the searches run in memory that
    stays in the cache, and a 10 MB config takes 56 ms instead of 79 ms. `.key` squashes to the anchor
    `key`: a text without any anchor is not searched for it."""
    anchored, tail = False, b""
    for start in range(0, len(text), _SQUASHED_PIECE):
        piece = text[start:start + _SQUASHED_PIECE].encode("utf-8", "ignore")
        window = tail + piece.translate(_LOWER_CASE, _SEPARATOR_BYTES)
        if any(map(window.__contains__, _PART_ANCHORS)):
            if any(map(window.__contains__, _SECRET_KEY_PARTS)):
                return True
            anchored = True
        tail = window[-_LONGEST_PART_BUT_ONE:]
    return anchored and bool(_DOT_KEY.search(text))


def is_secret(path: tuple, value: Any) -> bool:
    """Whether the leaf `value` at key path `path` is redacted whole (its siblings are not consulted:
    `redact` also catches `{name: DB_PASSWORD, value: ...}`)."""
    return _redactable(value) and (_whole_value_secret(value) or is_secret_key(_nearest_key(path)))


def redact(value: Any, path: tuple = ()) -> Any:
    """A copy of `value` with every secret replaced by `REDACTED` (keys and shape kept)."""
    return _redacted(value, path)


def redact_pair(before: Any, after: Any, path: tuple = ()) -> tuple[Any, Any]:
    """`before` and `after` redacted, with `REDACTED_CHANGED` where a secret in `after` differs from
    the one at the same place in `before`, so a diff of the two still shows which secrets change."""
    shown_before = redact(before, path)
    return shown_before, _mark_changed(redact(after, path), after, shown_before, before)


def secret_texts(*trees: Any) -> set[str]:
    """The text of every secret in the values `trees` worth searching for in free text: long enough,
    and not also a key or a harmless value there (see the module docstring)."""
    found: set[str] = set()
    keys: set = set()
    harmless: set = set()  # harmless scalars, each string looked at once: values files repeat their values
    pending = [(tree, False) for tree in trees]
    while pending:  # the trees are only read: no redacted copy is built (inputs can be megabytes)
        value, under_secret_key = pending.pop()
        if isinstance(value, dict):
            keys.update(value)
            secret_keys = _secret_entries(value)
            pending.extend((child, key in secret_keys) for key, child in value.items())
        elif isinstance(value, list):
            pending.extend((child, under_secret_key) for child in value)
        elif not _redactable(value):
            continue
        elif under_secret_key or _whole_value_secret(value):
            _record(found, str(value))
        elif value not in harmless:
            harmless.add(value if isinstance(value, str) else str(value))
            if isinstance(value, str):
                scrub_embedded(value, found)
    public = {str(text).strip() for text in keys | harmless}
    return {text for text in found if text.strip() not in public}


def scrub_embedded(text: str, found: Optional[set] = None) -> str:
    """`text` with URL passwords and the values of secret `key: value` / `key=value` lines replaced."""
    def replace(match: re.Match) -> str:
        whole, secret = match.group(0), match.group("secret")
        if secret in ('""', "''", "{}", "[]"):
            return whole
        _record(found, secret)
        start, end = (offset - match.start() for offset in match.span("secret"))
        return whole[:start] + REDACTED + whole[end:]

    if "/" in text and "://" in text:  # a search for one character (memchr) is ten times a string's speed
        text = _URL_PASSWORD.sub(replace, text)
    if (":" in text or "=" in text) and _may_name_a_secret(text):
        text = _KEY_LINE.sub(lambda m: replace(m) if is_secret_key(m.group("key")) else m.group(0), text)
    return text


class Redactor:
    """One run's redaction: `redact` by key, plus every secret text of the inputs wherever a report
    quotes it (a lint message, a reason, a value copied under a harmless key). Disabled by
    `--show-secrets`: then every method returns what it is given."""

    def __init__(self, secrets: Iterable[str] = (), enabled: bool = True):
        self.enabled = enabled
        self._secrets = secrets

    @classmethod
    def for_values(cls, trees: Iterable[Any], enabled: bool = True) -> "Redactor":
        """A redactor that knows the secrets of each values tree (every input source); it looks for
        them the first time a text is redacted, so a run that prints no report text never does."""
        if not enabled:
            return cls(enabled=False)
        return cls(_SecretsOf(list(trees)))

    def value(self, value: Any, path: tuple = ()) -> Any:
        return self._texts(redact(value, path)) if self.enabled else value

    def pair(self, before: Any, after: Any, path: tuple = ()) -> tuple[Any, Any]:
        if not self.enabled:
            return before, after
        old, new = redact_pair(before, after, path)
        return self._texts(old), self._texts(new)

    def text(self, text: Optional[str]) -> Optional[str]:
        if not self.enabled or not text:
            return text
        text = scrub_embedded(text)
        return self._pattern.sub(REDACTED, text) if self._pattern else text

    @functools.cached_property
    def _pattern(self) -> Optional[re.Pattern]:
        return _secrets_pattern(self._secrets)

    def _texts(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self._texts(child) for key, child in value.items()}
        if isinstance(value, list):
            return [self._texts(child) for child in value]
        return self.text(value) if isinstance(value, str) and value not in (REDACTED, REDACTED_CHANGED) else value


class _SecretsOf:
    """The secret texts of values trees, found when first iterated."""

    def __init__(self, trees: list):
        self.trees = trees

    def __iter__(self):
        return iter(secret_texts(*self.trees))


def _redacted(value: Any, path: tuple, under_secret_key: Optional[bool] = None) -> Any:
    if under_secret_key is None:
        under_secret_key = bool(path) and is_secret_key(_nearest_key(path))
    if isinstance(value, dict):
        secret_keys = _secret_entries(value)
        return {key: _redacted(child, path + (key,), key in secret_keys) for key, child in value.items()}
    if isinstance(value, list):
        return [_redacted(child, path + (index,), under_secret_key) for index, child in enumerate(value)]
    if not _redactable(value):
        return value
    if under_secret_key or _whole_value_secret(value):
        return REDACTED
    return scrub_embedded(value) if isinstance(value, str) else value


def _secret_entries(mapping: dict) -> set:
    """The keys of `mapping` whose values are secrets: by their own name, or a `value(s)` entry next
    to a `name`/`key` naming a secret (Kubernetes env vars, key/value lists)."""
    keys = {key for key in mapping if is_secret_key(key)}
    if "secret" in keys and isinstance(mapping.get("key"), str):
        keys.discard("secret")
    if any(isinstance(mapping.get(name), str) and is_secret_key(mapping[name]) for name in ("name", "key")):
        keys.update(key for key in ("value", "values") if key in mapping)
    return keys


def _mark_changed(shown: Any, new: Any, shown_old: Any, old: Any) -> Any:
    """`shown` (the redacted `new`) with `REDACTED_CHANGED` for a secret that differs from `old`, and
    inside a string whose change redaction would hide (only the password in a URL differs)."""
    if isinstance(shown, dict) and isinstance(new, dict):
        return {key: _mark_changed(child, new[key], *_child(shown_old, old, key)) for key, child in shown.items()}
    if isinstance(shown, list) and isinstance(new, list):
        return [_mark_changed(child, new[index], *_child(shown_old, old, index)) for index, child in enumerate(shown)]
    changed = old is not _ABSENT and (old != new or type(old) is not type(new))
    if changed and (shown == REDACTED or (isinstance(shown, str) and REDACTED in shown and shown == shown_old)):
        return shown.replace(REDACTED, REDACTED_CHANGED)
    return shown


def _child(shown: Any, value: Any, key: Any) -> tuple[Any, Any]:
    """The entry `key` of a redacted value and of the value itself (`_ABSENT` where there is none)."""
    if isinstance(value, dict) and key in value:
        return shown[key], value[key]
    if isinstance(value, list) and isinstance(key, int) and key < len(value):
        return shown[key], value[key]
    return _ABSENT, _ABSENT


_ABSENT = object()


def _redactable(value: Any) -> bool:
    """Strings and numbers hold secrets; booleans, nulls and empty strings have nothing to hide."""
    return isinstance(value, (str, int, float)) and not isinstance(value, bool) and value != ""


def _whole_value_secret(value: Any) -> bool:
    return (isinstance(value, str)  # `[` alone first: see `scrub_embedded`; the pattern's search is slower
            and (("[" in value and "ENC[" in value) or "PRIVATE KEY" in value)
            and bool(_WHOLE_VALUE_SECRET.search(value)))


def _nearest_key(path: tuple) -> str:
    """The mapping key a leaf sits under (list indexes skipped: `tokens[0]` sits under `tokens`)."""
    return next((str(part) for part in reversed(path) if not isinstance(part, int)), "")


def _record(found: Optional[set], text: str) -> None:
    if found is None:
        return
    if len(text.strip()) >= MIN_TEXT_LENGTH:
        found.add(text)
    if "\n" in text:
        found.update(line.strip() for line in text.splitlines() if len(line.strip()) >= _MIN_LINE_LENGTH)


def _secrets_pattern(secrets: Iterable[str]) -> Optional[re.Pattern]:
    """One pattern for every secret text, longest first, not matching inside a longer word
    (`admin` is a secret; `adminPassword` in a key path is not it)."""
    alternatives = [_bounded(secret) for secret in sorted(set(secrets), key=lambda s: (-len(s), s))
                    if len(secret.strip()) >= MIN_TEXT_LENGTH]
    return re.compile("|".join(alternatives)) if alternatives else None


def _bounded(secret: str) -> str:
    before = r"(?<!\w)" if re.match(r"\w", secret) else ""
    after = r"(?!\w)" if re.search(r"\w$", secret) else ""
    return before + re.escape(secret) + after
