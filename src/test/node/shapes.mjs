// The shapes of aria2's answers, for a differential test: one fixed sequence of calls (raw JSON-RPC over
// HTTP POST, so the HTTP status and envelope count too, plus the notification frames on a WebSocket),
// each answer reduced to its shape: object keys, value types (string/number/array/object), error codes.
// Usage: node shapes.mjs OUT.json   — then compare-shapes.mjs A.json B.json
import { writeFile } from "node:fs/promises";
import { env, log, until, connect, awaitNotification } from "./lib/harness.mjs";

const endpoint = `http://127.0.0.1:${env.port}/jsonrpc`;
const token = `token:${env.secret}`;
const url = (name) => env.files[name].url;
const record = [];
let id = 0;

/** The type tree of a JSON value; arrays give the shapes of their distinct elements, sorted. */
export function shape(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) {
    const distinct = [...new Set(value.map((v) => JSON.stringify(shape(v))))].sort().map((s) => JSON.parse(s));
    return { array: distinct };
  }
  if (typeof value === "object") return { object: Object.fromEntries(Object.keys(value).sort().map((k) => [k, shape(value[k])])) };
  return typeof value;
}

async function post(body) {
  const response = await fetch(endpoint, { method: "POST", body });
  const text = await response.text();
  log("->", body.slice(0, 300), "<-", response.status, text.slice(0, 300));
  return { status: response.status, answer: JSON.parse(text) };
}

/** Calls `method` with `params`, records the shape of the answer under `label`, returns the answer. */
async function call(label, method, params, { withToken = true } = {}) {
  const body = JSON.stringify({ jsonrpc: "2.0", id: `i${++id}`, method, params: withToken ? [token, ...params] : params });
  return keep(label, await post(body));
}

async function rawCall(label, body) {
  return keep(label, await post(body));
}

function keep(label, { status, answer }) {
  if (Array.isArray(answer)) {
    record.push({ call: label, httpStatus: status, batch: shape(answer) });
    return answer;
  }
  const entry = { call: label, httpStatus: status, envelope: Object.keys(answer) };
  if (answer.error) entry.error = { code: answer.error.code, message: answer.error.message.replace(/[0-9a-f]{16}/g, "<GID>") };
  else entry.result = shape(answer.result);
  record.push(entry);
  return answer.result;
}

const aria2 = (m) => "aria2." + m;
const status = (gid) => post(JSON.stringify({ id: "s", method: "aria2.tellStatus", params: [token, gid] })).then((r) => r.answer.result);
const reach = (gid, s) => until(`${gid} ${s}`, () => status(gid), (t) => t && t.status === s, 60000);

const ws = await connect("ws");
const frames = [];
ws.on("input", (m) => { if (m.method) frames.push(m); });

await call("getVersion", aria2("getVersion"), []);
await call("getSessionInfo", aria2("getSessionInfo"), []);
await call("system.listMethods (no token)", "system.listMethods", [], { withToken: false });
await call("system.listNotifications (no token)", "system.listNotifications", [], { withToken: false });
await call("getGlobalOption", aria2("getGlobalOption"), []);
await call("getGlobalStat (idle)", aria2("getGlobalStat"), []);

const done = await call("addUri small.bin", aria2("addUri"), [[url("small.bin")], { out: "small.bin" }]);
await reach(done, "complete");
await call("tellStatus (complete)", aria2("tellStatus"), [done]);
await call("tellStatus (complete, keys gid status)", aria2("tellStatus"), [done, ["gid", "status"]]);
await call("getFiles (complete)", aria2("getFiles"), [done]);
await call("getOption (complete)", aria2("getOption"), [done]);

// With issue 18's per-download options, so that getOption (paused) compares them too.
const waiting = await call("addUri small.bin paused", aria2("addUri"), [[url("small.bin")], {
  out: "waiting.bin", pause: "true", "conditional-get": "true", "remote-time": "true", "lowest-speed-limit": "10K",
  "no-netrc": "true", "http-user": "alice", "http-passwd": "secret", referer: "http://example.org/", "connect-timeout": "20",
}]);
await call("tellStatus (paused on add)", aria2("tellStatus"), [waiting]);
await call("getUris (paused)", aria2("getUris"), [waiting]);
await call("getFiles (paused)", aria2("getFiles"), [waiting]);
await call("getOption (paused)", aria2("getOption"), [waiting]);
await call("changeOption (paused)", aria2("changeOption"), [waiting, { "max-download-limit": "1M" }]);
await call("changeUri (paused)", aria2("changeUri"), [waiting, 1, [url("small.bin")], [url("small.bin") + "?2"]]);

