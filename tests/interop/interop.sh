#!/usr/bin/env bash
# passeur's credentials checked by an independent verifier (Digital Bazaar's npm libraries,
# tests/interop/verify.mjs, offline), and credentials signed by those libraries checked by
# `passeur verify`. Everything in a temporary directory with its own SQLite database; no server,
# no network (the DID document and the status list credentials are printed by the CLI and handed
# to the npm verifier as documents).
#
#   1. `passeur keys create`; sign tests/interop/data/ob3_unsigned.json with --issuer did:key and
#      with --issuer did:web; both verify with node (DID document and status lists given) and
#      with `passeur verify`;
#   2. every leaf value of each signed credential changed in turn (tests/interop/mutate.mjs):
#      node refuses each copy, `passeur verify` exits non-zero, with verdict "tampered" for data
#      values (other verdicts allowed, "valid" never, for @context, type, proof suite/purpose/value);
#   3. revoke (did:key credential), suspend then reinstate (did:web credential): node and passeur
#      agree after the status lists are printed again; a revoked credential cannot be reinstated;
#   4. the npm-signed fixtures (eddsa-rdfc-2022 and Ed25519Signature2020, did:key) are valid for
#      `passeur verify`;
#   5. `passeur keys create --type rsa`, `credential sign --format jwt --alg RS256`: node's built-in
#      crypto verifies the JWT with the JWK published in the DID document (and refuses a copy with
#      one payload character changed); `passeur verify` says valid, then tampered.
# Environment: PASSEUR_BIN (the passeur binary, required), PASSEUR_NODE (default node).
# Prints "ok: ..." / "FAIL: ..." per check and "N passed, N failed"; exits 1 when a check failed.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
passeur=${PASSEUR_BIN:?PASSEUR_BIN must name the passeur binary}
node=${PASSEUR_NODE:-node}
public_url=http://127.0.0.1:8080
did_web='did:web:127.0.0.1%3A8080'

tmp=$(mktemp -d)
trap '[[ -n ${KEEP_TMP:-} ]] || rm -rf "$tmp"' EXIT
db=(--db "sqlite:$tmp/p.db")
site=("${db[@]}" --public-url "$public_url")

passed=0
failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
ko() { echo "FAIL: $*"; failed=$((failed + 1)); }
# check DESCRIPTION COMMAND...: ok when COMMAND succeeds.
check() {
  local what=$1
  shift
  if "$@"; then ok "$what"; else ko "$what"; fi
}

# jget FILE EXPR: prints the JavaScript expression EXPR of the JSON document `d` in FILE
# (strings as is, other values as JSON).
jget() {
  "$node" -e '
    const d = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    const v = eval(process.argv[2]);
    console.log(typeof v === "string" ? v : JSON.stringify(v));
  ' "$1" "$2"
}

# run_passeur OUT ARGS...: runs passeur, stdout to OUT; on failure shows stderr and returns 1.
run_passeur() {
  local out=$1
  shift
  if ! "$passeur" "$@" >"$out" 2>"$tmp/stderr"; then
    echo "passeur $* failed:" >&2
    cat "$tmp/stderr" >&2
    return 1
  fi
}

