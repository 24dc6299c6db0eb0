// Compares two recordings of shapes.mjs (reference first): the same calls, the same HTTP statuses and
// envelopes, the same keys and value types in every result, the same error codes. Error messages that
// differ are listed as notes, not failures. Prints every difference; exit 1 when there is one.
import { readFile } from "node:fs/promises";

const [referenceFile, subjectFile] = process.argv.slice(2);
// aria2 options loomget does not list, reviewed one by one; missing ones elsewhere are differences.
const unsupported = new Set((await readFile(new URL("./unsupported-options.txt", import.meta.url), "utf8"))
  .split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#")));
const reference = JSON.parse(await readFile(referenceFile, "utf8"));
const subject = JSON.parse(await readFile(subjectFile, "utf8"));
const differences = [];
const notes = [];

function diff(path, a, b) {
  if (JSON.stringify(a) === JSON.stringify(b)) return;
  if (a && b && typeof a === "object" && typeof b === "object" && a.object && b.object) {
    for (const key of new Set([...Object.keys(a.object), ...Object.keys(b.object)])) {
      if (!(key in b.object)) differences.push(`${path}.${key}: missing (reference: ${JSON.stringify(a.object[key])})`);
      else if (!(key in a.object)) differences.push(`${path}.${key}: extra key (${JSON.stringify(b.object[key])})`);
      else diff(`${path}.${key}`, a.object[key], b.object[key]);
    }
    return;
  }
  if (a && b && a.array && b.array && a.array.length === 1 && b.array.length === 1) {
    diff(`${path}[]`, a.array[0], b.array[0]);
    return;
  }
  differences.push(`${path}: ${JSON.stringify(b)} (reference: ${JSON.stringify(a)})`);
}

/** Option maps (getOption, getGlobalOption): one line per call for the missing and the extra option names. */
function optionKeys(where, a, b) {
  const unlisted = Object.keys(a).filter((k) => !(k in b) && unsupported.has(k));
  if (unlisted.length) notes.push(`${where}: ${unlisted.length} aria2 options not supported (unsupported-options.txt)`);
  const missing = Object.keys(a).filter((k) => !(k in b) && !unsupported.has(k));
  const extra = Object.keys(b).filter((k) => !(k in a));
  if (missing.length) differences.push(`${where}: ${missing.length} of aria2c's ${Object.keys(a).length} options missing: ${missing.join(" ")}`);
  if (extra.length) differences.push(`${where}: options aria2c does not list: ${extra.join(" ")}`);
  for (const k of Object.keys(b).filter((k) => k in a)) diff(`${where} result.${k}`, a[k], b[k]);
}

const byCall = new Map(subject.map((e) => [e.call, e]));
for (const ref of reference) {
  const got = byCall.get(ref.call);
  if (!got) {
    differences.push(`${ref.call}: not recorded`);
    continue;
  }
  const where = ref.call;
  if (ref.httpStatus !== got.httpStatus) differences.push(`${where}: HTTP ${got.httpStatus} (reference: ${ref.httpStatus})`);
  if (JSON.stringify(ref.envelope) !== JSON.stringify(got.envelope)) {
    differences.push(`${where}: envelope keys ${JSON.stringify(got.envelope)} (reference: ${JSON.stringify(ref.envelope)})`);
  }
  if (ref.error || got.error) {
    if (!ref.error || !got.error) differences.push(`${where}: ${got.error ? "error " + JSON.stringify(got.error) : "a result"} (reference: ${ref.error ? "error " + JSON.stringify(ref.error) : "a result"})`);
    else if (ref.error.code !== got.error.code) differences.push(`${where}: error code ${got.error.code} (reference: ${ref.error.code})`);
    else if (ref.error.message !== got.error.message) {
      notes.push(`${where}: message ${JSON.stringify(got.error.message)} (reference: ${JSON.stringify(ref.error.message)})`);
    }
  }
  if (/^get(Global)?Option/.test(where) && ref.result?.object && got.result?.object) optionKeys(where, ref.result.object, got.result.object);
  else if ("result" in ref || "result" in got) diff(`${where} result`, ref.result, got.result);
  if ("frame" in ref) diff(`${where} frame`, ref.frame, got.frame);
  if ("batch" in ref) diff(`${where} batch`, ref.batch, got.batch);
}

console.log(`compared ${reference.length} calls:`);
for (const ref of reference) console.log(`  ${ref.call}`);
for (const note of notes) console.log(`note: ${note}`);
for (const difference of differences) console.log(`DIFFERENCE: ${difference}`);
console.log(differences.length === 0 ? "SAME SHAPES" : `${differences.length} differences`);
process.exitCode = differences.length === 0 ? 0 : 1;
