/**
 * Deterministic split of the task set by a hash of each task's text: about 40 % is held out. The held-out
 * part is only ever scored (in the relevance test and `npm run bench`); ranking is tuned on the tuning
 * part only. The split depends on nothing but the text, so adding a task never moves another.
 */
import { createHash } from "node:crypto";
import { TASKS, type Task } from "./tasks.js";

export function isHeldOut(t: Task): boolean {
  return createHash("sha256").update(t.query).digest()[0]! % 5 < 2;
}

export const TUNING: readonly Task[] = TASKS.filter((t) => !isHeldOut(t));
export const HELD_OUT: readonly Task[] = TASKS.filter(isHeldOut);
