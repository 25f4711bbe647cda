// @vitest-environment jsdom
import { act, renderHook } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from './api/api-error.js';
import { useAction, useSubmit } from './use-submit.js';

describe('useSubmit', () => {
  it('is busy while the action runs, resolves to its result, and clears the last error', async () => {
    const { result } = renderHook(() => useSubmit());
    let release!: (v: string) => void;
    let answer: Promise<string | undefined>;
    act(() => {
      answer = result.current.run(() => new Promise<string>((r) => (release = r)));
    });
    expect(result.current.busy).toBe(true);
    await act(async () => release('done'));
    await expect(answer!).resolves.toBe('done');
    expect(result.current.busy).toBe(false);
    expect(result.current.error).toBeNull();
  });

  it('keeps a thrown error and resolves to undefined', async () => {
    const { result } = renderHook(() => useSubmit());
    const failure = new Error('refused');
    let answer: unknown = 'unset';
    await act(async () => {
      answer = await result.current.run(() => Promise.reject(failure));
    });
    expect(answer).toBeUndefined();
    expect(result.current.error).toBe(failure);
    await act(async () => void (await result.current.run(async () => 1)));
    expect(result.current.error).toBeNull();
  });
});

describe('useAction', () => {
  it('calls onDone after a success only', async () => {
    const onDone = vi.fn();
    const { result } = renderHook(() => useAction(onDone));
    await act(async () => void (await result.current.run(() => Promise.reject(new Error('no')))));
    expect(onDone).not.toHaveBeenCalled();
    await act(async () => void (await result.current.run(async () => {})));
    expect(onDone).toHaveBeenCalledOnce();
  });

  it('reloads after a 409 too (the grant moved on in another tab), and still shows the error', async () => {
    const onDone = vi.fn();
    const { result } = renderHook(() => useAction(onDone));
    const conflict = new ApiError(409, 'grant_already_open', 'You already have an open grant');
    await act(async () => void (await result.current.run(() => Promise.reject(conflict))));
    expect(onDone).toHaveBeenCalledOnce();
    expect(result.current.error).toBe(conflict);
  });
});
