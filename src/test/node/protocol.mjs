// aria2's JSON-RPC as the npm `aria2` 4.1.2 client speaks it: every method a non-BitTorrent client
// uses, the errors, and the notifications. Usage: node protocol.mjs SCENARIO http|ws
// Written against `aria2c --enable-rpc` (see ../../../../shared/aria2-rpc-facts.md), run unchanged against loomget.
import { assert, env, main, until, awaitNotification, awaitStatus, rejects, assertGid, assertAllStrings,
  assertComplete, raw, connect } from "./lib/harness.mjs";
import { readFile } from "node:fs/promises";

const url = (name) => env.files[name].url;

const NON_BITTORRENT_METHODS = ["addUri", "remove", "forceRemove", "pause", "forcePause", "pauseAll", "forcePauseAll",
  "unpause", "unpauseAll", "tellStatus", "getUris", "getFiles", "getServers", "tellActive", "tellWaiting", "tellStopped",
  "changePosition", "changeUri", "getOption", "changeOption", "getGlobalOption", "changeGlobalOption", "getGlobalStat",
  "purgeDownloadResult", "removeDownloadResult", "getVersion", "getSessionInfo", "saveSession", "shutdown",
  "forceShutdown"].map((m) => "aria2." + m).concat(["system.multicall", "system.listMethods", "system.listNotifications"]);

/** Adds `name` paused (it stays in the waiting queue until unpaused). */
async function addPaused(client, name, out) {
  const gid = await client.call("addUri", [url(name)], { pause: "true", out: out ?? name });
  assertGid(gid);
  return gid;
}

/** Adds `name` and waits until bytes of it have arrived. */
async function addRunning(client, name, options = {}) {
  const gid = await client.call("addUri", [url(name)], { out: name, ...options });
  assertGid(gid);
  await until(`${name} downloading`, () => client.call("tellStatus", gid, ["status", "completedLength"]),
    (s) => s.status === "active" && Number(s.completedLength) > 0);
  return gid;
}

