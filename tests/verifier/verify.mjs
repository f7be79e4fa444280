// An independent verifier of Chronology's transparency log, written from docs/verification.md alone
// (RFC 8785 via the npm "canonicalize" package, SHA-256 and Ed25519 via node:crypto).
//
//   node verify.mjs --api http://127.0.0.1:5080 [--key <bearer key>] [--public-key <base64>]
//   node verify.mjs --export log.ndjson --public-key <base64>
//
// Exit code 0 when every check holds, 1 when one fails (each failure is printed), 2 on bad usage.
import { createHash, createPublicKey, verify as verifySignature } from "node:crypto";
import { readFileSync } from "node:fs";
import canonicalize from "canonicalize";

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith("--") ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []));
const failures = [];
const fail = (message) => { failures.push(message); console.log(`FAIL ${message}`); };
const ok = (message) => console.log(`ok   ${message}`);

const sha256 = (...parts) => createHash("sha256").update(Buffer.concat(parts)).digest();
const leafHash = (leaf) => sha256(Buffer.from([0]), Buffer.from(leaf, "utf8"));          // §3
const nodeHash = (left, right) => sha256(Buffer.from([1]), left, right);                  // §3
const b64 = (buffer) => buffer.toString("base64");
const unb64 = (text) => Buffer.from(text, "base64");

/** The roots of the perfect subtrees so far (§7.3): append leaves, ask for the root of what was appended. */
class Frontier {
  constructor() { this.stack = []; this.size = 0; }
  append(hash) {
    let node = { height: 0, hash };
    while (this.stack.length && this.stack.at(-1).height === node.height)
      node = { height: node.height + 1, hash: nodeHash(this.stack.pop().hash, node.hash) };
    this.stack.push(node);
    this.size++;
  }
  root() {
    if (this.stack.length === 0) return sha256();
    let root = this.stack.at(-1).hash;
    for (let i = this.stack.length - 2; i >= 0; i--) root = nodeHash(this.stack[i].hash, root);
    return root;
  }
}

/** §4: Ed25519 over the JCS bytes of {treeSize, rootHash, timestamp}. */
function headIsSigned(head, publicKey) {
  const key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x: unb64(publicKey).toString("base64url") }, format: "jwk" });
  const message = Buffer.from(canonicalize({ treeSize: head.treeSize, rootHash: head.rootHash, timestamp: head.timestamp }), "utf8");
  return verifySignature(null, message, key, unb64(head.signature));
}

/** §5, RFC 9162 §2.1.3.2. */
function inclusionHolds(index, treeSize, hash, path, root) {
  if (index >= treeSize) return false;
  let fn = BigInt(index), sn = BigInt(treeSize) - 1n, r = hash;
  for (const p of path) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      r = nodeHash(p, r);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else r = nodeHash(r, p);
    fn >>= 1n; sn >>= 1n;
  }
  return sn === 0n && r.equals(root);
}

