// Signing with Digital Bazaar's libraries and a did:key Ed25519 key from a seed (reproducible:
// Ed25519 signatures are deterministic and `created` is given).
import * as vc from '@digitalbazaar/vc';
import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {Ed25519VerificationKey2020} from '@digitalbazaar/ed25519-verification-key-2020';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

import {makeDocumentLoader} from './loader.mjs';

export const kEd25519Signature2020Context = 'https://w3id.org/security/suites/ed25519-2020/v1';
// The default seed: bytes 0x01..0x20.
export const kDefaultSeed = new Uint8Array(Array.from({length: 32}, (_, i) => i + 1));

// The did:key DID of the Ed25519 key of `seed` (32 bytes).
export async function didKeyOfSeed(seed = kDefaultSeed) {
  const multikey = await Ed25519Multikey.generate({seed});
  return `did:key:${multikey.publicKeyMultibase}`;
}

// Returns `credential` (not modified) signed by the did:key of `seed`, with issuer.id (or
// issuer) set to that DID. suiteName: 'eddsa-rdfc-2022' (DataIntegrityProof) or
// 'Ed25519Signature2020' (adds its context to "@context" when missing).
export async function signCredential({
  credential, suiteName = 'eddsa-rdfc-2022', seed = kDefaultSeed, created,
}) {
  if(credential.proof !== undefined) {
    throw new Error('the credential already has a proof');
  }
  credential = structuredClone(credential);
  const multikey = await Ed25519Multikey.generate({seed});
  const did = `did:key:${multikey.publicKeyMultibase}`;
  const verificationMethod = `${did}#${multikey.publicKeyMultibase}`;
  if(credential.issuer && typeof credential.issuer === 'object') {
    credential.issuer = {id: did, ...credential.issuer, ...{id: did}};
  } else {
    credential.issuer = did;
  }
  let suite;
  if(suiteName === 'eddsa-rdfc-2022') {
    const keyPair = await Ed25519Multikey.from({
      ...(await multikey.export({publicKey: true, secretKey: true, includeContext: true})),
      id: verificationMethod, controller: did,
    });
    suite = new DataIntegrityProof({
      signer: keyPair.signer(), cryptosuite: eddsaRdfc2022CryptoSuite, date: created,
    });
  } else if(suiteName === 'Ed25519Signature2020') {
    const keyPair = await Ed25519VerificationKey2020.generate({seed, controller: did});
    keyPair.id = verificationMethod;
    suite = new Ed25519Signature2020({key: keyPair, date: created});
    if(!credential['@context'].includes(kEd25519Signature2020Context)) {
      credential['@context'].push(kEd25519Signature2020Context);
    }
  } else {
    throw new Error(`unknown suite ${suiteName}`);
  }
  return vc.issue({credential, suite, documentLoader: makeDocumentLoader(), now: created});
}
