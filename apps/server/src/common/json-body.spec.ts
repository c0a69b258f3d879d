import { BadRequestException } from '@nestjs/common';
import { assertJsonDepth } from './json-body.js';

describe('assertJsonDepth', () => {
  const nested = (levels: number): unknown => (levels === 0 ? 1 : [nested(levels - 1)]);

  it('accepts bodies up to the limit, arrays and objects alike', () => {
    expect(() => assertJsonDepth(nested(7))).not.toThrow(); // 7 arrays deep
    expect(() => assertJsonDepth({ a: { b: { c: [1, 2, { d: 'e' }] } } })).not.toThrow();
    expect(() => assertJsonDepth('plain')).not.toThrow();
    expect(() => assertJsonDepth(null)).not.toThrow();
  });

  it('refuses one level more, and a very deep body without overflowing the stack', () => {
    expect(() => assertJsonDepth(nested(9))).toThrow(BadRequestException);
    expect(() => assertJsonDepth({ a: { b: { c: { d: { e: { f: { g: { h: { i: 1 } } } } } } } } })).toThrow(
      /deeper than 8 levels/,
    );
    expect(() => assertJsonDepth(JSON.parse('['.repeat(100_000) + ']'.repeat(100_000)))).toThrow(BadRequestException);
  });
});
