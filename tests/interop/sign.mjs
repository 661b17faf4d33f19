#!/usr/bin/env node
// Signs an unsigned Open Badges 3.0 credential with a did:key Ed25519 key derived from a fixed
// seed, with Digital Bazaar's libraries (lib/sign.mjs); sets issuer.id (or issuer) to the did:key
// DID. Reproducible and offline.
//
// Usage: node sign.mjs FILE [--suite eddsa-rdfc-2022|Ed25519Signature2020]
//                           [--seed HEX64] [--created ISO-8601]
// Defaults: eddsa-rdfc-2022, seed bytes 0x01..0x20, created 2026-11-23T10:00:00Z.
// Prints the signed credential (2-space JSON) on stdout; exit 2 on a usage or input error.
import {readFileSync} from 'node:fs';

import {signCredential} from './lib/sign.mjs';

function usage(message) {
  process.stderr.write(`sign.mjs: ${message}\nusage: node sign.mjs FILE ` +
    '[--suite eddsa-rdfc-2022|Ed25519Signature2020] [--seed HEX64] [--created ISO-8601]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let file;
let suiteName = 'eddsa-rdfc-2022';
let seedHex = Buffer.from(Array.from({length: 32}, (_, i) => i + 1)).toString('hex');
let created = '2026-11-23T10:00:00Z';
for(let i = 0; i < args.length; ++i) {
  const arg = args[i];
  if(['--suite', '--seed', '--created'].includes(arg)) {
    if(i + 1 >= args.length) {
      usage(`${arg} needs a value`);
    }
    const value = args[++i];
    if(arg === '--suite') {
      suiteName = value;
    } else if(arg === '--seed') {
      seedHex = value;
    } else {
      created = value;
    }
  } else if(arg.startsWith('-')) {
    usage(`unknown option ${arg}`);
  } else if(file === undefined) {
    file = arg;
  } else {
    usage('only one FILE');
  }
}
if(file === undefined) {
  usage('FILE is required');
}
if(!['eddsa-rdfc-2022', 'Ed25519Signature2020'].includes(suiteName)) {
  usage(`unknown suite ${suiteName}`);
}
if(!/^[0-9a-fA-F]{64}$/.test(seedHex)) {
  usage('--seed must be 64 hexadecimal digits');
}
if(!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(created)) {
  usage(`--created: not a date-time with a zone: ${created}`);
}

let credential;
try {
  credential = JSON.parse(readFileSync(file, 'utf8'));
} catch(e) {
  usage(`cannot read ${file}: ${e.message}`);
}
if(!(credential && typeof credential === 'object' && Array.isArray(credential['@context']))) {
  usage(`${file}: not a credential with an "@context" array`);
}
if(credential.proof !== undefined) {
  usage(`${file} already has a proof`);
}
const signed = await signCredential({
  credential, suiteName, seed: new Uint8Array(Buffer.from(seedHex, 'hex')), created,
});
process.stdout.write(JSON.stringify(signed, null, 2) + '\n');