const active = await call("addUri stall.bin", aria2("addUri"), [[url("stall.bin")], { out: "stall.bin" }]);
await until("stall.bin bytes", () => status(active), (t) => t.status === "active" && Number(t.completedLength) > 0);
await call("tellStatus (active)", aria2("tellStatus"), [active]);
await call("tellActive", aria2("tellActive"), []);
await call("tellActive (keys gid)", aria2("tellActive"), [["gid"]]);
await call("getServers (active)", aria2("getServers"), [active]);
await call("getUris (active)", aria2("getUris"), [active]);
await call("getGlobalStat (one active, one paused)", aria2("getGlobalStat"), []);
await call("tellWaiting (0, 10)", aria2("tellWaiting"), [0, 10]);
await call("changePosition (POS_SET)", aria2("changePosition"), [waiting, 0, "POS_SET"]);
await call("pause (active)", aria2("pause"), [active]);
await reach(active, "paused");
await call("tellStatus (paused mid-way)", aria2("tellStatus"), [active]);
await call("unpause", aria2("unpause"), [active]);
await reach(active, "active");

const missing = await call("addUri missing (404)", aria2("addUri"), [[url("missing")]]);
await reach(missing, "error");
await call("tellStatus (404)", aria2("tellStatus"), [missing]);

await call("remove (active)", aria2("remove"), [active]);
await reach(active, "removed");
await call("tellStatus (removed)", aria2("tellStatus"), [active]);
await call("tellStopped (0, 10)", aria2("tellStopped"), [0, 10]);
await call("tellStopped (0, 10, keys gid errorCode)", aria2("tellStopped"), [0, 10, ["gid", "errorCode"]]);
await awaitNotification(ws, "onDownloadStop", active);

const neverStarted = await call("addUri small.bin paused (to remove)", aria2("addUri"), [[url("small.bin")], { out: "removed.bin", pause: "true" }]);
await call("remove (paused, never started)", aria2("remove"), [neverStarted]);
await call("error: tellStatus (removed before start)", aria2("tellStatus"), [neverStarted]);
await call("pauseAll", aria2("pauseAll"), []);
await call("forcePauseAll", aria2("forcePauseAll"), []);
await call("unpauseAll", aria2("unpauseAll"), []);
await call("changeGlobalOption", aria2("changeGlobalOption"), [{ "max-concurrent-downloads": "3" }]);
await call("system.multicall", "system.multicall",
  [[{ methodName: "aria2.getVersion", params: [token] }, { methodName: "aria2.noSuchMethod", params: [token] }]], { withToken: false });
await rawCall("batch [getVersion, getGlobalStat]", JSON.stringify([
  { id: "b1", method: "aria2.getVersion", params: [token] }, { id: "b2", method: "aria2.getGlobalStat", params: [token] }]));

// Errors: the codes must agree; the messages are compared but may differ where the facts allow.
await call("error: missing token", aria2("getVersion"), [], { withToken: false });
await rawCall("error: wrong token", JSON.stringify({ id: "w", method: "aria2.getVersion", params: ["token:wrong"] }));
await call("error: unknown GID", aria2("tellStatus"), ["0123456789abcdef"]);
await call("error: malformed GID", aria2("tellStatus"), ["zzzz"]);
await call("error: missing param", aria2("tellStatus"), []);
await call("error: wrong param type", aria2("tellStatus"), [123]);
await call("error: unknown method", aria2("noSuchMethod"), []);
await call("error: addUri []", aria2("addUri"), [[]]);
await call("error: bad option value", aria2("addUri"), [[url("small.bin")], { split: "abc" }]);
await call("error: getUris (stopped)", aria2("getUris"), [done]);
await call("error: getServers (stopped)", aria2("getServers"), [done]);
await call("error: changePosition (stopped)", aria2("changePosition"), [done, 0, "POS_SET"]);
await call("error: changeOption (stopped)", aria2("changeOption"), [done, { "max-download-limit": "1M" }]);
await call("error: saveSession without --save-session", aria2("saveSession"), []);
await call("error: addTorrent", aria2("addTorrent"), ["AAAA"]);
await rawCall("error: params not an array", JSON.stringify({ id: "p", method: "aria2.getVersion", params: { a: 1 } }));
await rawCall("error: no method", JSON.stringify({ id: "m", params: [] }));
await rawCall("error: parse error", "{not json");
await rawCall("error: request without id", JSON.stringify({ method: "aria2.getVersion", params: [token] }));

await call("removeDownloadResult", aria2("removeDownloadResult"), [active]);
await call("purgeDownloadResult", aria2("purgeDownloadResult"), []);
await call("getGlobalStat (end)", aria2("getGlobalStat"), []);

for (const event of ["onDownloadStart", "onDownloadComplete", "onDownloadPause", "onDownloadStop", "onDownloadError"]) {
  const frame = frames.find((f) => f.method === "aria2." + event);
  record.push({ call: `notification ${event}`, frame: frame ? shape(frame) : "none received" });
}
await ws.close();
await call("shutdown", aria2("shutdown"), []);

await writeFile(process.argv[2], JSON.stringify(record, null, 1));
log(`PASS recorded ${record.length} shapes in ${process.argv[2]}`);
