import type { CertificateInfo } from '../../shared/domain/connection-test.ts';

/**
 * One step of reaching a host, as the connection-test ladder and the tab's badge show it: each stage
 * reports when it succeeded (failures arrive as the coded error that ends the attempt). Two stages are
 * facts seen on the way, reported before anything is decided on them, so a failure can still show
 * them: `certificate` (what the server presented, before it is judged) and `challenge` (the schemes a
 * 401 or 407 offered).
 */
export const HOP_STAGES = ['dns', 'tcp', 'challenge', 'proxy-auth', 'connect', 'certificate', 'tls', 'winrm-auth', 'encryption', 'shell'] as const;
export type HopStage = (typeof HOP_STAGES)[number];

export interface HopEvent {
  readonly stage: HopStage;
  /** What happened, for a person: "127.0.0.1:3128", "Basic accepted", "NTLM sealing". */
  readonly detail: string;
  /** How long the stage took, where it has a start. */
  readonly durationMs?: number;
  /** The server certificate's SHA-256 (colon-separated hex), with the `tls` stage. */
  readonly certificateSha256?: string;
  /** With `certificate`: the server's certificate as presented, trusted or not. */
  readonly certificate?: CertificateInfo;
  /**
   * With `certificate` and `tls`: the handshake resumed an earlier TLS session, so the certificate is
   * the one that session's first handshake verified (the server sends none on resumption).
   */
  readonly resumed?: boolean;
  /** With `challenge`: who asked (the WinRM server's 401 or a proxy's 407) and the scheme names offered. */
  readonly challenger?: 'server' | 'proxy';
  readonly offeredSchemes?: readonly string[];
  /** The mechanism that authenticated, with the `winrm-auth` stage. */
  readonly mechanism?: 'basic' | 'ntlm' | 'kerberos';
  /** With `encryption`: whether WinRM messages are sealed on top of the transport. */
  readonly sealed?: boolean;
}

export type HopListener = (hop: HopEvent) => void;
