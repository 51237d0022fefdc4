/**
 * The sender of a webhook burst, in a process of its own so that its timings are not held up by the
 * fake GitHub that the reviews keep busy in the test's process (GitHub's sender is not loaded by it).
 * Reads `{ url, events, senders }` as JSON on stdin, posts every event signed with `senders` in flight
 * at once, and writes `{ times, statuses }` as JSON on stdout.
 */
import { deliver, type Delivery } from './processes.js';

interface Order {
  readonly url: string;
  readonly events: Delivery[];
  readonly senders: number;
}

const chunks: Buffer[] = [];
for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
const { url, events, senders } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Order;
const times: number[] = [];
const statuses: number[] = [];
let next = 0;
await Promise.all(
  Array.from({ length: senders }, async () => {
    while (next < events.length) {
      const { status, ms } = await deliver(url, events[next++]!);
      statuses.push(status);
      times.push(ms);
    }
  }),
);
process.stdout.write(JSON.stringify({ times, statuses }));
