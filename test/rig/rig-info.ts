/** What `rig.py run` prints once every component answers (also written to `<dir>/rig.json`). */
export interface RigInfo {
  readonly dir: string;
  /** Debian's interpreter: the one with python3-gssapi and pywinrm. */
  readonly python: string;
  readonly supervisorPid: number;
  readonly pids: Readonly<Record<string, number>>;
  readonly startupMs: number;
  readonly krb5: {
    readonly realm: string;
    readonly kdcPort: number;
    /** Pass as KRB5_CONFIG to any Kerberos client. */
    readonly krb5Conf: string;
    readonly user: string;
    readonly password: string;
    readonly principal: string;
    /** A second user (`bob`) with its own password: the WinRM server accepts tickets of both. */
    readonly secondUser: string;
    readonly secondPassword: string;
    readonly secondPrincipal: string;
    readonly spnHost: string;
  };
  readonly squid: {
    readonly openPort: number;
    /** Basic, Digest (same user and password as Basic) and Negotiate proxy auth; address it as `localhost` for Negotiate (SPN HTTP/localhost). */
    readonly authPort: number;
    /** `connection-auth=off`: strips NTLM/Negotiate challenges. */
    readonly noConnAuthPort: number;
    readonly basicUser: string;
    readonly basicPassword: string;
    readonly spn: string;
    readonly accessLog: string;
    readonly cacheLog: string;
  };
  readonly tinyproxy: { readonly port: number; readonly log: string };
  readonly ca: { readonly certPath: string; readonly serverCertPath: string };
  readonly winrm: {
    readonly host: '127.0.0.1';
    /** The SPN host (HTTP/winrm.test.local); connect to `host`, authenticate to this. */
    readonly spnHost: 'winrm.test.local';
    readonly httpPort: number;
    readonly httpsPort: number;
    readonly controlPort: number;
    readonly basicUser: string;
    readonly basicPassword: string;
    readonly ntlmUser: string;
    readonly ntlmDomain: string;
    readonly ntlmPassword: string;
    readonly allowUnencrypted: boolean;
    readonly log: string;
    /** A CONNECT proxy (in the server process) that requires NTLM proxy auth as TEST\\ntlmuser, checked by gss-ntlmssp. */
    readonly ntlmProxyPort: number;
  };
}

/** GET /counters of the test WinRM server's control port. */
export interface WinrmCounters {
  readonly connectionsAccepted: number;
  readonly connectionsOpen: number;
  readonly handshakes: { readonly ntlm: number; readonly kerberos: number };
  readonly handshakesByScheme: { readonly Negotiate: number; readonly Kerberos: number };
  readonly handshakeFailures: number;
  /** Handshakes whose channel bindings MIT verified against the server's certificate (HTTPS). */
  readonly channelBoundHandshakes: number;
  /** HTTPS connections whose TLS handshake resumed a session the client offered (the server's own view). */
  readonly tlsResumed: number;
  /** Handshakes refused because the client's channel bindings did not match. */
  readonly badChannelBindings: number;
  readonly basicAuthenticated: number;
  readonly requests: number;
  /** CPU seconds of the server process since the last reset, the commands it ran and reaped included. */
  readonly cpuSec: number;
  readonly unauthorized: number;
  readonly decryptFailures: number;
  readonly encryptedRequests: number;
  readonly plaintextRequests: number;
  readonly rejectedUnencrypted: number;
  readonly shellsCreated: number;
  readonly shellsDeleted: number;
  readonly shellsOpen: number;
  readonly commandsStarted: number;
  readonly receiveTimeouts: number;
  /** WSManFault codes sent, by code. */
  readonly faults: Readonly<Record<string, number>>;
  readonly closedByFault: number;
  readonly tamperedResponses: number;
  /** Encrypted responses sent with a first part of line feeds only (lineFeedDescriptionNextResponse). */
  readonly lineFeedDescriptions: number;
  readonly ntlmProxyTunnels: number;
  readonly ntlmProxyDenied: number;
  /** Tunnels of the NTLM proxy cut by POST /drop-tunnels. */
  readonly ntlmProxyTunnelsDropped: number;
  /** Connections shut down by POST /drop. */
  readonly connectionsDropped: number;
  /** Shells discarded by POST /forget-shells (which also sets shellsOpen to 0). */
  readonly shellsForgotten: number;
  readonly connections: readonly {
    readonly id: number;
    readonly tls: boolean;
    readonly peerPort: number;
    readonly requests: number;
    readonly handshakes: number;
    readonly open: boolean;
    /**
     * Who authenticated on this connection, null until someone did: the GSSAPI initiator name
     * (`alice@TEST.LOCAL`, `TEST\ntlmuser`) or the Basic user. The latest handshake wins.
     */
    readonly principal: string | null;
  }[];
  readonly activeFaults: WinrmFaults;
}

/** POST /drop: every open WinRM connection shut down at once. */
export interface WinrmDropResult {
  readonly dropped: number;
}

/**
 * POST /drop-tunnels: which of the NTLM proxy's tunnels to cut. `busy`: its last bytes went to the
 * server (a request waiting for its answer, e.g. a Receive long-poll); `idle`: its last bytes went to
 * the client and nothing moved for `quietMs` (default 200); an answer still streaming is neither.
 */
export interface WinrmDropTunnels {
  readonly which: 'all' | 'idle' | 'busy';
  readonly quietMs?: number;
}

export interface WinrmDropTunnelsResult {
  readonly dropped: number;
  /** Tunnels still open afterwards. */
  readonly open: number;
}

/** POST /forget-shells: every shell dropped (processes killed) as a service restart would. */
export interface WinrmForgetShellsResult {
  readonly forgotten: number;
}

/** POST /faults: merged into the active set; `null` or `false` clears one. POST /reset clears all. */
export interface WinrmFaults {
  /** Close each connection after it has carried this many requests (the last one is answered). */
  readonly closeAfterRequests?: number | null;
  /** Idle keep-alive timeout; the default is 120 s like HTTP.sys. */
  readonly idleTimeoutSeconds?: number | null;
  /** One-shot: corrupt the next encrypted response's ciphertext. */
  readonly tamperNextEncryptedResponse?: boolean | null;
  /** One-shot: the next encrypted response's first part (its description) is this many line feeds and nothing else. */
  readonly lineFeedDescriptionNextResponse?: number | null;
  /** One-shot: answer the next encrypted request with a plain SOAP 200. */
  readonly plaintextNextResponse?: boolean | null;
  /** One-shot: answer the next encrypted request with the connection's previous sealed reply (a replay). */
  readonly replayNextEncryptedResponse?: boolean | null;
  /** One-shot: seal the next answer with a RelatesTo naming another MessageID. */
  readonly otherRelatesToNextResponse?: boolean | null;
  /** Delay every Receive by this many milliseconds. */
  readonly slowReceiveMs?: number | null;
  /** The one-shot reply faults hit only the reply to this operation ("Receive", "Send", …). */
  readonly oneShotFaultsOnlyOn?: string | null;
}

declare module 'vitest' {
  export interface ProvidedContext {
    rig: RigInfo;
  }
}
