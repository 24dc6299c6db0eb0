// What every script shares: the daemon under test and the files served (from the environment the
// JUnit side sets), an aria2 4.1.2 client over HTTP or WebSocket that logs every message, polling on
// an observable condition, and assertions on aria2's error answers.
import Aria2 from "aria2";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";

export { assert };

function required(name) {
  const value = process.env[name];
  if (value === undefined || value === "") throw new Error(`environment variable ${name} is not set`);
  return value;
}

/** The daemon and fixture this run talks to. */
export const env = {
  port: Number(required("RPC_PORT")),
  secret: required("RPC_SECRET"),
  dir: required("DOWNLOAD_DIR"),
  /** name -> { url, sha256, size } of the files the test server serves; "missing" answers 404. */
  files: JSON.parse(required("FILES_JSON")),
};

export function log(...parts) {
  console.log(new Date().toISOString().slice(11, 23), ...parts);
}

/** A connected client; over "ws" it also records every notification in `client.notifications`. */
export async function connect(transport, options = {}) {
  const client = new Aria2({ host: "127.0.0.1", port: env.port, secret: env.secret, ...options });
  client.notifications = [];
  client.transport = transport;
  client.on("output", (m) => log("->", truncate(JSON.stringify(m))));
  client.on("input", (m) => log("<-", truncate(JSON.stringify(m))));
  client.on("error", (e) => log("client error", e));
  if (transport === "ws") {
    await client.open();
    client.on("notification", () => {});
    for (const event of ["onDownloadStart", "onDownloadPause", "onDownloadStop", "onDownloadComplete", "onDownloadError"]) {
      client.on(event, (params) => client.notifications.push({ event, gid: params[0].gid }));
    }
  } else if (transport !== "http") {
    throw new Error(`transport must be http or ws, not ${transport}`);
  }
  return client;
}

function truncate(text) {
  return text.length > 600 ? text.slice(0, 600) + `… (${text.length} chars)` : text;
}

/** The first value of probe() that satisfies done(value); fails naming `what` after `ms`. */
export async function until(what, probe, done, ms = 30000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen: ${JSON.stringify(value)}`);
    }
    await new Promise((r) => setTimeout(r, 20)); // the pause between two looks
  }
}

/** Waits until `client` (WebSocket) has received notification `event` for `gid` `count` times. */
export function awaitNotification(client, event, gid, count = 1) {
  return until(`${count} × ${event} for ${gid}`, () => client.notifications.filter((n) => n.event === event && n.gid === gid).length,
    (n) => n >= count);
}

/** Waits until tellStatus(gid) reports `status`; returns that status object. */
export function awaitStatus(client, gid, status, ms = 30000) {
  return until(`${gid} to be ${status}`, () => client.call("tellStatus", gid), (s) => s.status === status || s.status === "error" && status !== "error", ms)
    .then((s) => {
      assert.equal(s.status, status, `${gid} ended ${s.status} (${s.errorCode} ${s.errorMessage}), expected ${status}`);
      return s;
    });
}

/** Awaits `promise` to be rejected with JSON-RPC error `code`, message matching `message` (a RegExp or string). */
export async function rejects(promise, code, message) {
  let error;
  try {
    const result = await promise;
    assert.fail(`expected error ${code} ${message}, got result ${JSON.stringify(result)}`);
  } catch (e) {
    error = e;
  }
  if (error instanceof assert.AssertionError) throw error;
  assert.equal(error.code, code, `error code of ${JSON.stringify({ code: error.code, message: error.message })}`);
  if (message instanceof RegExp) assert.match(error.message, message);
  else if (message !== undefined) assert.equal(error.message, message);
  return error;
}

/** A 16-hex-digit GID, as aria2 makes them. */
export function assertGid(gid) {
  assert.match(gid, /^[0-9a-f]{16}$/, `GID ${JSON.stringify(gid)}`);
}

/** Every value of `object` is a string (aria2 sends numbers and booleans as strings). */
export function assertAllStrings(object, what) {
  for (const [key, value] of Object.entries(object)) {
    assert.equal(typeof value, "string", `${what}.${key} is ${JSON.stringify(value)}, not a string`);
  }
}

export function sha256(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash("sha256");
    createReadStream(path).on("data", (d) => hash.update(d)).on("end", () => resolve(hash.digest("hex"))).on("error", reject);
  });
}

/** Checks that the completed download `status` holds exactly the served file `name`. */
export async function assertComplete(status, name) {
  const file = env.files[name];
  assert.equal(status.status, "complete");
  assert.equal(status.errorCode, "0");
  assert.equal(status.totalLength, String(file.size));
  assert.equal(status.completedLength, String(file.size));
  assert.equal(status.files.length, 1);
  assert.equal(status.files[0].completedLength, String(file.size));
  assert.equal(await sha256(status.files[0].path), file.sha256, `sha256 of ${status.files[0].path}`);
}

/** One raw JSON-RPC exchange: a text body over HTTP POST (status + parsed body) or one WebSocket frame. */
export async function raw(client, text) {
  if (client.transport === "http") {
    const response = await fetch(`http://127.0.0.1:${env.port}/jsonrpc`, { method: "POST", body: text });
    const body = await response.text();
    log("raw", text, "->", response.status, body);
    return { status: response.status, body: JSON.parse(body) };
  }
  const answer = new Promise((resolve) => {
    const onInput = (message) => {
      if (message.method === undefined) {
        client.off("input", onInput);
        resolve(message);
      }
    };
    client.on("input", onInput);
  });
  client.socket.send(text);
  const body = await answer;
  log("raw", text, "->", JSON.stringify(body));
  return { status: undefined, body };
}

/** Runs the named scenario of `scenarios` over the transport given on the command line; exit 1 on the first failure. */
export async function main(scenarios) {
  const [name, transport] = process.argv.slice(2);
  const scenario = scenarios[name];
  if (!scenario) {
    console.error(`usage: node ${process.argv[1]} SCENARIO http|ws; scenarios: ${Object.keys(scenarios).join(" ")}`);
    process.exit(2);
  }
  const client = await connect(transport);
  try {
    await scenario(client);
    log(`PASS ${name} over ${transport}`);
  } catch (e) {
    log(`FAIL ${name} over ${transport}:`, e);
    process.exitCode = 1;
  } finally {
    if (client.socket && client.socket.readyState === 1) await client.close();
  }
}
