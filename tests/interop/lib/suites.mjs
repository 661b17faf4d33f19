// The Digital Bazaar verification stack used by the interop scripts and the npm bench.
import * as vc from '@digitalbazaar/vc';
import {DataIntegrityProof} from '@digitalbazaar/data-integrity';
import {Ed25519Signature2020} from '@digitalbazaar/ed25519-signature-2020';
import {checkStatus as checkBitstringStatus} from '@digitalbazaar/vc-bitstring-status-list';
import {cryptosuite as eddsaRdfc2022CryptoSuite} from '@digitalbazaar/eddsa-rdfc-2022-cryptosuite';

// Suites that verify eddsa-rdfc-2022 DataIntegrityProof and legacy Ed25519Signature2020.
export function verificationSuites() {
  return [
    new DataIntegrityProof({cryptosuite: eddsaRdfc2022CryptoSuite}),
    new Ed25519Signature2020(),
  ];
}

// Flattens the nested errors of a vc / jsonld-signatures result into distinct messages.
export function errorMessages(...roots) {
  const seen = new Set();
  const visit = value => {
    if(!value) {
      return;
    }
    if(Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if(value instanceof Error || typeof value.message === 'string') {
      const nested = value.errors ?? value.details?.errors;
      if(Array.isArray(nested) && nested.length > 0) {
        nested.forEach(visit);
      } else if(value.message) {
        const cause = value.cause ?? value.details?.cause;
        seen.add(value.message + (cause?.message ? ` (${cause.message})` : ''));
      }
    }
  };
  roots.forEach(visit);
  return [...seen];
}

// Verifies `credential` (proof, dates, BitstringStatusList status when credentialStatus is
// present). Returns {verified, revoked?, suspended?, errors}: verified is false when a proof
// fails, a date is out of range, the status list cannot be loaded or verified, or a status bit
// (revocation or suspension) is set.
export async function verifyCredential({credential, documentLoader, now}) {
  const suite = verificationSuites();
  const result = await vc.verifyCredential({
    credential,
    suite,
    documentLoader,
    now,
    checkStatus: options => checkBitstringStatus({...options, suite}),
  });
  const out = {verified: result.verified === true};
  const errors = errorMessages(result.error,
    (result.results ?? []).map(r => r.error), result.statusResult?.error,
    (result.statusResult?.results ?? []).map(r => r.error));
  if(result.statusResult?.verified) {
    // checkStatus answers verified with the bit value: a set bit means the purpose applies.
    for(const {credentialStatus, status} of result.statusResult.results) {
      const purpose = credentialStatus.statusPurpose;
      if(purpose === 'revocation' || purpose === 'suspension') {
        const key = purpose === 'revocation' ? 'revoked' : 'suspended';
        out[key] = (out[key] ?? false) || status === true;
        if(status === true) {
          out.verified = false;
          errors.push(`status list ${credentialStatus.statusListCredential} ` +
            `index ${credentialStatus.statusListIndex}: ${key}`);
        }
      }
    }
  }
  if(!out.verified && errors.length === 0) {
    errors.push('not verified (no reason given by the library)');
  }
  out.errors = errors;
  return out;
}
