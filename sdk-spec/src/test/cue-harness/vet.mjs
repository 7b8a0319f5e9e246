// Vets JSON documents against a CUE definition, the way
//   cue vet -d '<definition>' <schema.cue> <document.json>
// does, for many documents in one process.
//
// Usage: node vet.mjs <schema.cue> [definition]     (definition defaults to #KombinationSpec)
//
// Input (stdin): one JSON document per line. Each line is handed to CUE verbatim, so numbers
// keep their spelling (80 is an int, 80.0 and 80.5 are floats, as for cue vet).
// Output (stdout): one line per input line, in order:
//   {"ok":true}  or  {"ok":false,"error":"<CUE's message>"}
// A blank input line is answered with a blank output line (a cheap way to wait for the
// evaluator to be ready). Exit code 0 when stdin ends; 2 for a usage error; 3 when the
// schema itself does not evaluate.
//
// How the verdict is made: the document is unified with the definition and the result is
// exported as JSON. Export fails on a conflict (a wrong enum value, a regex or range
// violation, a field the closed definition does not allow, a type mismatch) and on any
// value that is still incomplete (a required field left out), which is exactly what
// cue vet reports for a data file: data files are vetted for concreteness.
//
// The schema imports CUE's builtin "time" package (used only by #ValidationResult). The
// builtin packages are compiled into the WebAssembly evaluator, so the file is evaluated as
// it is, unchanged.

import * as CUE from 'cue-wasm';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

// A regular (not hidden) field, so that export checks it for concreteness; named so that it
// cannot meet a field of the schema.
const SUBJECT = 'kombifyVetSubject';

function fail(code, message) {
    process.stderr.write(message + '\n');
    process.exit(code);
}

const [schemaPath, definition = '#KombinationSpec'] = process.argv.slice(2);
if (!schemaPath) {
    fail(2, 'usage: node vet.mjs <schema.cue> [#Definition] < documents.ndjson');
}
if (!/^#[A-Za-z_][A-Za-z0-9_]*$/.test(definition)) {
    fail(2, `not a CUE definition name: ${definition}`);
}

let schema;
try {
    schema = readFileSync(schemaPath, 'utf8');
} catch (e) {
    fail(2, `cannot read ${schemaPath}: ${e.message}`);
}

const cue = await CUE.init();

function evaluate(extra) {
    try {
        cue.toJSON([schema, extra]);
        return null;
    } catch (e) {
        return String(e);
    }
}

// The schema must evaluate on its own, and the definition must exist, before any verdict
// means anything. A hidden field is not exported, so it need not be concrete.
const schemaError = evaluate(`_kombifyProbe: ${definition}`);
if (schemaError !== null) {
    fail(3, `${schemaPath} does not evaluate with ${definition}: ${schemaError}`);
}

function message(error) {
    return error
        .replace(/^cue: marshal error: /, '')
        .replaceAll(`${SUBJECT}.`, '')
        .replaceAll(`${SUBJECT}: `, '');
}

function verdict(line) {
    try {
        const value = JSON.parse(line);
        if (value === null || typeof value !== 'object' || Array.isArray(value)) {
            return { ok: false, error: 'document is not a JSON object' };
        }
    } catch (e) {
        return { ok: false, error: `document is not JSON: ${e.message}` };
    }
    const error = evaluate(`${SUBJECT}: ${definition} & ${line}`);
    return error === null ? { ok: true } : { ok: false, error: message(error) };
}

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
    const out = line.trim() === '' ? '' : JSON.stringify(verdict(line));
    if (!process.stdout.write(out + '\n')) {
        await new Promise((resolve) => process.stdout.once('drain', resolve));
    }
}
// The Go runtime inside the evaluator keeps the event loop alive; leave once all is written.
process.stdout.write('', () => process.exit(0));
