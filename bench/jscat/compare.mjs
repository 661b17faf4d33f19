// jscat (npm @bdelab/jscat) against passeur on the same bank, examinees and answers (issue 4).
//
//   node compare.mjs PASSEUR_BINARY [--examinees N] [--seed S] [--length L] [--method EAP|MLE] [--keep DIR]
//
// PASSEUR_BINARY is `passeur` (or build/<dir>/bench/passeur_assessment_cli, the same commands).
// 1. passeur writes scenario A (500 2PL items), N examinees θ ~ N(0, 1) and one pre-drawn answer per
//    (examinee, item): correct iff u < P(θ; a, b), u uniform (--write-bank/--write-thetas/--write-answers).
// 2. jscat runs its CAT on these: start θ = 0, EAP with a N(0, 1) prior on [−5, 5] (or MLE), maximum
//    Fisher information, fixed length; the answer to an item is read from the matrix. Timed.
// 3. passeur runs the same examinees with the same answers (--bank --thetas --answers --length --json).
// Prints both RMSEs and biases, steps per second of each and the ratio.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import jscat from '@bdelab/jscat';

const { Cat } = jscat;

function parseArgs(argv) {
  const o = { examinees: 300, seed: 1, length: 20, method: 'EAP', keep: null, binary: null };
  for (let i = 0; i < argv.length; ++i) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) throw new Error(`${a}: a value is expected`);
      return argv[++i];
    };
    if (a === '--examinees') o.examinees = Number.parseInt(next(), 10);
    else if (a === '--seed') o.seed = Number.parseInt(next(), 10);
    else if (a === '--length') o.length = Number.parseInt(next(), 10);
    else if (a === '--method') o.method = next().toUpperCase();
    else if (a === '--keep') o.keep = next();
    else if (!a.startsWith('--') && o.binary === null) o.binary = a;
    else throw new Error(`unknown argument ${a}`);
  }
  if (o.binary === null) throw new Error('usage: node compare.mjs PASSEUR_BINARY [--examinees N] [--seed S] [--length L] [--method EAP|MLE]');
  if (!(o.examinees >= 1 && o.examinees <= 100000)) throw new Error('--examinees: 1..100000');
  if (!(o.length >= 1 && o.length <= 500)) throw new Error('--length: 1..500');
  if (o.method !== 'EAP' && o.method !== 'MLE') throw new Error('--method: EAP or MLE');
  return o;
}

// The files are passeur's own output (plain ids, numbers): a comma split is enough.
function readCsv(path) {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0);
  return { header: lines[0].split(','), rows: lines.slice(1).map((l) => l.split(',')) };
}

function stats(errors) {
  const n = errors.length;
  const bias = errors.reduce((s, e) => s + e, 0) / n;
  const rmse = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / n);
  return { rmse, bias };
}

const o = parseArgs(process.argv.slice(2));
const dir = o.keep ?? mkdtempSync(join(tmpdir(), 'passeur-jscat-'));
const bankFile = join(dir, 'bank.csv');
const thetasFile = join(dir, 'thetas.csv');
const answersFile = join(dir, 'answers.csv');
const run = (args) => execFileSync(o.binary, args, { encoding: 'utf8', maxBuffer: 64 << 20 });

run(['simulate', '--scenario', 'a', '--examinees', String(o.examinees), '--seed', String(o.seed),
  '--length', String(o.length), '--write-bank', bankFile, '--write-thetas', thetasFile,
  '--write-answers', answersFile, '--json', '--no-timing']);

const bank = readCsv(bankFile);
const col = (name) => bank.header.indexOf(name);
const stimuli = bank.rows.map((r, index) => ({
  id: r[col('id')], index, a: Number(r[col('a')]), b: Number(r[col('b')]), c: Number(r[col('c')]), d: 1,
}));
const thetas = readCsv(thetasFile).rows.map((r) => Number(r[1]));
const answers = readCsv(answersFile);
const columnOf = new Map(answers.header.slice(1).map((id, k) => [id, k + 1]));
const answerColumn = stimuli.map((s) => columnOf.get(s.id));
if (answerColumn.some((c) => c === undefined) || answers.rows.length !== thetas.length) {
  throw new Error('the answer matrix does not match the bank and the examinees');
}

// jscat: one Cat per examinee, as its README shows (findNextItem over the remaining stimuli).
const errors = [];
let steps = 0;
const start = performance.now();
for (let e = 0; e < thetas.length; ++e) {
  const cat = new Cat({
    method: o.method, itemSelect: 'MFI', nStartItems: 0, theta: 0, minTheta: -5, maxTheta: 5,
    priorDist: 'norm', priorPar: [0, 1],
  });
  let remaining = stimuli;
  for (let k = 0; k < o.length; ++k) {
    const { nextStimulus, remainingStimuli } = cat.findNextItem(remaining, 'MFI');
    const item = stimuli.find((s) => s.id === nextStimulus.id);
    const answer = answers.rows[e][answerColumn[item.index]] === '1' ? 1 : 0;
    cat.updateAbilityEstimate({ a: item.a, b: item.b, c: item.c, d: 1 }, answer);
    remaining = remainingStimuli;
    ++steps;
  }
  errors.push(cat.theta - thetas[e]);
}
const jscatSeconds = (performance.now() - start) / 1000;
const j = { ...stats(errors), stepsPerSecond: steps / jscatSeconds };

const p = JSON.parse(run(['simulate', '--bank', bankFile, '--thetas', thetasFile, '--answers', answersFile,
  '--length', String(o.length), '--seed', String(o.seed), '--json']));

const fmt = (x, d = 3) => x.toFixed(d);
console.log(`scenario A, 500 items, ${thetas.length} examinees, fixed length ${o.length}, seed ${o.seed}, same answers`);
console.log(`jscat ${o.method} (N(0,1) prior on [-5, 5] for EAP), MFI: RMSE ${fmt(j.rmse)}  bias ${fmt(j.bias, 4)}  ${fmt(j.stepsPerSecond, 0)} steps/s`);
console.log(`passeur EAP (N(0,1) prior, 61-node grid), max information: RMSE ${fmt(p.rmse)}  bias ${fmt(p.bias, 4)}  ${fmt(p.steps_per_second, 0)} steps/s`);
console.log(`speed ratio passeur/jscat: ${fmt(p.steps_per_second / j.stepsPerSecond, 0)}`);
console.log(JSON.stringify({
  examinees: thetas.length, length: o.length, seed: o.seed, method: o.method,
  jscat: { rmse: j.rmse, bias: j.bias, steps_per_second: j.stepsPerSecond, seconds: jscatSeconds },
  passeur: { rmse: p.rmse, bias: p.bias, steps_per_second: p.steps_per_second },
  ratio: p.steps_per_second / j.stepsPerSecond,
}));
if (o.keep === null) rmSync(dir, { recursive: true, force: true });
