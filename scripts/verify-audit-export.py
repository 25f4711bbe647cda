#!/usr/bin/env python3
"""Verifies a Ticketed Access audit export offline, with Python's standard library only.

    python3 scripts/verify-audit-export.py audit.jsonl jwks.json

audit.jsonl is GET /v1/audit/export?format=jsonl; jwks.json holds the checkpoint public keys
(GET /.well-known/jwks.json, best kept from a trusted moment, or built from the operator's key
files). Exit 0 when intact, 1 when not (naming the first problem), 2 on bad usage.

It checks, independently of the server's code:
  - every row's hash: sha256(prev_hash || canonical JSON of the row without id, prev_hash, hash),
    with the row's canon version: 1 = keys sorted, integer-like keys first in numeric order (rows
    written before RFC 8785; no `canon` member hashed), 2 = RFC 8785 (`canon` member hashed);
  - the chain: seqs without gaps from the range's first seq, each prev_hash the hash before it;
  - the trailer: its Ed25519 signature (RFC 8032, implemented below) with a key whose kid starts
    with "checkpoint-", and that it signs exactly the exported range's ends;
  - the anchor, when present: a checkpoint from the store outside the database, signed when its
    row was the head; the exported row at its seq must still have its hash, and a full export must
    reach its seq (else the tail was cut).
It cannot see rows written after the newest checkpoint, nor checkpoints newer than the anchor.
"""
import base64
import hashlib
import json
import re
import sys
from decimal import Decimal

GENESIS_HASH = "0" * 64
CHECKPOINT_KID_PREFIX = "checkpoint-"

# --- Ed25519 signature verification, RFC 8032 §5.1.7 (after the reference code in §6) ---------
P = 2**255 - 19
L = 2**252 + 27742317777372353535851937790883648493
D = -121665 * pow(121666, P - 2, P) % P
SQRT_M1 = pow(2, (P - 1) // 4, P)


def _recover_x(y, sign):
    if y >= P:
        return None
    x2 = (y * y - 1) * pow(D * y * y + 1, P - 2, P) % P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (P + 3) // 8, P)
    if (x * x - x2) % P != 0:
        x = x * SQRT_M1 % P
    if (x * x - x2) % P != 0:
        return None
    if (x & 1) != sign:
        x = P - x
    return x


def _add(p, q):
    # Points in extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, x*y = T/Z.
    a = (p[1] - p[0]) * (q[1] - q[0]) % P
    b = (p[1] + p[0]) * (q[1] + q[0]) % P
    c = 2 * p[3] * q[3] * D % P
    d = 2 * p[2] * q[2] % P
    e, f, g, h = b - a, d - c, d + c, b + a
    return (e * f % P, g * h % P, f * g % P, e * h % P)


def _mul(s, p):
    q = (0, 1, 1, 0)
    while s > 0:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _same(p, q):
    return (p[0] * q[2] - q[0] * p[2]) % P == 0 and (p[1] * q[2] - q[1] * p[2]) % P == 0


def _decompress(b):
    if len(b) != 32:
        return None
    y = int.from_bytes(b, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % P)


_GY = 4 * pow(5, P - 2, P) % P
_GX = _recover_x(_GY, 0)
BASE = (_GX, _GY, 1, _GX * _GY % P)


def ed25519_verify(public, message, signature):
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % L
    return _same(_mul(s, BASE), _add(r, _mul(k, a)))


# --- canonical JSON, as ECMAScript's JSON.stringify writes strings and numbers ------------------
_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}


def _string(s):
    out = ['"']
    for ch in s:
        c = ord(ch)
        if c in _ESCAPES:
            out.append(_ESCAPES[c])
        elif c < 0x20 or 0xD800 <= c <= 0xDFFF:  # control characters; lone surrogates
            out.append("\\u%04x" % c)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _number(x):
    # ECMAScript Number::toString: the shortest digits that round-trip (Python's repr finds the same).
    if isinstance(x, int) and abs(x) < 2**53:
        return str(x)
    x = float(x)
    if x != x or x in (float("inf"), float("-inf")):
        raise ValueError("NaN and Infinity are not JSON")
    if x == 0:
        return "0"
    sign = "-" if x < 0 else ""
    t = Decimal(repr(abs(x))).as_tuple()
    digits = "".join(map(str, t.digits)).rstrip("0")
    k = len(digits)
    n = len(t.digits) + t.exponent
    if k <= n <= 21:
        return sign + digits + "0" * (n - k)
    if 0 < n <= 21:
        return sign + digits[:n] + "." + digits[n:]
    if -6 < n <= 0:
        return sign + "0." + "0" * (-n) + digits
    e = n - 1
    exponent = ("+" if e >= 0 else "-") + str(abs(e))
    return sign + digits[0] + ("." + digits[1:] if k > 1 else "") + "e" + exponent


_INDEX = re.compile(r"0|[1-9][0-9]*")


def _utf16(key):
    return key.encode("utf-16-be", "surrogatepass")


