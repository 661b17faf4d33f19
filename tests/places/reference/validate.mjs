// Checks passeur's v1 export against the standard's own reference library.
//
// usage: node validate.mjs PLACES_EXPORT_TOOL OUT_DIR
// Runs the C++ exporter (tests/places/export_tool.cpp) to write OUT_DIR/places.csv and
// OUT_DIR/places.json, then reads both back and requires, for every place:
//   - fromSchemaLieuDeMediationNumerique() of @gouvfr-anct/lieux-de-mediation-numerique accepts it
//     (it throws on any invalid id, pivot, nom, address, coordinates, phone, enum value or URL);
//   - the schema's own patterns hold too (postcode, INSEE code, phone, date, lengths), e-mails pass
//     the library's isValidCourriel, every enum item is one of the library's values, text is NFC;
//   - the CSV header is the 32 columns in order and the CSV and JSON files say the same thing.
// A negative control checks that the library does reject a broken place (so this test can fail).
// Exit status 0 when everything holds, 1 otherwise.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const [tool, outDir] = process.argv.slice(2);
if (!tool || !outDir) {
  console.error('usage: node validate.mjs PLACES_EXPORT_TOOL OUT_DIR');
  process.exit(1);
}
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const require = createRequire(path.join(root, 'package.json'));
const lib = require('@gouvfr-anct/lieux-de-mediation-numerique');

const COLUMNS = [
  'id', 'pivot', 'nom', 'commune', 'code_postal', 'code_insee', 'adresse', 'complement_adresse', 'latitude',
  'longitude', 'typologie', 'telephone', 'courriels', 'site_web', 'horaires', 'presentation_resume',
  'presentation_detail', 'source', 'itinerance', 'structure_parente', 'date_maj', 'services',
  'publics_specifiquement_adresses', 'prise_en_charge_specifique', 'frais_a_charge',
  'dispositif_programmes_nationaux', 'formations_labels', 'autres_formations_labels', 'modalites_acces',
  'modalites_accompagnement', 'fiche_acces_libre', 'prise_rdv',
];
const ENUMS = {
  typologie: lib.Typologie,
  itinerance: lib.Itinerance,
  services: lib.Service,
  publics_specifiquement_adresses: lib.PublicSpecifiquementAdresse,
  prise_en_charge_specifique: lib.PriseEnChargeSpecifique,
  frais_a_charge: lib.Frais,
  dispositif_programmes_nationaux: lib.DispositifProgrammeNational,
  formations_labels: lib.FormationLabel,
  modalites_acces: lib.ModaliteAcces,
  modalites_accompagnement: lib.ModaliteAccompagnement,
};
// Patterns of the standard's schema.json (v1.x).
const SCHEMA = {
  code_postal: /^\d{5}$/u,
  code_insee: /^([013-9]\d|2[AB1-9])\d{3}$/u,
  telephone: /^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$/u,
  date_maj: /^\d{4}-\d{2}-\d{2}$/u,
};

