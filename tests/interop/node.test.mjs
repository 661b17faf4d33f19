// The npm side of the interop checks, without passeur: run with `node --test tests/interop`.
// (interop.sh, run by ctest as `interop`, checks passeur's own credentials against it.)
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {test} from 'node:test';
import {fileURLToPath} from 'node:url';

import {createCredential, createList} from '@digitalbazaar/vc-bitstring-status-list';

import {makeDocumentLoader} from './lib/loader.mjs';
import {didKeyOfSeed, signCredential} from './lib/sign.mjs';
import {verifyCredential} from './lib/suites.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const data = file => path.join(here, 'data', file);
const readJson = file => JSON.parse(readFileSync(file, 'utf8'));
const kFixtures = [
  ['ob3_didkey_digitalbazaar.json', []],
  ['ob3_didkey_ed25519signature2020_digitalbazaar.json', ['--suite', 'Ed25519Signature2020']],
];

test('every npm context is the same JSON-LD as passeur\'s embedded copy', () => {
  const run = spawnSync(process.execPath, [path.join(here, 'contexts_check.mjs')],
    {encoding: 'utf8'});
  assert.equal(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout, /^9 passed, 0 failed$/m);
});

test('the loader serves contexts and did:key, and refuses every other URL', async () => {
  const asked = [];
  const loader = makeDocumentLoader({
    documents: [{id: 'http://127.0.0.1:8080/credentials/status/1', type: ['X']}],
    log: url => asked.push(url),
  });
  const v2 = await loader('https://www.w3.org/ns/credentials/v2');
  assert.equal(v2.document['@context']['@protected'], true);
  const did = await didKeyOfSeed();
  const key = await loader(`${did}#${did.slice('did:key:'.length)}`);
  assert.equal(key.document.type, 'Multikey');
  const given = await loader('http://127.0.0.1:8080/credentials/status/1');
  assert.deepEqual(given.document.type, ['X']);
  for(const url of ['https://example.org/context.json', 'http://127.0.0.1:8080/credentials/status/2',
    'did:web:127.0.0.1%3A8080', 'https://w3id.org/security/v2']) {
    await assert.rejects(loader(url), /refusing to load/);
  }
  assert.equal(asked.length, 7);
});

for(const [file, options] of kFixtures) {
  test(`${file} is reproduced by sign.mjs and verifies`, async () => {
    const signed = execFileSync(process.execPath,
      [path.join(here, 'sign.mjs'), data('ob3_unsigned.json'), ...options], {encoding: 'utf8'});
    assert.equal(signed, readFileSync(data(file), 'utf8'));
    const run = spawnSync(process.execPath, [path.join(here, 'verify.mjs'), data(file), '--json'],
      {encoding: 'utf8'});
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), {verified: true, errors: []});
  });
}

test('Digital Bazaar signs the bench badge exactly as passeur did (same seed, same time)', () => {
  // bench/data/ob3_badge_signed.json is written by passeur's C++ signer (bench/credential_bench.cpp,
  // seed 0x01..0x20, created 2026-11-23T10:00:00Z): Ed25519 is deterministic, so equal
  // documents mean equal canonical forms, hashes and signatures in both implementations.
  const bench = path.join(here, '..', '..', 'bench', 'data');
  const signed = execFileSync(process.execPath,
    [path.join(here, 'sign.mjs'), path.join(bench, 'ob3_badge_unsigned.json')], {encoding: 'utf8'});
  assert.deepEqual(JSON.parse(signed), readJson(path.join(bench, 'ob3_badge_signed.json')));
});

test('changing any one value of a signed credential makes it fail', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'passeur-interop-'));
  try {
    const run = spawnSync(process.execPath, [path.join(here, 'mutate.mjs'),
      data('ob3_didkey_digitalbazaar.json'), dir], {encoding: 'utf8'});
    assert.equal(run.status, 0, run.stderr);
    const lines = run.stdout.trim().split('\n').map(line => JSON.parse(line));
    assert.ok(lines.length >= 40, `${lines.length} leaves`);
    for(const line of lines) {
      assert.equal(line.node_verified, false, line.path);
      if(line.expect === 'tampered') {
        assert.ok(line.node_errors.some(e => /Invalid signature/.test(e)),
          `${line.path}: ${line.node_errors}`);
      }
    }
  } finally {
    rmSync(dir, {recursive: true, force: true});
  }
});

test('BitstringStatusList: a set revocation or suspension bit is reported', async () => {
  const created = '2026-11-23T10:00:00Z';
  const listUrl = purpose => `http://127.0.0.1:8080/credentials/status/${purpose}`;
  const statusList = async (purpose, setIndex) => {
    const list = await createList({length: 131072});
    if(setIndex !== undefined) {
      list.setStatus(setIndex, true);
    }
    const unsigned = await createCredential({id: listUrl(purpose), list, statusPurpose: purpose});
    unsigned.validFrom = created;
    return signCredential({credential: unsigned, created});
  };
  const unsigned = readJson(data('ob3_unsigned.json'));
  unsigned.credentialStatus = ['revocation', 'suspension'].map(purpose => ({
    id: `${listUrl(purpose)}#41`, type: 'BitstringStatusListEntry', statusPurpose: purpose,
    statusListIndex: '41', statusListCredential: listUrl(purpose),
  }));
  const credential = await signCredential({credential: unsigned, created});
  const check = async (revokedBit, suspendedBit) => verifyCredential({
    credential,
    documentLoader: makeDocumentLoader({documents: [
      await statusList('revocation', revokedBit), await statusList('suspension', suspendedBit),
    ]}),
  });
  assert.deepEqual(await check(undefined, 40),
    {verified: true, revoked: false, suspended: false, errors: []});
  const revoked = await check(41, undefined);
  assert.equal(revoked.verified, false);
  assert.equal(revoked.revoked, true);
  assert.equal(revoked.suspended, false);
  const suspended = await check(undefined, 41);
  assert.equal(suspended.verified, false);
  assert.equal(suspended.suspended, true);
  // A status list that is not given cannot be fetched: not verified.
  const missing = await verifyCredential({credential, documentLoader: makeDocumentLoader()});
  assert.equal(missing.verified, false);
  assert.ok(missing.errors.some(e => /Could not load/.test(e)), missing.errors.join('; '));
});
