import type { StoredRecord } from './table.js';

/** A transition due at a simulated time (`ec2.instance-running` for `i-0abc…` at t). */
export interface TimerRecord extends StoredRecord {
  readonly at: number;
  readonly kind: string;
  readonly region: string;
  readonly target: string;
  readonly payload?: Record<string, unknown>;
  /** Orders timers due at the same instant by when they were set. */
  readonly sequence: number;
}

/** A min-heap of timers by due time, then by sequence. */
export class TimerQueue {
  private heap: TimerRecord[] = [];

  get size(): number {
    return this.heap.length;
  }

  push(timer: TimerRecord): void {
    const heap = this.heap;
    heap.push(timer);
    let index = heap.length - 1;
    while (index > 0) {
      const parent = (index - 1) >> 1;
      if (!before(heap[index]!, heap[parent]!)) break;
      [heap[index], heap[parent]] = [heap[parent]!, heap[index]!];
      index = parent;
    }
  }

  /** The earliest timer, without removing it. */
  peek(): TimerRecord | undefined {
    return this.heap[0];
  }

  pop(): TimerRecord | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      let index = 0;
      for (;;) {
        const left = index * 2 + 1;
        const right = left + 1;
        let smallest = index;
        if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
        if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
        if (smallest === index) break;
        [heap[index], heap[smallest]] = [heap[smallest]!, heap[index]!];
        index = smallest;
      }
    }
    return top;
  }

  clear(): void {
    this.heap = [];
  }
}

function before(a: TimerRecord, b: TimerRecord): boolean {
  return a.at < b.at || (a.at === b.at && a.sequence < b.sequence);
}
