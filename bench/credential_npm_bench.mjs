#!/usr/bin/env node
// Verification throughput of Digital Bazaar's npm verifier (@digitalbazaar/vc + DataIntegrityProof
// eddsa-rdfc-2022 / Ed25519Signature2020, offline loader of tests/interop/lib) on one signed
// credential, on one core (sequential awaits).
//
// Usage: node bench/credential_npm_bench.mjs CREDENTIAL [--doc FILE]... [--n N] [--runs R]
//                                            [--warmup W] [--json]
// Defaults: N = 200 verifications per run, R = 5 runs, W = 50 warm-up verifications.
// Every verification must succeed (else exit 1: a bench of failures measures nothing).
// Prints each run's verifications/s and the median; --json prints one JSON line
// {"verifier", "credential", "n", "runs", "per_run", "median_per_second"} instead.
import {readFileSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

import {makeDocumentLoader} from '../tests/interop/lib/loader.mjs';
import {verifyCredential} from '../tests/interop/lib/suites.mjs';

function usage(message) {
  process.stderr.write(`credential_npm_bench.mjs: ${message}\nusage: node ` +
    'bench/credential_npm_bench.mjs CREDENTIAL [--doc FILE]... [--n N] [--runs R] ' +
    '[--warmup W] [--json]\n');
  process.exit(2);
}

const args = process.argv.slice(2);
let file;
let n = 200;
let runs = 5;
let warmup = 50;
let json = false;
const documents = [];
for(let i = 0; i < args.length; ++i) {
  const arg = args[i];
  if(['--doc', '--n', '--runs', '--warmup'].includes(arg)) {
    if(i + 1 >= args.length) {
      usage(`${arg} needs a value`);
    }
    const value = args[++i];
    if(arg === '--doc') {
      documents.push(JSON.parse(readFileSync(value, 'utf8')));
      continue;
    }
    const count = Number(value);
    if(!Number.isInteger(count) || count < (arg === '--warmup' ? 0 : 1) || count > 1e6) {
      usage(`${arg}: not a count: ${value}`);
    }
    if(arg === '--n') {
      n = count;
    } else if(arg === '--runs') {
      runs = count;
    } else {
      warmup = count;
    }
  } else if(arg === '--json') {
    json = true;
  } else if(arg.startsWith('-')) {
    usage(`unknown option ${arg}`);
  } else if(file === undefined) {
    file = arg;
  } else {
    usage('only one CREDENTIAL');
  }
}
if(file === undefined) {
  usage('CREDENTIAL is required');
}

const credential = JSON.parse(readFileSync(file, 'utf8'));
const documentLoader = makeDocumentLoader({documents});

async function verifyOnce() {
  // A fresh copy each time: the libraries must not see a document they already processed.
  const result = await verifyCredential({credential: structuredClone(credential), documentLoader});
  if(!result.verified) {
    process.stderr.write(`not verified: ${JSON.stringify(result.errors)}\n`);
    process.exit(1);
  }
}

for(let i = 0; i < warmup; ++i) {
  await verifyOnce();
}
const perRun = [];
for(let r = 0; r < runs; ++r) {
  const start = performance.now();
  for(let i = 0; i < n; ++i) {
    await verifyOnce();
  }
  const seconds = (performance.now() - start) / 1000;
  perRun.push(n / seconds);
  if(!json) {
    console.log(`run ${r + 1}: ${n} verifications in ${seconds.toFixed(3)} s = ` +
      `${(n / seconds).toFixed(1)} verifications/s`);
  }
}
const sorted = [...perRun].sort((a, b) => a - b);
const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] :
  (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
if(json) {
  console.log(JSON.stringify({
    verifier: '@digitalbazaar/vc (eddsa-rdfc-2022, node ' + process.version + ')',
    credential: file, n, runs,
    per_run: perRun.map(x => Math.round(x * 10) / 10),
    median_per_second: Math.round(median * 10) / 10,
  }));
} else {
  console.log(`median of ${runs} runs: ${median.toFixed(1)} verifications/s ` +
    `(@digitalbazaar/vc, ${file})`);
}