const scenarios = {
  /** getVersion, getSessionInfo, system.* (listMethods and listNotifications without token), multicall, JSON batch. */
  async introspection(client) {
    const version = await client.call("getVersion");
    assert.equal(typeof version.version, "string");
    assert.ok(Array.isArray(version.enabledFeatures));
    const session = await client.call("getSessionInfo");
    assert.deepEqual(Object.keys(session), ["sessionId"]);
    assert.match(session.sessionId, /^[0-9a-f]+$/);

    const anonymous = await connect(client.transport, { secret: "" });
    try {
      const methods = await anonymous.call("system.listMethods");
      for (const m of NON_BITTORRENT_METHODS) assert.ok(methods.includes(m), `listMethods lacks ${m}: ${methods}`);
      const notifications = await anonymous.call("system.listNotifications");
      for (const n of ["onDownloadStart", "onDownloadPause", "onDownloadStop", "onDownloadComplete", "onDownloadError"]) {
        assert.ok(notifications.includes("aria2." + n), `listNotifications lacks ${n}: ${notifications}`);
      }
    } finally {
      if (anonymous.socket) await anonymous.close();
    }

    const [got, stat, unknown] = await client.multicall([["getVersion"], ["getGlobalStat"], ["noSuchMethod"]]);
    assert.deepEqual(got, [version], "a multicall success is wrapped in a one-element array");
    assert.ok(Array.isArray(stat) && stat.length === 1);
    assertAllStrings(stat[0], "getGlobalStat");
    assert.equal(unknown.code, 1, "a multicall failure is a bare error struct");
    assert.equal(unknown.message, "No such method: aria2.noSuchMethod");

    const [a, b] = await client.batch([["getVersion"], ["getSessionInfo"]]);
    assert.deepEqual(await a, version);
    assert.deepEqual(await b, session);
  },

  /** The waiting queue: tellWaiting, key filters, changePosition, getUris, changeUri, getOption, changeOption, getFiles, remove of waiting downloads. */
  async queue(client) {
    const a = await addPaused(client, "stall.bin", "a.bin");
    const b = await addPaused(client, "small.bin", "b.bin");
    const c = await addPaused(client, "stall.bin", "c.bin");
    const order = async () => (await client.call("tellWaiting", 0, 10, ["gid"])).map((s) => s.gid);
    assert.deepEqual(await order(), [a, b, c]);

    const waiting = await client.call("tellWaiting", 0, 10);
    for (const s of waiting) {
      assert.equal(s.status, "paused");
      assertAllStrings(Object.fromEntries(Object.entries(s).filter(([k]) => k !== "files")), "tellWaiting[]");
    }
    assert.deepEqual(await client.call("tellStatus", b, ["gid", "status", "noSuchKey"]), { gid: b, status: "paused" });
    assert.deepEqual((await client.call("tellWaiting", -1, 2, ["gid"])).map((s) => s.gid), [c, b], "negative offset counts from the end, reversed");

    assert.equal(await client.call("changePosition", c, 0, "POS_SET"), 0, "changePosition answers a JSON number");
    assert.deepEqual(await order(), [c, a, b]);
    assert.equal(await client.call("changePosition", c, 1, "POS_CUR"), 1);
    assert.deepEqual(await order(), [a, c, b]);
    assert.equal(await client.call("changePosition", a, 0, "POS_END"), 2);
    assert.deepEqual(await order(), [c, b, a]);

    assert.deepEqual(await client.call("getUris", b), [{ uri: url("small.bin"), status: "waiting" }]);
    const replacement = url("small.bin") + "?again";
    assert.deepEqual(await client.call("changeUri", b, 1, [url("small.bin")], [replacement]), [1, 1]);
    assert.deepEqual((await client.call("getUris", b)).map((u) => u.uri), [replacement]);

    const options = await client.call("getOption", b);
    assertAllStrings(options, "getOption");
    assert.equal(options.out, "b.bin");
    assert.equal(options.dir, env.dir);
    assert.equal(await client.call("changeOption", b, { "max-connection-per-server": "2", "min-split-size": "2M" }), "OK");
    const changed = await client.call("getOption", b);
    assert.equal(changed["max-connection-per-server"], "2");
    assert.equal(changed["min-split-size"], "2097152", "sizes are normalised to bytes");

    const files = await client.call("getFiles", b);
    assert.equal(files.length, 1);
    assert.equal(files[0].index, "1");
    assert.deepEqual(files[0].uris, [{ uri: replacement, status: "waiting" }]);

    const stat = await client.call("getGlobalStat");
    assertAllStrings(stat, "getGlobalStat");
    assert.equal(stat.numWaiting, "3");
    assert.equal(stat.numActive, "0");

    assert.equal(await client.call("unpause", b), b);
    const done = await awaitStatus(client, b, "complete");
    await assertComplete(done, "small.bin");
    assert.equal(done.files[0].path, `${env.dir}/b.bin`);
    assert.deepEqual((await client.call("tellStopped", 0, 10, ["gid", "status"])), [{ gid: b, status: "complete" }]);

    // A download removed before it ever started leaves no result behind.
    assert.equal(await client.call("remove", a), a);
    assert.equal(await client.call("forceRemove", c), c);
    for (const gid of [a, c]) await rejects(client.call("tellStatus", gid), 1, `GID ${gid} is not found`);
    assert.deepEqual(await client.call("tellWaiting", 0, 10), []);
    assert.equal((await client.call("getGlobalStat")).numWaiting, "0");

    assert.equal(await client.call("removeDownloadResult", b), "OK");
    await rejects(client.call("tellStatus", b), 1, `GID ${b} is not found`);
    assert.deepEqual(await client.call("tellStopped", 0, 10), []);
  },

  /** An active download: tellActive, tellStatus, getServers, getFiles, then forceRemove; purgeDownloadResult. */
  async active(client) {
    const gid = await addRunning(client, "stall.bin");
    const active = await client.call("tellActive", ["gid", "status", "totalLength", "connections"]);
    assert.deepEqual(active.map((s) => s.gid), [gid]);
    assert.deepEqual(Object.keys(active[0]).sort(), ["connections", "gid", "status", "totalLength"]);
    assert.equal(active[0].status, "active");
    assert.equal(active[0].totalLength, String(env.files["stall.bin"].size));
    assert.match(active[0].connections, /^[1-9][0-9]*$/, "connections as a decimal string");

    const status = await client.call("tellStatus", gid);
    for (const key of ["gid", "status", "totalLength", "completedLength", "uploadLength", "downloadSpeed", "uploadSpeed",
      "connections", "dir", "files", "numPieces", "pieceLength"]) {
      assert.ok(key in status, `tellStatus lacks ${key}`);
    }
    assert.equal(status.dir, env.dir);
    assert.equal(status.files[0].path, `${env.dir}/stall.bin`);
    assert.equal(status.files[0].selected, "true");

    const servers = await client.call("getServers", gid);
    assert.equal(servers.length, 1);
    assert.equal(servers[0].index, "1");
    assert.equal(servers[0].servers[0].uri, url("stall.bin"));
    assert.equal(servers[0].servers[0].currentUri, url("stall.bin"));
    assertAllStrings(servers[0].servers[0], "getServers[0].servers[0]");

    assert.equal((await client.call("getGlobalStat")).numActive, "1");
    assert.equal(await client.call("forceRemove", gid), gid);
    const removed = await awaitStatus(client, gid, "removed");
    assert.equal(removed.errorCode, "31");
    assert.deepEqual(await client.call("tellStopped", 0, 10, ["gid", "status"]), [{ gid, status: "removed" }]);
    assert.equal(await client.call("purgeDownloadResult"), "OK");
    assert.deepEqual(await client.call("tellStopped", 0, 10), []);
    await rejects(client.call("getServers", gid), 1, `GID ${gid} is not found`);
  },

  /** Global options: read, change a changeable one, an unknown one is ignored. */
  async globalOptions(client) {
    const options = await client.call("getGlobalOption");
    assertAllStrings(options, "getGlobalOption");
    assert.equal(options.dir, env.dir);
    assert.equal(options["max-concurrent-downloads"], "5");
    assert.equal(await client.call("changeGlobalOption", { "max-concurrent-downloads": "1" }), "OK");
    assert.equal((await client.call("getGlobalOption"))["max-concurrent-downloads"], "1");
    assert.equal(await client.call("changeGlobalOption", { "no-such-option": "1" }), "OK");

    // With one slot, a second download waits behind the first.
    const first = await addRunning(client, "stall.bin", { out: "first.bin" });
    const second = await client.call("addUri", [url("stall.bin")], { out: "second.bin" });
    assert.deepEqual(await client.call("tellWaiting", 0, 10, ["gid", "status"]), [{ gid: second, status: "waiting" }]);
    assert.equal(await client.call("remove", second), second);
    assert.equal(await client.call("remove", first), first);
    await awaitStatus(client, first, "removed");
  },

  /** Speed limits as front-ends set them: per download (max-download-limit), overall (max-overall-download-limit). */
  async speedLimits(client) {
    const gid = await addPaused(client, "small.bin");
    assert.equal(await client.call("changeOption", gid, { "max-download-limit": "1M" }), "OK");
    assert.equal((await client.call("getOption", gid))["max-download-limit"], "1048576");
    assert.equal(await client.call("changeGlobalOption", { "max-overall-download-limit": "10M" }), "OK");
    assert.equal((await client.call("getGlobalOption"))["max-overall-download-limit"], "10485760");
  },

  /** pause and unpause of an active download: notifications, paused state, final SHA-256 exact. */
  async pauseResume(client) {
    const gid = await addRunning(client, "slow.bin");
    await awaitNotification(client, "onDownloadStart", gid);
    assert.equal(await client.call("pause", gid), gid);
    await awaitNotification(client, "onDownloadPause", gid);
    const paused = await awaitStatus(client, gid, "paused");
    assert.equal(paused.connections, "0");
    assert.ok(Number(paused.completedLength) > 0 && Number(paused.completedLength) < env.files["slow.bin"].size,
      `completedLength ${paused.completedLength} part-way`);
    assert.deepEqual(await client.call("tellWaiting", 0, 10, ["gid", "status"]), [{ gid, status: "paused" }]);
    assert.deepEqual(await client.call("tellActive"), []);

    assert.equal(await client.call("unpause", gid), gid);
    await awaitNotification(client, "onDownloadStart", gid, 2);
    await awaitNotification(client, "onDownloadComplete", gid);
    await assertComplete(await client.call("tellStatus", gid), "slow.bin");
  },

  /** forcePause, then pauseAll / forcePauseAll / unpauseAll over two active downloads. */
  async pauseAll(client) {
    const one = await addRunning(client, "slow.bin");
    const two = await addRunning(client, "slow2.bin");
    assert.equal(await client.call("forcePause", one), one);
    await awaitStatus(client, one, "paused");
    await awaitNotification(client, "onDownloadPause", one);
    assert.equal(await client.call("unpause", one), one);
    await awaitNotification(client, "onDownloadStart", one, 2);

    assert.equal(await client.call("pauseAll"), "OK");
    for (const gid of [one, two]) await awaitStatus(client, gid, "paused");
    assert.equal((await client.call("getGlobalStat")).numWaiting, "2");
    assert.equal(await client.call("unpauseAll"), "OK");
    for (const gid of [one, two]) await awaitNotification(client, "onDownloadStart", gid, gid === one ? 3 : 2);
    assert.equal(await client.call("forcePauseAll"), "OK");
    for (const gid of [one, two]) await awaitStatus(client, gid, "paused");
    assert.equal(await client.call("unpauseAll"), "OK");
    for (const gid of [one, two]) await awaitNotification(client, "onDownloadComplete", gid);
    await assertComplete(await client.call("tellStatus", one), "slow.bin");
    await assertComplete(await client.call("tellStatus", two), "slow2.bin");
  },

  /** remove of an active download: onDownloadStop, status removed (31), listed by tellStopped, then removeDownloadResult. */
  async removeActive(client) {
    const gid = await addRunning(client, "stall.bin");
    assert.equal(await client.call("remove", gid), gid);
    await awaitNotification(client, "onDownloadStop", gid);
    const removed = await awaitStatus(client, gid, "removed");
    assert.equal(removed.errorCode, "31");
    assert.equal(removed.connections, "0");
    assert.deepEqual(await client.call("tellStopped", 0, 10, ["gid", "status"]), [{ gid, status: "removed" }]);
    assert.equal((await client.call("getGlobalStat")).numStopped, "1");
    assert.equal(await client.call("removeDownloadResult", gid), "OK");
    await rejects(client.call("tellStatus", gid), 1, `GID ${gid} is not found`);
  },

  /** remove of a waiting (paused, never started) download: the GID back, then nothing left of it, and no notification. */
  async removeWaiting(client) {
    const gid = await addPaused(client, "small.bin");
    assert.equal(await client.call("remove", gid), gid);
    await rejects(client.call("tellStatus", gid), 1, `GID ${gid} is not found`);
    assert.deepEqual(await client.call("tellStopped", 0, 10), []);
    assert.deepEqual(await client.call("tellWaiting", 0, 10), []);
    assert.deepEqual(client.notifications.filter((n) => n.gid === gid), []);
  },

  /** A 404: onDownloadError, status error, errorCode "3". */
  async notFound(client) {
    const gid = await client.call("addUri", [url("missing")]);
    await awaitNotification(client, "onDownloadError", gid);
    const failed = await client.call("tellStatus", gid);
    assert.equal(failed.status, "error");
    assert.equal(failed.errorCode, "3");
    assert.equal(typeof failed.errorMessage, "string");
    assert.deepEqual(await client.call("tellStopped", 0, 10, ["gid", "errorCode"]), [{ gid, errorCode: "3" }]);
  },

  /** Wrong token, unknown and malformed GIDs, bad params, unknown methods, bad JSON: error answers, and the daemon keeps serving. */
  async errors(client) {
    const intruder = await connect(client.transport, { secret: "wrong" });
    try {
      await rejects(intruder.call("getVersion"), 1, "Unauthorized");
    } finally {
      if (intruder.socket) await intruder.close();
    }
    await rejects(client.call("tellStatus", "0123456789abcdef"), 1, "GID 0123456789abcdef is not found");
    await rejects(client.call("pause", "0123456789abcdef"), 1);
    await rejects(client.call("tellStatus", "zzzz"), 1);
    await rejects(client.call("tellStatus"), 1, "The parameter at 0 is required but missing.");
    await rejects(client.call("tellStatus", 123), 1, "The parameter at 0 has wrong type.");
    await rejects(client.call("addUri", []), 1);
    await rejects(client.call("addUri", [url("small.bin")], { split: "abc" }), 1);
    await rejects(client.call("noSuchMethod"), 1, "No such method: aria2.noSuchMethod");
    await rejects(client.call("saveSession"), 1);
    await rejects(client.call("addTorrent", "AAAA"), 1);
    await rejects(client.call("addMetalink", "AAAA"), 1);

    const badParams = await raw(client, JSON.stringify({ jsonrpc: "2.0", id: "p", method: "aria2.getVersion", params: { a: 1 } }));
    assert.equal(badParams.body.error.code, -32602);
    if (badParams.status !== undefined) assert.equal(badParams.status, 500);
    const noMethod = await raw(client, JSON.stringify({ jsonrpc: "2.0", id: "m" }));
    assert.equal(noMethod.body.error.code, -32600);
    if (noMethod.status !== undefined) assert.equal(noMethod.status, 400);
    const parse = await raw(client, "{not json");
    assert.deepEqual(Object.keys(parse.body), ["id", "jsonrpc", "error"]);
    assert.equal(parse.body.id, null);
    assert.equal(parse.body.error.code, -32700);
    if (parse.status !== undefined) assert.equal(parse.status, 500);

    assert.equal(typeof (await client.call("getVersion")).version, "string", "still serving after the errors");
  },

  /** saveSession with --save-session FILE (SESSION_FILE): "OK", and the file lists the unfinished download. */
  async saveSession(client) {
    const gid = await addPaused(client, "small.bin");
    assert.equal(await client.call("saveSession"), "OK");
    const session = await readFile(process.env.SESSION_FILE, "utf8");
    assert.ok(session.includes(url("small.bin")), `session file lists the URL:\n${session}`);
    assert.match(session, new RegExp(`^\\s+gid=${gid}$`, "m"));
  },

  /** shutdown: "OK"; the JUnit side sees the process end. */
  async shutdown(client) {
    assert.equal(await client.call("shutdown"), "OK");
  },

  /** forceShutdown: "OK"; the JUnit side sees the process end. */
  async forceShutdown(client) {
    await addRunning(client, "stall.bin");
    assert.equal(await client.call("forceShutdown"), "OK");
  },
};

await main(scenarios);