/** §6, RFC 9162 §2.1.4.2. */
function consistencyHolds(first, second, firstRoot, secondRoot, proof) {
  if (first === second) return proof.length === 0 && firstRoot.equals(secondRoot);
  if (first === 0) return proof.length === 0;
  if (first > second || proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : proof;
  let fn = BigInt(first) - 1n, sn = BigInt(second) - 1n;
  while ((fn & 1n) === 1n) { fn >>= 1n; sn >>= 1n; }
  let fr = path[0], sr = path[0];
  for (const c of path.slice(1)) {
    if (sn === 0n) return false;
    if ((fn & 1n) === 1n || fn === sn) {
      fr = nodeHash(c, fr); sr = nodeHash(c, sr);
      if ((fn & 1n) === 0n) while ((fn & 1n) === 0n && fn !== 0n) { fn >>= 1n; sn >>= 1n; }
    } else sr = nodeHash(sr, c);
    fn >>= 1n; sn >>= 1n;
  }
  return sn === 0n && fr.equals(firstRoot) && sr.equals(secondRoot);
}

/** The commitments in a JSON value (§8): objects whose only member is "commitment", a string. */
function commitmentsIn(value, found = []) {
  if (Array.isArray(value)) value.forEach((item) => commitmentsIn(item, found));
  else if (value !== null && typeof value === "object") {
    const names = Object.keys(value);
    if (names.length === 1 && names[0] === "commitment" && typeof value.commitment === "string") found.push(value.commitment);
    else names.forEach((name) => commitmentsIn(value[name], found));
  }
  return found;
}

/** §8: each commitment of an entry is served with its opening, base64(SHA-256(salt ‖ JCS(value))), or null once erased. */
function openingsHold(entries) {
  let opened = 0, erased = 0;
  entries.forEach(({ leaf, values }, position) => {
    for (const commitment of commitmentsIn(JSON.parse(leaf).events)) {
      if (!values || !(commitment in values)) { fail(`entry ${position}: commitment ${commitment} is served without its opening (or null)`); continue; }
      const opening = values[commitment];
      if (opening === null) { erased++; continue; }
      if (b64(sha256(unb64(opening.salt), Buffer.from(canonicalize(opening.value), "utf8"))) !== commitment)
        fail(`entry ${position}: the value served for commitment ${commitment} does not open it`);
      else opened++;
    }
  });
  ok(`${opened} commitments opened by the values served beside them, ${erased} erased`);
}

/** §7.1–3 over the entries in order and the heads: returns the leaf hashes, for the proofs. */
function audit(entries, heads, publicKey) {
  const frontier = new Frontier();
  const leafHashes = [];
  const byIndex = heads.slice().sort((a, b) => a.treeSize - b.treeSize);
  let next = 0, lastGood = 0;
  const checkHeadsUpTo = (size) => {
    for (; next < byIndex.length && byIndex[next].treeSize <= size; next++) {
      const head = byIndex[next];
      if (!headIsSigned(head, publicKey)) fail(`tree head ${head.treeSize} (${head.timestamp}): the signature does not verify with the public key`);
      else if (!frontier.root().equals(unb64(head.rootHash)))
        fail(`tree head ${head.treeSize} (${head.timestamp}): entries 0–${head.treeSize - 1} give root ${b64(frontier.root())}, not the signed ${head.rootHash}; ` +
          `an entry from ${lastGood} to ${head.treeSize - 1} was changed`);
      else lastGood = head.treeSize;
    }
  };
  checkHeadsUpTo(0);
  entries.forEach(({ leaf, leafHash: served, entry }, position) => {
    const parsed = JSON.parse(leaf);
    if (canonicalize(parsed) !== leaf) fail(`entry ${position}: its leaf is not in RFC 8785 canonical form`);
    if (entry !== undefined && canonicalize(entry) !== leaf) fail(`entry ${position}: "entry" and "leaf" differ`);
    if (parsed.index !== position) fail(`entry at position ${position} says index ${parsed.index}`);
    const hash = leafHash(leaf);
    if (served !== undefined && served !== b64(hash)) fail(`entry ${position}: leafHash ${served} is not SHA-256(0x00 ‖ leaf) = ${b64(hash)}`);
    leafHashes.push(hash);
    frontier.append(hash);
    checkHeadsUpTo(frontier.size);
  });
  for (; next < byIndex.length; next++) fail(`tree head ${byIndex[next].treeSize} covers more entries than the ${entries.length} there are`);
  if (heads.length === 0) fail("no signed tree head");
  ok(`${entries.length} entries and ${heads.length} signed tree heads audited`);
  return leafHashes;
}

async function fromApi(api, bearer, pinnedKey) {
  const get = async (path) => {
    const response = await fetch(api + path, { headers: bearer ? { Authorization: `Bearer ${bearer}` } : {} });
    if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
    return response.json();
  };
  const publicKey = pinnedKey ?? (await get("/log/public-key")).publicKey;
  if (!pinnedKey) console.log(`note the public key was fetched from the API, not pinned: ${publicKey}`);
  const heads = [];
  for (let since = 0; since !== null;) {
    const page = await get(`/log/tree-heads?since=${since}&limit=1000`);
    heads.push(...page.items);
    since = page.nextSince;
  }
  const latest = heads.at(-1);
  const entries = [];
  while (latest && entries.length < latest.treeSize) {
    const page = await get(`/log/entries?start=${entries.length}&end=${Math.min(entries.length + 1000, latest.treeSize)}`);
    entries.push(...page.entries);
  }
  entries.forEach((item, position) => { if (item.index !== position) fail(`the API served entry ${item.index} at position ${position}`); });
  const leafHashes = audit(entries, heads, publicKey);
  openingsHold(entries);
  if (!latest) return;

  // §5: one entry's inclusion in the latest head (the middle one), checked against the signed root.
  const index = Math.floor((latest.treeSize - 1) / 2);
  const inclusion = await get(`/log/proof/inclusion?index=${index}&treeSize=${latest.treeSize}`);
  if (inclusionHolds(index, latest.treeSize, leafHashes[index], inclusion.auditPath.map(unb64), unb64(latest.rootHash)))
    ok(`inclusion proof of entry ${index} in the tree head of size ${latest.treeSize}`);
  else fail(`inclusion proof of entry ${index} in the tree head of size ${latest.treeSize} does not hold`);

  // §6: the earliest head is a prefix of the latest.
  const earliest = heads[0];
  const consistency = await get(`/log/proof/consistency?first=${earliest.treeSize}&second=${latest.treeSize}`);
  if (consistencyHolds(earliest.treeSize, latest.treeSize, unb64(earliest.rootHash), unb64(latest.rootHash), consistency.proof.map(unb64)))
    ok(`consistency proof from the tree head of size ${earliest.treeSize} to size ${latest.treeSize}`);
  else fail(`consistency proof from size ${earliest.treeSize} to size ${latest.treeSize} does not hold`);
}

function fromExport(file, publicKey) {
  const entries = [], heads = [];
  for (const line of readFileSync(file, "utf8").split("\n")) {
    if (line === "") continue;
    const value = JSON.parse(line);
    if (value.treeHead) heads.push(value.treeHead);
    else entries.push({ leaf: line });
  }
  audit(entries, heads, publicKey);
}

try {
  if (args.api) await fromApi(args.api.replace(/\/$/, ""), args.key, args["public-key"]);
  else if (args.export && args["public-key"]) fromExport(args.export, args["public-key"]);
  else {
    console.error("usage: node verify.mjs --api <url> [--key <bearer>] [--public-key <base64>] | --export <file> --public-key <base64>");
    process.exit(2);
  }
} catch (error) {
  fail(error.message);
}
console.log(failures.length === 0 ? "verified" : `NOT verified: ${failures.length} failure(s)`);
process.exit(failures.length === 0 ? 0 : 1);
