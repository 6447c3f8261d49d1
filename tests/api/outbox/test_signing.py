"""Webhook signatures (api/outbox/signing.py): `t=…,v1=…`, HMAC-SHA256 of `t.body`."""

import hashlib
import hmac

from api.outbox.signing import new_secret, signature_header, verify

BODY = b'{"id":"k","event":"review.due","data":{}}'


def test_signature_header_is_stripe_like_and_computable_by_hand() -> None:
    header = signature_header("whsec_abc", BODY, timestamp=1_765_000_000)
    expected = hmac.new(b"whsec_abc", b"1765000000." + BODY, hashlib.sha256).hexdigest()
    assert header == f"t=1765000000,v1={expected}"


def test_verify_accepts_the_right_secret_within_tolerance() -> None:
    header = signature_header("whsec_abc", BODY, timestamp=1_000)
    assert verify("whsec_abc", BODY, header, now=1_200)


def test_verify_refuses_another_secret_a_changed_body_or_an_old_timestamp() -> None:
    header = signature_header("whsec_abc", BODY, timestamp=1_000)
    assert not verify("whsec_xyz", BODY, header, now=1_000)
    assert not verify("whsec_abc", BODY.replace(b"review", b"revieW"), header, now=1_000)
    assert not verify("whsec_abc", BODY, header, now=1_301)


def test_verify_refuses_a_malformed_header() -> None:
    for header in ("", "v1=abc", "t=x,v1=abc", "t=1000"):
        assert not verify("whsec_abc", BODY, header, now=1_000)


def test_new_secret_is_random_and_prefixed() -> None:
    first, second = new_secret(), new_secret()
    assert first.startswith("whsec_") and len(first) == 49 and first != second