# status_docs CREDENTIAL: prints (again) every status list credential CREDENTIAL points to,
# into $tmp/status_<n>.json, and sets the array `docs` to the --doc options for the npm verifier
# (DID document + those lists).
status_docs() {
  docs=(--doc "$tmp/did.json")
  local url n
  for url in $(jget "$1" '[...new Set([d.credentialStatus ?? []].flat().map(s => s.statusListCredential))].join(" ")'); do
    n=${url##*/}
    [[ $url == "$public_url/credentials/status/$n" ]] || { ko "status list URL $url"; return 1; }
    run_passeur "$tmp/status_$n.json" credential status-list "$n" "${site[@]}" || return 1
    [[ $(jget "$tmp/status_$n.json" d.id) == "$url" ]] || { ko "status list $n has id $url"; return 1; }
    docs+=(--doc "$tmp/status_$n.json")
  done
}

# node_verdict CREDENTIAL: the npm verifier's result (one JSON line) -> $tmp/node.json; prints
# "verified", "revoked", "suspended" or "refused".
node_verdict() {
  "$node" "$here/verify.mjs" "$1" "${docs[@]}" --json >"$tmp/node.json" || true
  jget "$tmp/node.json" 'd.verified ? "verified" : d.revoked ? "revoked" : d.suspended ? "suspended" : "refused"'
}

# passeur_verdict CREDENTIAL: `passeur verify --json` -> $tmp/passeur.json; prints the verdict,
# followed by "/exit0" when the exit code was 0 (only a valid credential may exit 0).
passeur_verdict() {
  local rc=0
  "$passeur" verify "$1" --json "${site[@]}" >"$tmp/passeur.json" 2>"$tmp/stderr" || rc=$?
  local verdict
  verdict=$(jget "$tmp/passeur.json" 'd.verdict' 2>/dev/null) || verdict="(no JSON: $(head -c 200 "$tmp/stderr"))"
  if [[ $rc -eq 0 ]]; then echo "$verdict/exit0"; else echo "$verdict"; fi
}

# expect_both CREDENTIAL NODE_EXPECTED PASSEUR_EXPECTED WHAT
expect_both() {
  local node_got passeur_got
  node_got=$(node_verdict "$1")
  if [[ $node_got == "$2" ]]; then ok "node: $4 -> $2"; else ko "node: $4 -> $node_got ($(cat "$tmp/node.json"))"; fi
  passeur_got=$(passeur_verdict "$1")
  if [[ $passeur_got == "$3" ]]; then ok "passeur verify: $4 -> $3"; else ko "passeur verify: $4 -> $passeur_got ($(head -c 400 "$tmp/passeur.json"))"; fi
}

echo "== issuer key, DID document"
run_passeur "$tmp/key.json" keys create "${db[@]}"
did_key=$(jget "$tmp/key.json" d.did_key)
check "keys create prints a did:key ($did_key)" test "${did_key#did:key:z6Mk}" != "$did_key"
run_passeur "$tmp/did.json" keys did-document "${site[@]}"
check "the DID document is $did_web's" test "$(jget "$tmp/did.json" d.id)" = "$did_web"

echo "== signing with did:key and did:web"
"$node" -e '
  const fs = require("fs");
  const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  for (const [issuer, uuid] of [["did-key", "1f0e6a52-8b7c-4d3e-a2f1-0c9b8a7d6e01"],
                                ["did-web", "1f0e6a52-8b7c-4d3e-a2f1-0c9b8a7d6e02"]]) {
    fs.writeFileSync(`${process.argv[2]}/unsigned_${issuer}.json`,
                     JSON.stringify({...d, id: `urn:uuid:${uuid}`}, null, 2));
  }
' "$here/data/ob3_unsigned.json" "$tmp"
for issuer in did:key did:web; do
  name=${issuer/:/-}
  run_passeur "$tmp/$name.json" credential sign "$tmp/unsigned_$name.json" \
    --issuer "$issuer" "${site[@]}"
  issuer_id=$(jget "$tmp/$name.json" 'd.issuer.id ?? d.issuer')
  expected=$([[ $issuer == did:key ]] && echo "$did_key" || echo "$did_web")
  check "$issuer: issuer is $expected" test "$issuer_id" = "$expected"
  check "$issuer: proof is DataIntegrityProof eddsa-rdfc-2022" test \
    "$(jget "$tmp/$name.json" 'd.proof.type + " " + d.proof.cryptosuite')" = "DataIntegrityProof eddsa-rdfc-2022"
  check "$issuer: two BitstringStatusListEntry (revocation, suspension)" test \
    "$(jget "$tmp/$name.json" '[d.credentialStatus].flat().map(s => s.type + ":" + s.statusPurpose).sort().join(",")')" = \
    "BitstringStatusListEntry:revocation,BitstringStatusListEntry:suspension"
  status_docs "$tmp/$name.json"
  expect_both "$tmp/$name.json" verified valid/exit0 "$issuer credential as issued"
done

echo "== one value changed at a time"
for name in did-key did-web; do
  status_docs "$tmp/$name.json"
  mkdir -p "$tmp/mutated_$name"
  if ! "$node" "$here/mutate.mjs" "$tmp/$name.json" "$tmp/mutated_$name" "${docs[@]}" >"$tmp/mutations_$name.jsonl"; then
    ko "$name: node accepted a changed copy (or refused the original): $(grep '"node_verified":true' "$tmp/mutations_$name.jsonl" | head -3)"
  fi
  for path in credentialSubject.achievement.name validFrom issuer.name issuer.id \
    'credentialSubject.achievement.alignment[0].targetUrl' 'credentialSubject.identifier[0].identityHash' \
    'credentialSubject.identifier[0].salt' proof.created proof.verificationMethod \
    'credentialStatus[0].statusListIndex' 'credentialStatus[0].statusListCredential'; do
    grep -qF "\"path\":\"$path\"" "$tmp/mutations_$name.jsonl" || ko "$name: the sweep did not change $path"
  done
  total=0
  bad=0
  declare -A verdicts=()
  while IFS=$'\t' read -r file path expect node_verified; do
    total=$((total + 1))
    got=$(passeur_verdict "$file")
    verdicts[$got]=$(( ${verdicts[$got]:-0} + 1 ))
    if [[ $node_verified != false ]]; then
      ko "$name $path: node verified the changed copy"
      bad=$((bad + 1))
    fi
    if [[ $got == */exit0 || $got == valid* ]]; then
      ko "$name $path: passeur verify accepted the changed copy ($got)"
      bad=$((bad + 1))
    elif [[ $expect == tampered && $got != tampered ]]; then
      ko "$name $path: passeur verify says $got, expected tampered ($(jget "$tmp/passeur.json" d.reason 2>/dev/null))"
      bad=$((bad + 1))
    fi
  done < <("$node" -e '
    for (const line of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) {
      if (!line) continue;
      const m = JSON.parse(line);
      console.log([m.file, m.path, m.expect, m.node_verified].join("\t"));
    }' "$tmp/mutations_$name.jsonl")
  summary=$(for v in "${!verdicts[@]}"; do echo "$v ${verdicts[$v]}"; done | sort | paste -sd, -)
  unset verdicts
  if [[ $total -ge 40 && $bad -eq 0 ]]; then
    ok "$name: each of $total changed values refused by node and by passeur verify ($summary)"
  elif [[ $total -lt 40 ]]; then
    ko "$name: only $total changed copies"
  fi
done

echo "== revocation, suspension"
key_id=$(jget "$tmp/did-key.json" d.id)
web_id=$(jget "$tmp/did-web.json" d.id)
run_passeur "$tmp/out" credential revoke "$key_id" "${site[@]}"
status_docs "$tmp/did-key.json"
expect_both "$tmp/did-key.json" revoked revoked "did:key credential after revoke"
status_docs "$tmp/did-web.json"
expect_both "$tmp/did-web.json" verified valid/exit0 "did:web credential (not revoked)"
run_passeur "$tmp/out" credential suspend "$web_id" "${site[@]}"
status_docs "$tmp/did-web.json"
expect_both "$tmp/did-web.json" suspended suspended "did:web credential after suspend"
run_passeur "$tmp/out" credential reinstate "$web_id" "${site[@]}"
status_docs "$tmp/did-web.json"
expect_both "$tmp/did-web.json" verified valid/exit0 "did:web credential after reinstate"
if "$passeur" credential reinstate "$key_id" "${site[@]}" >/dev/null 2>&1; then
  ko "reinstate of a revoked credential succeeded"
else
  ok "a revoked credential cannot be reinstated"
fi
status_docs "$tmp/did-key.json"
expect_both "$tmp/did-key.json" revoked revoked "did:key credential still revoked"

echo "== credentials signed by the npm libraries"
docs=()
for fixture in ob3_didkey_digitalbazaar.json ob3_didkey_ed25519signature2020_digitalbazaar.json; do
  expect_both "$here/data/$fixture" verified valid/exit0 "$fixture"
done

echo "== RS256 VC-JWT with an RSA issuer key, checked with node's built-in crypto"
# Last: once an RSA key exists, the DID document also lists a JsonWebKey2020 (jws-2020 context).
run_passeur "$tmp/rsa_key.json" keys create --type rsa "${db[@]}"
check "keys create --type rsa makes an RSA key" test "$(jget "$tmp/rsa_key.json" d.kind)" = RSA
run_passeur "$tmp/did_rsa.json" keys did-document "${site[@]}"
"$node" -e '
  const fs = require("fs");
  const d = JSON.parse(fs.readFileSync(process.argv[1], "utf8"));
  fs.writeFileSync(process.argv[2], JSON.stringify({...d, id: "urn:uuid:1f0e6a52-8b7c-4d3e-a2f1-0c9b8a7d6e03"}));
' "$here/data/ob3_unsigned.json" "$tmp/unsigned_rs256.json"
run_passeur "$tmp/rs256.jwt" credential sign "$tmp/unsigned_rs256.json" --format jwt --alg RS256 "${site[@]}"
tr -d '\n' <"$tmp/rs256.jwt" >"$tmp/rs256_flat.jwt"
# node_rs256 TOKEN_FILE: "verified" when the RS256 signature checks with the publicKeyJwk of the
# header's kid in the DID document (createPublicKey + RSA-SHA256) and iss is the DID, else "refused".
node_rs256() {
  "$node" -e '
    const fs = require("fs"), crypto = require("crypto");
    const [h, p, s] = fs.readFileSync(process.argv[1], "utf8").trim().split(".");
    const header = JSON.parse(Buffer.from(h, "base64url"));
    const doc = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
    const vm = doc.verificationMethod.find(m => m.id === header.kid);
    let ok = header.alg === "RS256" && vm && vm.type === "JsonWebKey2020" &&
      doc.assertionMethod.includes(vm.id);
    if (ok) {
      const key = crypto.createPublicKey({key: vm.publicKeyJwk, format: "jwk"});
      ok = crypto.verify("RSA-SHA256", Buffer.from(h + "." + p), key, Buffer.from(s, "base64url"));
      ok = ok && JSON.parse(Buffer.from(p, "base64url")).iss === doc.id;
    }
    console.log(ok ? "verified" : "refused");
  ' "$1" "$tmp/did_rsa.json" 2>&1 || true
}
check "node: RS256 JWT verified with the JWK of the DID document" test "$(node_rs256 "$tmp/rs256_flat.jwt")" = verified
"$node" -e '
  const fs = require("fs");
  const [h, p, s] = fs.readFileSync(process.argv[1], "utf8").trim().split(".");
  const i = Math.floor(p.length / 2);
  fs.writeFileSync(process.argv[2], [h, p.slice(0, i) + (p[i] === "A" ? "B" : "A") + p.slice(i + 1), s].join("."));
' "$tmp/rs256_flat.jwt" "$tmp/rs256_flipped.jwt"
check "node: RS256 JWT with one payload character changed refused" test "$(node_rs256 "$tmp/rs256_flipped.jwt")" = refused
got=$(passeur_verdict "$tmp/rs256_flat.jwt")
if [[ $got == valid/exit0 ]]; then ok "passeur verify: RS256 JWT -> valid"; else ko "passeur verify: RS256 JWT -> $got"; fi
got=$(passeur_verdict "$tmp/rs256_flipped.jwt")
if [[ $got == tampered ]]; then ok "passeur verify: changed RS256 JWT -> tampered"; else ko "passeur verify: changed RS256 JWT -> $got"; fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
