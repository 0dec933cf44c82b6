// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fileSize } from './format';

describe('fileSize', () => {
  it.each([
    [10 * 1024 * 1024, 'en', { size: '10', unit: 'megabytes' }],
    [100 * 1024 * 1024, 'zh-CN', { size: '100', unit: 'megabytes' }],
    [1.5 * 1024 * 1024, 'en', { size: '1.5', unit: 'megabytes' }],
    [2048 * 1024 * 1024, 'en', { size: '2', unit: 'gigabytes' }],
    [1536 * 1024 * 1024, 'en', { size: '1,536', unit: 'megabytes' }],
    [1024, 'en', { size: '0.00098', unit: 'megabytes' }],
  ] as const)('%i bytes in %s', (bytes, language, expected) => {
    expect(fileSize(bytes, language)).toEqual(expected);
  });
});
