import { describe, expect, it } from 'vitest';
import { addCorrectness, StreamChecker } from '../src/load/checker.js';

const ROOM = 'room-a';
const OTHER = 'room-b';

/** A checker following ROOM from `from`, that has been handed `seqs` in that order. */
function delivered(seqs: number[], from = 0): StreamChecker {
  const checker = new StreamChecker();
  checker.follow(ROOM, from);
  for (const seq of seqs) checker.deliver(ROOM, seq);
  return checker;
}

function finals(final: number, room = ROOM): Map<string, number> {
  return new Map([[room, final]]);
}

describe('StreamChecker', () => {
  it('counts in-order deliveries as delivered, with nothing lost, duplicated or reordered', () => {
    const checker = delivered([1, 2, 3, 4, 5]);

    expect(checker.check(finals(5))).toEqual({ expected: 5, delivered: 5, lost: 0, duplicated: 0, reordered: 0 });
  });

  it('counts a missing seq in the middle as lost against the final seq', () => {
    const checker = delivered([1, 2, 4, 5]);

    expect(checker.check(finals(5))).toEqual({ expected: 5, delivered: 4, lost: 1, duplicated: 0, reordered: 0 });
  });

  it('counts messages after the last delivery up to the final seq as lost', () => {
    const checker = delivered([1, 2, 3]);

    expect(checker.check(finals(6))).toEqual({ expected: 6, delivered: 3, lost: 3, duplicated: 0, reordered: 0 });
  });

  it('counts a repeat of a seq inside the unbroken run as duplicated, not as a second delivery held', () => {
    const checker = delivered([1, 2, 2, 3]);

    expect(checker.check(finals(3))).toEqual({ expected: 3, delivered: 4, lost: 0, duplicated: 1, reordered: 0 });
  });

  it('counts a repeat of a seq that arrived ahead of a gap as duplicated', () => {
    const checker = delivered([1, 3, 3]);

    expect(checker.check(finals(3))).toEqual({ expected: 3, delivered: 3, lost: 1, duplicated: 1, reordered: 0 });
  });

  it('counts an arrival below a seq already seen as reordered, and not lost once the gap fills', () => {
    const checker = delivered([1, 3, 4, 2, 5]);

    expect(checker.check(finals(5))).toEqual({ expected: 5, delivered: 5, lost: 0, duplicated: 0, reordered: 1 });
    expect(checker.resumePoint(ROOM)).toBe(5);
  });

  it('does not count seqs held past a gap and above the final seq as held', () => {
    const checker = delivered([1, 2, 4, 9]);

    expect(checker.check(finals(4))).toMatchObject({ expected: 4, lost: 1 });
  });

  it('does not count an unbroken run past the final seq as more than was expected', () => {
    const checker = delivered([1, 2, 3, 4]);

    expect(checker.check(finals(3))).toMatchObject({ expected: 3, delivered: 3, lost: 0 });
  });

  it('takes the highest seq seen as final when the room has no final seq', () => {
    const checker = delivered([1, 3]);

    expect(checker.check(new Map())).toMatchObject({ expected: 3, lost: 1 });
  });

  it('ignores deliveries at or below the seq the client started following from', () => {
    const checker = delivered([2, 5, 6, 7], 5);

    expect(checker.check(finals(7))).toEqual({ expected: 2, delivered: 2, lost: 0, duplicated: 0, reordered: 0 });
    expect(checker.resumePoint(ROOM)).toBe(7);
  });

  it('ignores deliveries for a room it does not follow', () => {
    const checker = delivered([1]);
    checker.deliver(OTHER, 1);

    expect(checker.check(new Map([[ROOM, 1], [OTHER, 1]]))).toEqual({ expected: 1, delivered: 1, lost: 0, duplicated: 0, reordered: 0 });
    expect(checker.resumePoint(OTHER)).toBeUndefined();
  });

  it('continues the stream when a room is followed again (a resume), keeping what was held', () => {
    const checker = delivered([1, 2]);
    checker.follow(ROOM, 10);
    checker.deliver(ROOM, 3);

    expect(checker.check(finals(3))).toEqual({ expected: 3, delivered: 3, lost: 0, duplicated: 0, reordered: 0 });
    expect(checker.resumePoint(ROOM)).toBe(3);
  });

  it('starts the stream over on restart: what was missed before the new start is not expected', () => {
    const checker = delivered([1, 1, 3]);
    checker.restart(ROOM, 10);
    checker.deliver(ROOM, 11);

    expect(checker.check(finals(11))).toEqual({ expected: 1, delivered: 1, lost: 0, duplicated: 0, reordered: 0 });
    expect(checker.resumePoint(ROOM)).toBe(11);
  });

  it('reports the end of the unbroken run as the resume point, not the highest seq held', () => {
    const checker = delivered([1, 2, 4, 5]);
    expect(checker.resumePoint(ROOM)).toBe(2);

    checker.deliver(ROOM, 3);
    expect(checker.resumePoint(ROOM)).toBe(5);
  });

  it('reports the start seq as the resume point before anything arrived', () => {
    expect(delivered([], 7).resumePoint(ROOM)).toBe(7);
  });

  it('counts the rooms whose unbroken run is short of their target', () => {
    const checker = delivered([1, 2, 4]);
    checker.follow(OTHER, 0);
    checker.deliver(OTHER, 1);
    checker.follow('room-c', 0);

    // ROOM holds 1-2 (4 is past a gap), OTHER holds 1, room-c holds nothing and has no target.
    expect(checker.behind(new Map([[ROOM, 2], [OTHER, 1]]))).toBe(0);
    expect(checker.behind(new Map([[ROOM, 3], [OTHER, 1]]))).toBe(1);
    expect(checker.behind(new Map([[ROOM, 4], [OTHER, 2]]))).toBe(2);
    expect(checker.behind(new Map([[ROOM, 4], [OTHER, 2], ['room-c', 1]]))).toBe(3);
  });

  it('adds up every followed room in one check', () => {
    const checker = delivered([1, 3]);
    checker.follow(OTHER, 0);
    for (const seq of [2, 1, 1]) checker.deliver(OTHER, seq);

    expect(checker.check(new Map([[ROOM, 3], [OTHER, 2]]))).toEqual({ expected: 5, delivered: 5, lost: 1, duplicated: 1, reordered: 1 });
  });
});

describe('addCorrectness', () => {
  it('adds every counter', () => {
    const a = { expected: 10, delivered: 9, lost: 2, duplicated: 1, reordered: 3 };
    const b = { expected: 5, delivered: 4, lost: 1, duplicated: 0, reordered: 7 };

    expect(addCorrectness(a, b)).toEqual({ expected: 15, delivered: 13, lost: 3, duplicated: 1, reordered: 10 });
  });
});
