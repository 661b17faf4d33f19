#!/usr/bin/env node
// Tamper sweep: for EVERY leaf value of a signed credential (each string, number and boolean,
// proof included), writes a copy with that one value changed and verifies it with the npm
// verifier in this process (faster than one node per copy).
//
// Usage: node mutate.mjs SIGNED OUTDIR [--doc FILE]...
// Writes OUTDIR/NNN.json and prints one JSON line per copy:
//   {"file", "path" (e.g. "credentialSubject.achievement.alignment[0].targetUrl"), "from", "to",
//    "expect": "tampered" | "invalid", "node_verified": bool, "node_errors": [...]}
// expect "tampered": a data value of the credential or of its proof's signed options, which a
// verifier must refuse because the signature no longer matches; "invalid": "@context" entries,
// "type" values, proof.type / cryptosuite / proofPurpose / proofValue, which a verifier may refuse
// for another reason (unknown term, unsupported suite, wrong purpose) but must refuse.
// Exits 1 when the npm verifier accepts a copy, or when the original does not verify.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import path from 'node:path';

import {makeDocumentLoader} from './lib/loader.mjs';
import {verifyCredential} from './lib/suites.mjs';

// Another did:key (seed 0x20 x 32), for changing proof.verificationMethod and DID values.
const kOtherDidKey = 'did:key:z6MkvDqGT54cXesYGvABpF1UapVNwjCqRcafi4Px6Thv5T3Z';
const kBase58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';

const args = process.argv.slice(2);
const positional = [];
const documents = [];
for(let i = 0; i < args.length; ++i) {
  if(args[i] === '--doc' && i + 1 < args.length) {
    documents.push(JSON.parse(readFileSync(args[++i], 'utf8')));
  } else {
    positional.push(args[i]);
  }
}
if(positional.length !== 2) {
  process.stderr.write('usage: node mutate.mjs SIGNED OUTDIR [--doc FILE]...\n');
  process.exit(2);
}
const [signedFile, outDir] = positional;
const original = JSON.parse(readFileSync(signedFile, 'utf8'));
mkdirSync(outDir, {recursive: true});
const documentLoader = makeDocumentLoader({documents});

function* leaves(value, trail = []) {
  if(Array.isArray(value)) {
    for(let i = 0; i < value.length; ++i) {
      yield* leaves(value[i], [...trail, i]);
    }
  } else if(value !== null && typeof value === 'object') {
    for(const key of Object.keys(value)) {
      yield* leaves(value[key], [...trail, key]);
    }
  } else {
    yield trail;
  }
}

function pathText(trail) {
  return trail.map((k, i) => typeof k === 'number' ? `[${k}]` : (i ? `.${k}` : k)).join('');
}

function changed(value, trail) {
  const last = trail.filter(k => typeof k === 'string').at(-1);
  if(typeof value === 'boolean') {
    return !value;
  }
  if(typeof value === 'number') {
    return value + 1;
  }
  if(last === 'proofValue') {
    // Same length, still base58btc: only the signature bytes differ.
    const i = Math.floor(value.length / 2);
    const next = kBase58[(kBase58.indexOf(value[i]) + 1) % kBase58.length];
    return value.slice(0, i) + next + value.slice(i + 1);
  }
  if(last === 'verificationMethod') {
    const key = kOtherDidKey.slice('did:key:'.length);
    return `${kOtherDidKey}#${key}`;
  }
  if(/^\d{4}-\d\d-\d\dT/.test(value)) {
    // Earlier, still well-formed: a date check cannot be what refuses it.
    return value.startsWith('2025-') ? '2024-06-01T08:00:00Z' : '2025-06-01T08:00:00Z';
  }
  if(/^\d+$/.test(value)) {
    return String(Number(value) + 1);
  }
  if(value.startsWith('did:')) {
    return kOtherDidKey;
  }
  if(value.startsWith('sha256$')) {
    const lastChar = value.at(-1) === '0' ? '1' : '0';
    return value.slice(0, -1) + lastChar;
  }
  if(value.startsWith('urn:uuid:')) {
    return value.slice(0, -1) + (value.at(-1) === '0' ? '1' : '0');
  }
  if(/^https?:\/\//.test(value)) {
    return value + (value.endsWith('/') ? 'x' : '-x');
  }
  return value + ' (modifié)';
}

function expectation(trail) {
  const keys = trail.filter(k => typeof k === 'string');
  const last = keys.at(-1);
  if(keys.includes('@context') || last === 'type') {
    return 'invalid';
  }
  if(keys[0] === 'proof' && ['cryptosuite', 'proofPurpose', 'proofValue'].includes(last)) {
    return 'invalid';
  }
  return 'tampered';
}

function setAt(document, trail, value) {
  let node = document;
  for(const key of trail.slice(0, -1)) {
    node = node[key];
  }
  node[trail.at(-1)] = value;
}

function getAt(document, trail) {
  return trail.reduce((node, key) => node[key], document);
}

const base = await verifyCredential({credential: structuredClone(original), documentLoader});
if(!base.verified) {
  process.stderr.write(`mutate.mjs: the original does not verify: ${base.errors.join('; ')}\n`);
  process.exit(1);
}

let accepted = 0;
let n = 0;
for(const trail of leaves(original)) {
  const from = getAt(original, trail);
  const to = changed(from, trail);
  const copy = structuredClone(original);
  setAt(copy, trail, to);
  const file = path.join(outDir, `${String(++n).padStart(3, '0')}.json`);
  writeFileSync(file, JSON.stringify(copy, null, 2) + '\n');
  const result = await verifyCredential({credential: copy, documentLoader});
  if(result.verified) {
    ++accepted;
  }
  process.stdout.write(JSON.stringify({
    file, path: pathText(trail), from, to, expect: expectation(trail),
    node_verified: result.verified, node_errors: result.errors,
  }) + '\n');
}
process.exit(accepted === 0 ? 0 : 1);
