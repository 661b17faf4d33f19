// Compares every npm JSON-LD context the offline loader serves with passeur's embedded copy in
// data/jsonld-contexts: same term definitions, compared semantically (key order ignored, a term
// defined as a string "iri" is the same as {"@id": "iri"}). Prints one line per context and each
// difference with its JSON path; exits 1 when a context differs, 0 when all are the same.
// Usage: node contexts_check.mjs [DIR] (default: ../../data/jsonld-contexts from this file).
import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

import {kEmbeddedContextFiles, npmContexts} from './lib/loader.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dir = process.argv[2] ?? path.join(here, '..', '..', 'data', 'jsonld-contexts');

// Normalizes a context value (object, array or string) so that equal definitions compare equal.
function normalizeContext(value) {
  if(Array.isArray(value)) {
    return value.map(normalizeContext);
  }
  if(value === null || typeof value !== 'object') {
    return value;
  }
  const out = {};
  for(const key of Object.keys(value).sort()) {
    const definition = value[key];
    if(key.startsWith('@')) {
      out[key] = definition;
    } else if(typeof definition === 'string') {
      out[key] = {'@id': definition};
    } else if(definition && typeof definition === 'object') {
      out[key] = normalizeDefinition(definition);
    } else {
      out[key] = definition;
    }
  }
  return out;
}

function normalizeDefinition(definition) {
  const out = {};
  for(const key of Object.keys(definition).sort()) {
    out[key] = key === '@context' ? normalizeContext(definition[key]) : definition[key];
  }
  return out;
}

function differences(a, b, where, out) {
  if(typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) ||
    (a === null) !== (b === null)) {
    out.push(`${where}: npm ${JSON.stringify(a)} / embedded ${JSON.stringify(b)}`);
    return;
  }
  if(a === null || typeof a !== 'object') {
    if(a !== b) {
      out.push(`${where}: npm ${JSON.stringify(a)} / embedded ${JSON.stringify(b)}`);
    }
    return;
  }
  if(Array.isArray(a)) {
    if(a.length !== b.length) {
      out.push(`${where}: npm has ${a.length} entries, embedded ${b.length}`);
    }
    for(let i = 0; i < Math.min(a.length, b.length); ++i) {
      differences(a[i], b[i], `${where}[${i}]`, out);
    }
    return;
  }
  for(const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    if(!(key in b)) {
      out.push(`${where}.${key}: only in npm (${JSON.stringify(a[key]).slice(0, 120)})`);
    } else if(!(key in a)) {
      out.push(`${where}.${key}: only in embedded (${JSON.stringify(b[key]).slice(0, 120)})`);
    } else {
      differences(a[key], b[key], `${where}.${key}`, out);
    }
  }
}

const npm = npmContexts();
let differing = 0;
for(const [url, file] of kEmbeddedContextFiles) {
  const entry = npm.get(url);
  if(!entry) {
    console.log(`MISSING ${url}: no npm package serves it (embedded ${file})`);
    ++differing;
    continue;
  }
  const embedded = JSON.parse(readFileSync(path.join(dir, file), 'utf8'));
  const out = [];
  differences(normalizeContext(entry.document['@context']),
    normalizeContext(embedded['@context']), '@context', out);
  const extraKeys = Object.keys(entry.document).filter(k => k !== '@context');
  if(out.length === 0) {
    console.log(`same ${url} (${entry.packageName} = ${file})` +
      (extraKeys.length ? ` [npm document also has ${extraKeys.join(', ')}]` : ''));
  } else {
    ++differing;
    console.log(`DIFFERENT ${url} (${entry.packageName} vs ${file}):`);
    for(const line of out) {
      console.log(`  ${line}`);
    }
  }
}
console.log(`${kEmbeddedContextFiles.length - differing} passed, ${differing} failed`);
process.exit(differing === 0 ? 0 : 1);
