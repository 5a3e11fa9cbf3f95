import { describe, expect, it } from 'vitest';
import { LADDER_STEPS, type LadderStepName } from '../../../shared/domain/connection-test.ts';
import { failingStep, ladderAdvice } from '../../../shared/domain/ladder-advice.ts';
import { ERROR_CODES, type ErrorCode, type Setting } from '../../../shared/errors.ts';

const upTo = (step: LadderStepName) => new Set(LADDER_STEPS.slice(0, LADDER_STEPS.indexOf(step)));

describe('failingStep', () => {
  it.each([
    ['HOST_NOT_FOUND', upTo('resolve'), [], 'resolve'],
    ['CONNECTION_REFUSED', upTo('tcp'), [], 'tcp'],
    ['TIMEOUT', upTo('resolve'), [], 'tcp'],
    // After TCP, a timeout is the step in progress: a proxy that never answers CONNECT.
    ['TIMEOUT', upTo('proxy-auth'), [], 'proxy-auth'],
    ['PROXY_AUTH_REQUIRED', upTo('proxy-auth'), [], 'proxy-auth'],
    ['PROXY_AUTH_FAILED', upTo('proxy-auth'), [], 'proxy-auth'],
    ['PROXY_CONNECT_FAILED', upTo('proxy-auth'), [], 'tunnel'],
    ['TLS_UNTRUSTED', upTo('tls'), [], 'tls'],
    ['TLS_PIN_MISMATCH', upTo('tls'), [], 'tls'],
    ['AUTH_FAILED', upTo('winrm-auth'), [], 'winrm-auth'],
    ['AFFINITY_LOST', upTo('winrm-auth'), [], 'winrm-auth'],
    // Sealing is proven by the first protected reply, so the encryption step is still open when it fails.
    ['INTEGRITY_FAILED', upTo('encryption'), [], 'encryption'],
    ['WSMAN_FAULT', upTo('shell-create'), [], 'shell-create'],
    // A CA file that does not parse is refused before anything is sent: it is the TLS step's.
    ['INVALID_ARGUMENT', upTo('resolve'), ['caFile'], 'tls'],
    ['INVALID_ARGUMENT', upTo('resolve'), ['proxyCredential'], 'proxy-auth'],
  ] as Array<[ErrorCode, Set<LadderStepName>, Setting[], LadderStepName]>)('%s after %o is the step %s', (code, decided, settings, expected) => {
    expect(failingStep(code, decided, settings)).toBe(expected);
  });
});

describe('ladderAdvice', () => {
  it('has words an admin acts on for every code, naming the setting to change where there is one', () => {
    for (const code of ERROR_CODES) expect(ladderAdvice(code).length).toBeGreaterThan(20);
    expect(ladderAdvice('AUTH_FAILED')).toMatch(/credential linked to this host/);
    expect(ladderAdvice('AFFINITY_LOST')).toMatch(/HTTPS \(port 5986\) or tunnel HTTP through CONNECT/);
    expect(ladderAdvice('TLS_UNTRUSTED')).toMatch(/CA file.*SHA-256/);
  });
});
