// Drives an aria2-compatible daemon through one WebSocket for bench/daemon.sh (raw JSON-RPC frames
// on the `ws` package the test project installs: npm ci --prefix src/test/node).
//   node rpc-drive.mjs feed  PORT SECRET LIST DIR BATCH  -> addUri in system.multicall batches, waits until all stopped
//   node rpc-drive.mjs queue PORT SECRET LIST DIR BATCH  -> adds all paused, times tellWaiting(0, 1000) 20 times
// Prints one JSON line of results on stdout; waits for the shell's SIGTERM after "queue" (it reads RSS meanwhile).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(new URL("../../src/test/node/package.json", import.meta.url));
const WebSocket = require("ws");
const [mode, port, secret, listFile, dir, batchText] = process.argv.slice(2);
const token = `token:${secret}`;
const urls = readFileSync(listFile, "utf8").split("\n").filter(Boolean);
const batch = Number(batchText);

const ws = new WebSocket(`ws://127.0.0.1:${port}/jsonrpc`);
await new Promise((resolve, reject) => { ws.on("open", resolve); ws.on("error", reject); });
let nextId = 0;
const pending = new Map();
ws.on("message", (data) => {
  const message = JSON.parse(data);
  if (message.id !== undefined && pending.has(message.id)) {
    pending.get(message.id)(message);
    pending.delete(message.id);
  }
});
function call(method, ...params) {
  const id = ++nextId;
  return new Promise((resolve, reject) => {
    pending.set(id, (m) => (m.error ? reject(new Error(`${method}: ${JSON.stringify(m.error)}`)) : resolve(m.result)));
    ws.send(JSON.stringify({ jsonrpc: "2.0", id, method, params: [token, ...params] }));
  });
}
const multicall = (calls) => new Promise((resolve, reject) => {
  const id = ++nextId;
  pending.set(id, (m) => (m.error ? reject(new Error(JSON.stringify(m.error))) : resolve(m.result)));
  ws.send(JSON.stringify({ jsonrpc: "2.0", id, method: "system.multicall", params: [calls] }));
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function addAll(options) {
  let failed = 0;
  for (let i = 0; i < urls.length; i += batch) {
    const calls = urls.slice(i, i + batch).map((u) => ({ methodName: "aria2.addUri", params: [token, [u], { dir, ...options }] }));
    for (const answer of await multicall(calls)) if (!Array.isArray(answer)) failed++;
  }
  if (failed) throw new Error(`${failed} addUri calls failed`);
}

if (mode === "feed") {
  const before = Number((await call("aria2.getGlobalStat")).numStoppedTotal);
  const start = process.hrtime.bigint();
  await addAll({});
  const added = Number(process.hrtime.bigint() - start) / 1e9;
  for (;;) {
    const stat = await call("aria2.getGlobalStat");
    if (Number(stat.numStoppedTotal) - before >= urls.length && stat.numActive === "0" && stat.numWaiting === "0") break;
    await sleep(50); // one look every 50 ms: a few hundred cheap calls over a run
  }
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  await call("aria2.purgeDownloadResult");
  console.log(JSON.stringify({ files: urls.length, wall_s: wall, add_s: added }));
  ws.close();
} else if (mode === "queue") {
  await addAll({ pause: "true" });
  const waiting = Number((await call("aria2.getGlobalStat")).numWaiting);
  const times = [];
  for (let i = 0; i < 21; i++) {
    const start = process.hrtime.bigint();
    const answer = await call("aria2.tellWaiting", 0, 1000);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (answer.length !== Math.min(1000, urls.length)) throw new Error(`tellWaiting(0, 1000) gave ${answer.length} entries`);
    if (i > 0) times.push(ms); // the first call warms the path
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ queued: waiting, tellWaiting_median_ms: times[10], tellWaiting_max_ms: times.at(-1) }));
  await new Promise(() => {}); // keeps the queue (and the socket) until the shell has read the RSS
} else {
  throw new Error(`mode must be feed or queue, not ${mode}`);
}
