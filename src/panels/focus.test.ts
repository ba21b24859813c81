import { describe, expect, it } from 'vitest';
import { firstFocusable, focusWasLost, neighbourAfterRemoval } from './focus';

describe('focus after removing an item', () => {
  it('goes to the next item, else the previous, else nowhere (the caller\'s stable element)', () => {
    expect(neighbourAfterRemoval(['a', 'b', 'c'], 'b')).toBe('c');
    expect(neighbourAfterRemoval(['a', 'b', 'c'], 'a')).toBe('b');
    expect(neighbourAfterRemoval(['a', 'b', 'c'], 'c')).toBe('b');
    expect(neighbourAfterRemoval(['a'], 'a')).toBeNull();
    expect(neighbourAfterRemoval(['a'], 'x')).toBeNull();
    expect(neighbourAfterRemoval([0, 1], 1)).toBe(0);
  });

  it('a stable control: the first one mounted and enabled', () => {
    const add = { name: 'add', disabled: true, isConnected: true };
    const undo = { name: 'undo', disabled: false, isConnected: false };
    const made = { name: 'new', disabled: false, isConnected: true };
    expect(firstFocusable([null, add, undo, made])?.name).toBe('new');
    expect(firstFocusable([{ ...add, disabled: false }, made])?.name).toBe('add');
    expect(firstFocusable([add])).toBeNull();
  });

  it('focus is lost when on nothing, on <body>, or on a control removed or disabled since', () => {
    const body = {};
    expect(focusWasLost(null, body)).toBe(true);
    expect(focusWasLost(body, body)).toBe(true);
    expect(focusWasLost({ isConnected: false }, body)).toBe(true);
    expect(focusWasLost({ isConnected: true, disabled: true }, body)).toBe(true);
    expect(focusWasLost({ isConnected: true, disabled: false }, body)).toBe(false);
    expect(focusWasLost({ isConnected: true }, body)).toBe(false);
  });
});
