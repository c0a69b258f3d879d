import { lookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { Injectable } from '@nestjs/common';
import { ServerConfig } from '../config/server-config.js';
import { ForbiddenAddressError, guardedLookup, hostOf, isForbiddenAddress } from './address-policy.js';
import { webhookSignature } from './webhook-signature.js';

/** What is read of a receiver's answer before hanging up: its status decides, its body is not needed. */
const MAX_ANSWER_BYTES = 4096;

/** A URL that cannot be a webhook's: the sentence says why. */
export class UnacceptableUrlError extends Error {}

/** What one attempt came to. `interrupted`: the server stopped it (shutting down); it says nothing about the receiver. */
export type SendOutcome =
  { delivered: true; statusCode: number } | { delivered: false; interrupted: boolean; statusCode: number | null; error: string };

export interface Outgoing {
  /** The delivery's id: X-Webhook-Id, for receivers to dedupe on. */
  id: string;
  eventType: string;
  url: string;
  secret: string;
  body: string;
}

class AttemptTimeout extends Error {}

/**
 * POSTs signed events. Unless WEBHOOK_ALLOW_PRIVATE, URLs whose host is or resolves to a
 * loopback, link-local or private address are refused when they are registered and again when
 * each attempt connects (the address actually connected to is checked, see guardedLookup).
 * Redirects are not followed; every attempt has WEBHOOK_TIMEOUT_SECONDS for all of it.
 */
@Injectable()
export class WebhookSender {
  constructor(private readonly config: ServerConfig) {}

  /** The URL as it will be called (normalized); UnacceptableUrlError when it may not be a webhook's. */
  async acceptable(raw: string): Promise<string> {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new UnacceptableUrlError('the URL is not valid: give an absolute http:// or https:// URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new UnacceptableUrlError(`the URL must start with http:// or https:// (not ${url.protocol}//)`);
    }
    if (this.config.webhookAllowPrivate) return url.href;
    const host = hostOf(url);
    let addresses: string[];
    try {
      addresses = isIP(host) ? [host] : (await lookup(host, { all: true })).map((entry) => entry.address);
    } catch {
      throw new UnacceptableUrlError(`the URL's host name "${host}" does not resolve`);
    }
    if (addresses.some(isForbiddenAddress)) {
      throw new UnacceptableUrlError(
        "the URL's host is a loopback, link-local or private address; only public addresses are allowed " +
          '(an administrator may allow private ones with WEBHOOK_ALLOW_PRIVATE=true)',
      );
    }
    return url.href;
  }

  /** One attempt: POSTs the body, signed now, and reports what came of it. `signal` aborts it. */
  send(outgoing: Outgoing, signal: AbortSignal): Promise<SendOutcome> {
    const url = URL.parse(outgoing.url);
    if (!url) return Promise.resolve(this.failure(new UnacceptableUrlError('the URL is not valid')));
    const guarded = !this.config.webhookAllowPrivate;
    // A literal address is connected to without a lookup: check it here.
    if (guarded && isIP(hostOf(url)) && isForbiddenAddress(hostOf(url))) {
      return Promise.resolve(this.failure(new ForbiddenAddressError()));
    }
    const timeoutMs = this.config.webhookTimeoutSeconds * 1000;
    return new Promise((resolve) => {
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(outgoing.body),
          'User-Agent': 'whisper-summarizer-webhooks/1',
          'X-Webhook-Id': outgoing.id,
          'X-Webhook-Event': outgoing.eventType,
          'X-Webhook-Signature': webhookSignature(outgoing.secret, outgoing.body, Math.floor(Date.now() / 1000)),
        },
        // A fresh connection per attempt, so every attempt's address goes through the check.
        agent: false,
        lookup: guarded ? guardedLookup : undefined,
        signal,
      });
      // Also bounds the reading of an answer that never ends; cleared once the connection is gone.
      const timer = setTimeout(() => request.destroy(new AttemptTimeout()), timeoutMs);
      request.on('close', () => clearTimeout(timer));
      request.on('response', (answer) => {
        const statusCode = answer.statusCode ?? 0;
        resolve(
          statusCode >= 200 && statusCode < 300
            ? { delivered: true, statusCode }
            : { delivered: false, interrupted: false, statusCode, error: `the receiver answered ${statusCode}` },
        );
        // Let the receiver finish a short answer, then hang up.
        let read = 0;
        answer.on('data', (chunk: Buffer) => {
          read += chunk.length;
          if (read > MAX_ANSWER_BYTES) answer.destroy();
        });
        answer.on('error', () => undefined);
      });
      request.on('error', (error) => resolve(this.failure(error)));
      request.end(outgoing.body);
    });
  }

  /** A short reason for the owner to read: about the receiver, never about this server's insides. */
  private failure(error: Error): SendOutcome {
    const failed = (reason: string) => ({ delivered: false as const, interrupted: false, statusCode: null, error: reason });
    if (error.name === 'AbortError') return { ...failed('interrupted: the server stopped'), interrupted: true };
    if (error instanceof AttemptTimeout) return failed(`no answer within ${this.config.webhookTimeoutSeconds} s`);
    if (error instanceof ForbiddenAddressError || error instanceof UnacceptableUrlError) return failed(error.message);
    const code = (error as NodeJS.ErrnoException).code ?? '';
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return failed('the host name does not resolve');
    if (code === 'ECONNREFUSED') return failed('the connection was refused');
    if (code === 'ECONNRESET' || code === 'EPIPE') return failed('the connection was reset');
    if (code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return failed('the host is unreachable');
    if (/CERT|TLS|SSL/.test(code)) return failed('the TLS handshake failed');
    return failed('the request failed');
  }
}
