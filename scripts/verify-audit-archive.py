#!/usr/bin/env python3
"""Verifies sealed Ticketed Access audit archives offline, with Python's standard library only.

    python3 scripts/verify-audit-archive.py jwks.json <archive folder>...

Each folder holds manifest.json, rows.jsonl, closing-checkpoint.jws and (after the first)
previous-checkpoint.jws; jwks.json holds the checkpoint public keys, rotated ones included. Exit 0
when every archive verifies and, given several, each starts where the one before it closed.

Written from the README's rule ("Retention and archives"), sharing only the hash rule, canonical
JSON and Ed25519 of scripts/verify-audit-export.py: the closing checkpoint signs (tenant, toSeq,
closingHash), the previous one (tenant, fromSeq - 1, prevHash); the rows chain from prevHash to
closingHash without gaps; the row count and every file's sha256 match the manifest.
"""
import hashlib
import importlib.util
import json
import os
import sys

_spec = importlib.util.spec_from_file_location(
    "verify_audit_export", os.path.join(os.path.dirname(os.path.abspath(__file__)), "verify-audit-export.py"))
_export = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_export)


def _read(folder, name):
    try:
        with open(os.path.join(folder, name), "rb") as f:
            return f.read()
    except OSError:
        return None


def verify_archive(folder, jwks):
    """(manifest, None) when it verifies, else (None, (kind, file, message))."""
    raw = _read(folder, "manifest.json")
    if raw is None:
        return None, ("file_missing", "manifest.json", "manifest.json is missing: not a complete archive")
    manifest = json.loads(raw)
    files = {}
    needed = ["rows.jsonl", "closing-checkpoint.jws"] + (["previous-checkpoint.jws"] if manifest["fromSeq"] > 1 else [])
    for name in needed:
        files[name] = _read(folder, name)
        if files[name] is None:
            return None, ("file_missing", name, name + " is missing")

    def checkpoint(name, seq, hash_, role):
        signed = _export.verified_payload(files[name].decode("ascii").strip(), jwks)
        if signed is None:
            return ("bad_checkpoint", name, "the %s checkpoint's signature does not verify" % role)
        if signed.get("tenant") != manifest["tenant"] or signed.get("seq") != seq or signed.get("hash") != hash_:
            return ("wrong_checkpoint", name, "the %s checkpoint signs seq %s, not seq %s of this archive"
                    % (role, signed.get("seq"), seq))
        return None

    problem = checkpoint("closing-checkpoint.jws", manifest["toSeq"], manifest["closingHash"], "closing")
    if not problem and manifest["fromSeq"] > 1:
        problem = checkpoint("previous-checkpoint.jws", manifest["fromSeq"] - 1, manifest["prevHash"], "previous")
    if not problem and manifest["fromSeq"] == 1 and manifest["prevHash"] != _export.GENESIS_HASH:
        problem = ("manifest_invalid", "manifest.json", "an archive from seq 1 must chain from the genesis hash")
    if problem:
        return None, problem
    prev, seq, count = manifest["prevHash"], manifest["fromSeq"] - 1, 0
    for line in files["rows.jsonl"].decode("utf-8").split("\n"):
        if not line.strip():
            continue
        row = json.loads(line)
        canon = row.get("canon", 1)
        if row["seq"] != seq + 1 or row["prev_hash"] != prev or row["tenant"] != manifest["tenant"]:
            message = "row %s: out of order or not linked to the row before" % row["seq"]
            return None, ("row_altered", "rows.jsonl", message)
        if _export.row_hash(prev, row, canon) != row["hash"]:
            return None, ("row_altered", "rows.jsonl", "row %s: hash does not match the row contents" % row["seq"])
        prev, seq, count = row["hash"], row["seq"], count + 1
    if seq != manifest["toSeq"] or prev != manifest["closingHash"] or count != manifest["rowCount"]:
        return None, ("wrong_checkpoint", "closing-checkpoint.jws", "the rows end at seq %s, not where it signs" % seq)
    for name, content in files.items():
        if manifest["files"].get(name) != hashlib.sha256(content).hexdigest():
            return None, ("file_altered", name, name + " does not match its sha256 in manifest.json")
    return manifest, None


def main(argv):
    if len(argv) < 3:
        print("usage: python3 scripts/verify-audit-archive.py <jwks.json> <archive folder>...", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        jwks = json.load(f)
    ok, verified = True, []
    for folder in argv[2:]:
        manifest, problem = verify_archive(folder, jwks)
        if problem:
            ok = False
            print("BROKEN: %s: %s (%s): %s" % (os.path.basename(folder.rstrip("/")), *problem), file=sys.stderr)
        else:
            verified.append(manifest)
            span = (manifest["id"], manifest["fromSeq"], manifest["toSeq"], manifest["rowCount"])
            print("OK: %s: seq %d-%d (%d rows)" % span)
    verified.sort(key=lambda m: m["fromSeq"])
    for before, after in zip(verified, verified[1:]):
        if after["fromSeq"] != before["toSeq"] + 1 or after["prevHash"] != before["closingHash"]:
            ok = False
            print("BROKEN: %s: gap: does not follow %s" % (after["id"], before["id"]), file=sys.stderr)
    if ok and len(verified) > 1:
        print("OK: %d archives form one chain" % len(verified))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
