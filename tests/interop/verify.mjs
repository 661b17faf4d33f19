#!/usr/bin/env node
// Independent verifier of passeur's credentials: Digital Bazaar's @digitalbazaar/vc with the
// eddsa-rdfc-2022 Data Integrity cryptosuite and the Ed25519Signature2020 suite, status checked
// with @digitalbazaar/vc-bitstring-status-list, fully offline (see lib/loader.mjs).
//
// Usage: node verify.mjs FILE [--doc FILE]... [--now ISO-8601] [--json]
//   --doc: a document the loader may serve, by its "id" (a did:web DID document, a status list
//          credential). Any other URL than the npm contexts, did:key and these fails.
// Prints {"verified": bool, "revoked"?: bool, "suspended"?: bool, "errors": [...]} (--json: on
// one line) and exits 0 only when verified; 1 when not verified; 2 on a usage or input error.
import {readFileSync} from 'node:fs';

import {makeDocumentLoader} from './lib/loader.mjs';
import {verifyCredential} from './lib/suites.mjs';

function usage(message) {
  process.stderr.write(`verify.mjs: ${message}\n` +
    'usage: node verify.mjs FILE [--doc FILE]... [--now ISO-8601] [--json]\n');
  process.exit(2);
}

function readJson(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch(e) {
    usage(`cannot read ${file}: ${e.message}`);
  }
  try {
    return JSON.parse(text);
  } catch(e) {
    usage(`${file} is not JSON: ${e.message}`);
  }
}

const args = process.argv.slice(2);
let file;
let now;
let json = false;
const documents = [];
for(let i = 0; i < args.length; ++i) {
  const arg = args[i];
  if(arg === '--doc' || arg === '--now') {
    if(i + 1 >= args.length) {
      usage(`${arg} needs a value`);
    }
    const value = args[++i];
    if(arg === '--doc') {
      documents.push(readJson(value));
    } else {
      if(isNaN(new Date(value))) {
        usage(`--now: not a date: ${value}`);
      }
      now = value;
    }
  } else if(arg === '--json') {
    json = true;
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

const credential = readJson(file);
let documentLoader;
try {
  documentLoader = makeDocumentLoader({documents});
} catch(e) {
  usage(e.message);
}
const result = await verifyCredential({credential, documentLoader, now});
process.stdout.write(JSON.stringify(result, null, json ? undefined : 2) + '\n');
process.exit(result.verified ? 0 : 1);
