import { BoundaryOpenError, PolicyViolationError, type TAgent } from "../../sdk/index.ts";
import type { TSimArgs } from "./args.ts";
import type { TNarrator } from "./narrator.ts";
import { seededRng, type TRng } from "./prng.ts";
import { provisionAgents } from "./provision.ts";
import { orderValidator, priceValidator, readFeed, remember, ROLE_NAMES, ROLES } from "./supply-chain-roles.ts";
import { waitForHalfOpen } from "./wait-approval.ts";
import { simWorld, type TSimWorld } from "./world.ts";

type TCast = { world: TSimWorld; a: TAgent; b: TAgent; c: TAgent; d: TAgent; rng: TRng; history: Map<string, number[]>; n: TNarrator };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One round: A reads the feed and tells B; B validates and recommends to C; C orders from D; D reconciles. */
async function round(cast: TCast, no: number, poisoned: boolean): Promise<void> {
  const { world, a, b, c, d, n } = cast;
  const quotes = readFeed(cast.rng, poisoned);
  const feed = [];
  for (const q of quotes) feed.push(await a.memory.write(`feed/${q.supplier}`, q, { derivedFrom: [] }));
  let toB;
  try {
    toB = await a.send([b.id], { round: no, quotes }, { parents: feed });
  } catch (err) {
    if (err instanceof BoundaryOpenError) return n.say(a.id, "holds its price update: the boundary to B is OPEN");
    throw err;
  }
  n.say(a.id, `→ B  prices ${quotes.map((q) => `${q.supplier} ${q.price}`).join(", ")}`);
  const atB = (await world.deliver(a, toB, () => [priceValidator(cast.history)])).get(b.id)!;
  if (!atB.accepted) return n.say(b.id, `✗ rejects ${toB.messageId.slice(0, 12)}…: ${atB.reasons.join("; ")}`);
  remember(cast.history, quotes);
  const pick = cast.rng.pick(quotes);
  const advice = { supplier: pick.supplier, price: pick.price, qty: cast.rng.int(10, 100) };
  const rec = await b.memory.write(`recommendation/${no}`, advice, { derivedFrom: [toB.messageId], chain: atB.message!.chain });
  const toC = await b.send([c.id], advice, { parents: [rec, toB.messageId], chain: atB.message!.chain });
  n.say(b.id, `✓ accepts; → C  buy ${advice.qty} from ${advice.supplier} at ${advice.price}`);
  const atC = (await world.deliver(b, toC, () => [orderValidator])).get(c.id)!;
  if (!atC.accepted) return n.say(c.id, `✗ rejects the recommendation: ${atC.reasons.join("; ")}`);
  const po = await c.memory.write(`po/${no}`, advice, { derivedFrom: [toC.messageId], chain: atC.message!.chain });
  const toD = await c.send([d.id], { po, ...advice }, { parents: [po, toC.messageId], chain: atC.message!.chain });
  n.say(c.id, `✓ purchase order ${po.slice(0, 12)}… (provenance ${atC.message!.chain.join(" → ")} → ${c.id}, feed records ${feed.length})`);
  const atD = (await world.deliver(c, toD, () => [])).get(d.id)!;
  if (!atD.accepted) return n.say(d.id, `✗ rejects the order: ${atD.reasons.join("; ")}`);
  await d.memory.write(`delivery/${no}`, { po, expected: advice.qty }, { derivedFrom: [toD.messageId], chain: atD.message!.chain });
  n.say(d.id, `✓ expects delivery of ${advice.qty} from ${advice.supplier} against ${po.slice(0, 12)}…`);
}

/** A tries to alert four agents at once: the fan-out cap (3) refuses the whole message. */
async function alertEveryone(cast: TCast): Promise<void> {
  const { a, b, c, d, n } = cast;
  n.say(a.id, `tries to alert ${[b.id, c.id, d.id, "inventory-planner"].join(", ")} at once`);
  try {
    await a.send([b.id, c.id, d.id, "inventory-planner"], { alert: "acme-metals prices collapsed" }, { parents: [] });
  } catch (err) {
    if (!(err instanceof PolicyViolationError)) throw err; // the onViolation hook narrates the refusal
  }
}

/** Sends rounds until the poisoned feed trips B's breaker on A (at most `max` rounds). */
async function untilTripped(cast: TCast, first: number, max: number, pace: number): Promise<number> {
  let no = first;
  while (no < first + max && cast.b.breaker(cast.a.id).state !== "OPEN") {
    await round(cast, no++, true);
    await sleep(pace);
  }
  return no;
}

/** Sends rounds until B's breaker on A leaves HALF_OPEN: the probe got through and was judged. */
async function probe(cast: TCast, first: number, poisoned: boolean, pace: number): Promise<number> {
  let no = first;
  for (const end = Date.now() + 120_000; cast.b.breaker(cast.a.id).state === "HALF_OPEN" && Date.now() < end; no++) {
    await round(cast, no, poisoned);
    await sleep(Math.max(pace, 1_000)); // A may still hold its updates briefly after learning the boundary was OPEN
  }
  return no;
}

/** One full story: healthy, poisoned, trip, review, failed probe, fixed feed, closed. Returns false if it stalled. */
async function story(cast: TCast, args: TSimArgs, stopped: () => boolean): Promise<boolean> {
  const { n, a, b } = cast;
  let no = 1;
  n.section("a healthy supplier feed");
  for (let i = 0; i < 3; i++, no++) {
    await round(cast, no, false);
    await sleep(args.paceMs);
  }
  n.section("the acme-metals feed is poisoned: prices 60 % low");
  await alertEveryone(cast);
  no = await untilTripped(cast, no, 6, args.paceMs);
  await a.flush();
  await b.flush();
  n.section("B's breaker on A → B tripped: a human must review it");
  if (!(await waitForHalfOpen(b, a.id, args.url, n, args.loop ? 0 : args.approvalTimeoutS, stopped))) return false;
  n.section("approved while the feed is still poisoned: B probes");
  no = await probe(cast, no, true, args.paceMs);
  n.section("the supplier fixes its feed; the boundary waits for a second approval");
  if (!(await waitForHalfOpen(b, a.id, args.url, n, args.loop ? 0 : args.approvalTimeoutS, stopped))) return false;
  no = await probe(cast, no, false, args.paceMs);
  n.section("back to normal");
  for (let i = 0; i < 2; i++, no++) {
    await round(cast, no, false);
    await sleep(args.paceMs);
  }
  return true;
}

/** npm run simulate -- --scenario supply-chain: the four agents and the poisoned price feed (the demo walk of README.md). */
export async function runSupplyChain(args: TSimArgs, n: TNarrator, stopped: () => boolean): Promise<void> {
  const ids = Object.values(ROLES);
  const ring = await provisionAgents(ids, (id) => ROLE_NAMES[id], args.keysDir);
  const world = simWorld(args.url, ring, n, args.keysDir ? { keysDir: args.keysDir } : {});
  const [a, b, c, d] = ids.map((id) => world.agent(id));
  for (const agent of [a, b, c, d]) await agent.refreshPolicy().catch(() => {});
  n.say("simulator", `supply-chain with seed ${args.seed}, reporting to ${args.url}; policy version ${a.policy.version}`);
  const cast: TCast = { world, a, b, c, d, rng: seededRng(args.seed), history: new Map(), n };
  try {
    do {
      if (!(await story(cast, args, stopped))) break;
      await Promise.all([a, b, c, d].map((x) => x.flush().catch(() => {})));
    } while (args.loop && !stopped());
  } finally {
    await world.close();
  }
}