def _key_order(keys, canon):
    if canon == 2:  # RFC 8785: UTF-16 code units
        return sorted(keys, key=_utf16)
    # canon 1: a JavaScript object lists array-index keys first, in numeric order, then the rest.
    index = sorted((k for k in keys if _INDEX.fullmatch(k) and int(k) < 2**32 - 1), key=int)
    return index + sorted((k for k in keys if k not in set(index)), key=_utf16)


def canonical(value, canon):
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, (int, float)):
        return _number(value)
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, list):
        return "[" + ",".join(canonical(v, canon) for v in value) + "]"
    if isinstance(value, dict):
        members = (_string(k) + ":" + canonical(value[k], canon) for k in _key_order(value.keys(), canon))
        return "{" + ",".join(members) + "}"
    raise ValueError("not a JSON value: %r" % (value,))


def row_hash(prev_hash, row, canon):
    fields = {
        "tenant": row["tenant"], "seq": row["seq"], "occurredAt": row["occurred_at"], "actorId": row["actor_id"],
        "kind": row["kind"], "grantId": row["grant_id"], "ticketId": row["ticket_id"],
        "customerId": row["customer_id"], "data": row["data"],
    }
    if canon != 1:
        fields["canon"] = canon
    return hashlib.sha256((prev_hash + canonical(fields, canon)).encode("utf-8")).hexdigest()


# --- the export -------------------------------------------------------------------------------
def _b64url(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def verified_payload(jws, jwks):
    """The JWS payload when an Ed25519 checkpoint key of the JWKS signed it, else None."""
    try:
        header_b64, payload_b64, signature_b64 = jws.split(".")
        header = json.loads(_b64url(header_b64))
        kid = header.get("kid", "")
        if header.get("alg") != "EdDSA" or not kid.startswith(CHECKPOINT_KID_PREFIX):
            return None
        for key in jwks.get("keys", []):
            if key.get("kid") == kid and key.get("kty") == "OKP" and key.get("crv") == "Ed25519":
                message = (header_b64 + "." + payload_b64).encode("ascii")
                if ed25519_verify(_b64url(key["x"]), message, _b64url(signature_b64)):
                    return json.loads(_b64url(payload_b64))
        return None
    except (ValueError, KeyError, TypeError, AttributeError):
        return None


def verify_export(text, jwks):
    """(True, summary) or (False, seq or None, reason)."""
    lines = [json.loads(line) for line in text.split("\n") if line.strip()]
    if not lines or "checkpoint" not in lines[-1]:
        return False, None, "the export has no signed checkpoint line at its end"
    trailer = lines[-1]
    checkpoint = verified_payload(trailer["checkpoint"], jwks)
    if checkpoint is None:
        return False, None, "the checkpoint signature does not verify with the published checkpoint keys"
    anchor = None
    if trailer.get("anchor"):
        anchor = verified_payload(trailer["anchor"], jwks)
        if anchor is None or anchor.get("tenant") != checkpoint["tenant"]:
            return False, None, ("the anchor checkpoint does not verify with the published keys"
                                 " (or is for another tenant)")
    prev = checkpoint["prevHash"]
    expected = checkpoint["fromSeq"]
    for row in lines[:-1]:
        seq = row["seq"]
        if seq != expected:
            return False, seq, "expected seq %d: rows are missing or out of order" % expected
        if row["prev_hash"] != prev:
            return False, seq, "prev_hash does not match the row before it"
        canon = row.get("canon", 1)
        if canon not in (1, 2):
            return False, seq, "unknown canonical JSON version %r" % (canon,)
        if row_hash(prev, row, canon) != row["hash"]:
            return False, seq, "hash does not match the row contents: the row was altered"
        if anchor and anchor["seq"] == seq and anchor["hash"] != row["hash"]:
            return False, seq, ("row %d differs from the stored checkpoint signed %s: rewritten (or its seq reused)"
                                " after it" % (seq, anchor["signedAt"]))
        prev = row["hash"]
        expected += 1
    last = expected - 1
    if last != checkpoint["toSeq"] or prev != checkpoint["hash"]:
        return False, None, ("the rows end at seq %d, but the checkpoint signs seq %d with another hash"
                             % (last, checkpoint["toSeq"]))
    if anchor and anchor["seq"] > last:
        return False, None, ("rows %d..%d are missing: the stored checkpoint signed %s covers seq %d"
                             % (last + 1, anchor["seq"], anchor["signedAt"], anchor["seq"]))
    summary = "%d rows, seq %d-%d of tenant %s, head %s, signed %s" % (
        len(lines) - 1, checkpoint["fromSeq"], checkpoint["toSeq"], checkpoint["tenant"], checkpoint["hash"],
        checkpoint["signedAt"])
    if anchor:
        summary += "; matches the stored checkpoint at seq %d signed %s" % (anchor["seq"], anchor["signedAt"])
    return True, summary


def main(argv):
    if len(argv) != 3:
        print("usage: python3 scripts/verify-audit-export.py <audit.jsonl> <jwks.json>", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    with open(argv[2], encoding="utf-8") as f:
        jwks = json.load(f)
    verdict = verify_export(text, jwks)
    if verdict[0]:
        print("OK: " + verdict[1])
        return 0
    _, seq, reason = verdict
    print("BROKEN%s: %s" % ("" if seq is None else " at seq %d" % seq, reason), file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