// RFC 4180 reader (quotes, doubled quotes, separators and newlines inside quotes, CRLF).
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      // the \n ends the row
    } else if (c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += c;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

const failures = [];
function fail(where, message) {
  failures.push(`${where}: ${message}`);
}

function check(record, where) {
  try {
    const lieu = lib.fromSchemaLieuDeMediationNumerique(record);
    if (Number.isNaN(lieu.date_maj.getTime())) fail(where, `date_maj rejected: ${record.date_maj}`);
    if (record.services && lieu.services.join('|') !== record.services) fail(where, 'services changed by the library');
  } catch (error) {
    fail(where, `reference library: ${error.constructor.name} ${error.message}`);
  }
  for (const [field, pattern] of Object.entries(SCHEMA)) {
    if (record[field] !== undefined && !pattern.test(record[field])) fail(where, `schema pattern of ${field}: ${record[field]}`);
  }
  if (record.telephone !== undefined && !lib.isValidTelephone(record.telephone)) fail(where, `telephone ${record.telephone}`);
  if (!lib.isSiret(record.pivot) && !lib.isRna(record.pivot)) fail(where, `pivot ${record.pivot}`);
  for (const email of (record.courriels ?? '').split('|').filter(Boolean)) {
    if (!lib.isValidCourriel(email)) fail(where, `courriel ${email}`);
  }
  for (const url of [record.fiche_acces_libre, record.prise_rdv].filter(Boolean)) {
    if (!lib.isValidUrl(url)) fail(where, `url ${url}`);
  }
  if ([...(record.presentation_resume ?? '')].length > 280) fail(where, 'presentation_resume over 280 characters');
  for (const [field, values] of Object.entries(ENUMS)) {
    const allowed = new Set(Object.values(values));
    for (const item of (record[field] ?? '').split('|').filter(Boolean)) {
      if (!allowed.has(item)) fail(where, `${field}: "${item}" is not a value of the library`);
    }
  }
  for (const [field, value] of Object.entries(record)) {
    if (typeof value === 'string' && value !== value.normalize('NFC')) fail(where, `${field} is not NFC`);
    if (value === '') fail(where, `${field} is present but empty`);
  }
}

mkdirSync(outDir, { recursive: true });
execFileSync(tool, [outDir, '1000'], { stdio: 'inherit' });

// CSV
const csvRows = parseCsv(readFileSync(path.join(outDir, 'places.csv'), 'utf8'));
const header = csvRows.shift();
if (header.join(',') !== COLUMNS.join(',')) fail('places.csv', `header is not the 32 columns in order: ${header}`);
const fromCsv = csvRows.map((cells, index) => {
  if (cells.length !== COLUMNS.length) fail(`places.csv row ${index + 1}`, `${cells.length} cells`);
  const record = {};
  COLUMNS.forEach((column, i) => {
    const cell = cells[i] ?? '';
    if (cell === '') return;
    record[column] = column === 'latitude' || column === 'longitude' ? Number(cell) : cell;
  });
  return record;
});
fromCsv.forEach((record, index) => check(record, `places.csv row ${index + 1} (${record.id})`));

// JSON
const fromJson = JSON.parse(readFileSync(path.join(outDir, 'places.json'), 'utf8'));
fromJson.forEach((record, index) => {
  const keys = Object.keys(record);
  const ordered = COLUMNS.filter((c) => keys.includes(c));
  if (keys.join() !== ordered.join()) fail(`places.json [${index}]`, `keys not in the standard's order or unknown: ${keys}`);
  for (const c of ['latitude', 'longitude']) {
    if (c in record && typeof record[c] !== 'number') fail(`places.json [${index}]`, `${c} is not a number`);
  }
  check(record, `places.json [${index}] (${record.id})`);
});
if (JSON.stringify(fromCsv) !== JSON.stringify(fromJson)) fail('places.csv vs places.json', 'the two exports differ');
if (fromCsv.length !== 1000) fail('places.csv', `${fromCsv.length} places instead of 1000`);

// Negative control: the library must reject these.
for (const [field, value] of [['services', 'Jardinage'], ['pivot', '123'], ['code_postal', '5110'], ['adresse', 'Rue « X »']]) {
  const broken = { ...fromJson[0], [field]: value };
  let rejected = false;
  try {
    lib.fromSchemaLieuDeMediationNumerique(broken);
  } catch {
    rejected = true;
  }
  if (!rejected) fail('negative control', `the library accepted ${field} = ${value}`);
}

if (failures.length > 0) {
  console.error(`${failures.length} problem(s):\n${failures.slice(0, 50).join('\n')}`);
  process.exit(1);
}
console.log(`reference library ${require('@gouvfr-anct/lieux-de-mediation-numerique/package.json').version}: ` +
  `${fromCsv.length} CSV places and ${fromJson.length} JSON places accepted`);
