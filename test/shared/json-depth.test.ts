import { describe, expect, it } from 'vitest';
import { JsonTooDeepError, nestsDeeperThan, parseJsonWithin } from '../../shared/json-depth.ts';

describe('JSON nesting cap', () => {
  it('counts arrays and objects alike, up to and beyond the cap', () => {
    expect(nestsDeeperThan('[{"a":[1]}]', 3)).toBe(false);
    expect(nestsDeeperThan('[{"a":[[1]]}]', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":{"c":{}}}}', 4)).toBe(false);
    expect(nestsDeeperThan('{"a":{"b":{"c":{}}}}', 3)).toBe(true);
  });

  it('counts depth, not the number of brackets: siblings do not add up', () => {
    expect(nestsDeeperThan(`[${'[],'.repeat(10_000)}[]]`, 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(nestsDeeperThan(JSON.stringify({ a: '[[[[{{{{', b: 'say \\"[[[[\\" and "]]]]"' }), 1)).toBe(false);
    expect(nestsDeeperThan('["\\\\", [[1]]]', 2)).toBe(true);
  });

  it('parses what is within the cap exactly as JSON.parse does', () => {
    const text = JSON.stringify({ hosts: [{ name: 'web01', tags: ['a', 'b'] }], n: 1.5, t: true, z: null });
    // Four levels: the object, hosts, a host, its tags.
    expect(parseJsonWithin(text, 4)).toEqual(JSON.parse(text));
    expect(() => parseJsonWithin(text, 3)).toThrow(JsonTooDeepError);
  });

  it('refuses half a million opened brackets with a SyntaxError naming the cap', () => {
    const deep = `{"Proxy":${'['.repeat(500_000)}`;
    expect(() => parseJsonWithin(deep, 8)).toThrow(JsonTooDeepError);
    expect(() => parseJsonWithin(deep, 8)).toThrow(SyntaxError);
    expect(() => parseJsonWithin(deep, 8)).toThrow('JSON nested deeper than 8 levels');
  });

  it('leaves malformed text within the cap to JSON.parse', () => {
    expect(() => parseJsonWithin('{"a":', 8)).toThrow(SyntaxError);
    expect(() => parseJsonWithin('{"a":', 8)).not.toThrow(JsonTooDeepError);
  });
});
